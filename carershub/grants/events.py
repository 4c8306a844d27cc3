"""What happens in the community carers fund, named once (core.events). A code is never renamed: returns count by
it."""

from carershub.core.events import EventChoices


class GrantsEvent(EventChoices):
    APPLICATION_SUBMITTED = "grants.application_submitted", "Application submitted"
    APPLICATION_VIEWED = "grants.application_viewed", "Application viewed"
    ELIGIBILITY_CHECKED = "grants.eligibility_checked", "Eligibility checked"
    INTEREST_DECLARED = "grants.interest_declared", "Interest declared"
    APPLICATION_SCORED = "grants.application_scored", "Application scored"
    APPLICATION_DECIDED = "grants.application_decided", "Application decided"
    PAYMENT_RECORDED = "grants.payment_recorded", "Payment recorded"
    RETURN_RECORDED = "grants.return_recorded", "End-of-grant return recorded"
