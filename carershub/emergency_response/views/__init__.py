"""Pages of the emergency response app, one module per step of a plan's life.

- `plans`: contingency plans and their emergency contacts (practitioners), and the carer's copies.
- `cards`: reissuing and printing a card; the emergency line's card lookup; managers lifting a paused lookup.
- `activations`: the responder's screen for an activation, and closing it.
- `notifications`: sending a failed message to an emergency contact again.
- `common`: what the pages share.
"""
