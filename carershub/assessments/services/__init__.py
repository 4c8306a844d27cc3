"""Services for assessments: every change goes through a function here, one module per step of the lifecycle.

- `starting`: starting an assessment (and one from a transition assessment at 18); the row lock later steps take.
- `sections`: saving sections as a draft or completed, refusing stale edits.
- `determination`: recording the determination, and taking a stale one out of force.
- `sign_off`: sending for sign-off, signing off, returning for changes.
- `closing`: the carer refusing the assessment; declining a request for a transition assessment.
- `safety_alerts`: PANOC-YC20 safety alerts raised and acknowledged; `safety_alert_notice` emails the team.
- `whole_family`: young carers' referrals for the children the whole-family section finds providing care.
- `reviews`: reviews of assessments, and reminders of those falling due.
- `transition_prompts`: the transition decisions as young carers near 18.
- `self_assessment`: the carer's secure link for a supported self-assessment.
- `errors`: what the services refuse with.
"""
