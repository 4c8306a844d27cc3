"""Multi-factor authentication is compulsory for staff (NHS Data Security and Protection Toolkit)."""

import time
from collections.abc import Callable

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.http import urlencode

# Pages a signed-in person who has not passed MFA in this session may still reach: setting MFA up, giving a code,
# signing out, and the public pages.
_ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "account_login",
        "accessibility",
        "privacy",
        "healthz",
    }
)
_ALLOWED_PATH_PREFIXES = ("/static/", "/api/")


def mfa_is_waived_for(user: object) -> bool:
    """Only seeded demo accounts, and only while the service runs with demonstration data, skip MFA."""
    return bool(settings.DEMO_MODE and getattr(user, "is_demo_account", False))


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether the signed-in user gave a security code in this session (at sign-in, on re-authentication, or by
    setting up their authenticator app).

    django-allauth keeps a log of the steps each session went through; owning an authenticator is not enough, since
    a session signed in some other way (a password alone) never used it.
    """
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_mfa_passed(session: SessionBase, user: AbstractBaseUser) -> None:
    """Store in a session made without a request (the test suite's and the benchmark's signed-in sessions) the record
    django-allauth leaves after a security code at sign-in, so `session_passed_mfa` treats it as a real sign-in."""
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)


class RequireMFAMiddleware:
    """Send a signed-in member of staff who has not passed MFA in this session to the MFA step, before anything else.

    Someone without an authenticator sets one up; someone with one gives a security code from it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not mfa_is_waived_for(user)
            # The session check comes first: it is a dictionary lookup, while deciding whether the page is allowed
            # without MFA resolves the URL.
            and not session_passed_mfa(request)
            and not self._is_allowed(request)
        ):
            if is_mfa_enabled(user):
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_allowed(request: HttpRequest) -> bool:
        if request.path.startswith(_ALLOWED_PATH_PREFIXES):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 reveals nothing
        return match.url_name in _ALLOWED_URL_NAMES
