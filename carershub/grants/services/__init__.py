"""Every state change in the community carers fund, by step: `applications` (the public form, eligibility),
`panel` (declarations of interest, scoring), `awards` (the moderated decision, payments, end-of-grant returns)."""

from carershub.core.errors import FieldErrors


class GrantsInvalid(FieldErrors):
    """What was asked of the community carers fund breaks one of its rules ("" is about the whole form)."""
