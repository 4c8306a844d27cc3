"""How django-allauth behaves for Carers Hub staff."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class StaffAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no type hints
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Staff accounts are created by an administrator for a named person in an organisation (no shared or
        self-made accounts)."""
        return False


class StaffMFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth has no type hints
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff may not switch MFA off (NHS DSPT). A lost device is reset by an administrator, and recovery
        codes can be regenerated."""
        return False
