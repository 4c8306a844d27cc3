"""Every change to contingency plans, emergency cards and activations, one module per step of their life. Each
writes its audit record (and the carer's timeline line, where it belongs there) in the same transaction; views of
the plan through the emergency line are recorded with the responder's reason ("break the glass"). Key safe details
are never written to the audit trail, the timeline or a log.

- `common`: what every step shares (the refusals, locking a plan).
- `plans`: plans and their emergency contacts; agreeing (confirming) and withdrawing a plan.
- `cards`: emergency cards and the lookups of their numbers, with the pause after repeated failures.
- `activations`: the emergency line opening a plan ("break the glass"), the calls, and closing.
- `reviews`: plans past their review date, and the reminders to practitioners.
- `notifications`: messages to emergency contacts through GOV.UK Notify, and the line's Notify settings.
"""
