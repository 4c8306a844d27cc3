"""django-allauth's sign-in form with GOV.UK error messages and no placeholders."""

from typing import Any

from allauth.account.forms import LoginForm


class StaffLoginForm(LoginForm):  # type: ignore[misc]  # allauth has no type hints
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # GOV.UK error messages say what to do and name the field (Design System: error message).
        self.fields["login"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
