"""What happens to a referral, as the events its audit rows carry and the carer's timeline shows.

Codes are never renamed (the statutory returns count by them); labels may change.
"""

from carershub.core.events import EventChoices


class ReferralEvent(EventChoices):
    RECEIVED = "referrals.received", "Referral received"
    ACCEPTED = "referrals.accepted", "Referral accepted"
    REJECTED = "referrals.rejected", "Referral rejected"
    TRANSFERRED = "referrals.transferred", "Referral transferred to another provider"
    # The carer's record opened to the provider the referral is routed to (Referral.awaits_consent_to_share).
    CONSENT_RECORDED = "referrals.consent_recorded", "Carer's consent to share recorded; record opened"
    CONSENT_OVERRIDDEN = "referrals.consent_overridden", "Record opened without the carer's consent, with a reason"
    # A timeline flag, with no audit row of its own: a new record shares an NHS number with a different person.
    POSSIBLE_DUPLICATE = "referrals.possible_duplicate", "Possible duplicate record flagged"
