"""What happens in the community carers fund, named once. Recorded as `detail["event"]` on `core.audit.record_event`."""

from django.db import models


class Event(models.TextChoices):
    APPLICATION_SUBMITTED = "application_submitted", "Application submitted"
    APPLICATION_VIEWED = "application_viewed", "Application viewed"
    ELIGIBILITY_CHECKED = "eligibility_checked", "Eligibility checked"
    INTEREST_DECLARED = "interest_declared", "Interest declared"
    APPLICATION_SCORED = "application_scored", "Application scored"
    APPLICATION_DECIDED = "application_decided", "Application decided"
    PAYMENT_RECORDED = "payment_recorded", "Payment recorded"
    RETURN_RECORDED = "return_recorded", "End-of-grant return recorded"
