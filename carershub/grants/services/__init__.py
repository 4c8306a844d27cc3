"""Every state change in the community carers fund, by step: `applications` (the public form, eligibility),
`panel` (declarations of interest, scoring), `awards` (the moderated decision, payments, end-of-grant returns)."""


class GrantsInvalid(Exception):
    """What was asked breaks a rule; `errors` maps form fields (or "" for the whole form) to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
