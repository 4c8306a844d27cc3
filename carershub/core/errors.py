"""The one shape of "this cannot be done as given": a message per field, shown next to the field it is about.

Each app names its own subclass (e.g. `referrals.services.submission.ReferralInvalid`), so callers can catch one app's
refusals; views put the messages on the form with `core.forms.add_errors`. The key `None` (or "__all__") is a
message about the whole form.
"""


class FieldErrors(Exception):
    """`errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors
