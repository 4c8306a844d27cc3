"""What happens to staff accounts, as the events their audit rows carry.

Codes are never renamed (the statutory returns count by them); labels may change.
"""

from carershub.core.events import EventChoices


class AccountEvent(EventChoices):
    STAFF_ACCOUNT_CREATED = "accounts.staff_account_created", "Staff account created"
    SIGNED_IN = "accounts.signed_in", "Signed in"
    SIGN_IN_FAILED = "accounts.sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "accounts.signed_out", "Signed out"
    MFA_ENROLLED = "accounts.mfa_enrolled", "Two-factor authentication set up"
