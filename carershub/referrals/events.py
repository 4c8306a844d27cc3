"""What happens to a referral, as the kinds its audit events carry in `detail["event"]` (and its timeline entries)."""

from django.db import models


class Event(models.TextChoices):
    # The carer's record opened to the provider the referral is routed to (Referral.awaits_consent_to_share).
    CONSENT_RECORDED = "consent_recorded", "Carer's consent to share recorded; record opened"
    CONSENT_OVERRIDDEN = "consent_overridden", "Record opened without the carer's consent, with a reason"
