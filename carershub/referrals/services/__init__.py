"""Referral intake, routing and decisions: one pathway whoever meets the carer first. One module per step:

- submission: what a referral says (ReferralSubmission) and the checks it must pass before anything is saved
- making: making a referral: finding or registering the people, recording the consents it carries, routing it
- decisions: a provider's decision on an open referral: accept, reject or transfer
- consent: recording the carer's consent to share, or opening the record without it, so the provider sees it
- notifications: telling the referrer what happened
"""
