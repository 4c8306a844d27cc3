"""Audit sign-in, sign-out and MFA set-up.

These are written from signal receivers because django-allauth and django.contrib.auth expose these moments
only as signals; domain state changes never live here: they are the services' work.
"""

from typing import Any

from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from carershub.accounts.events import AccountEvent
from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent


@receiver(user_logged_in)
def audit_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_event(AuditEvent.Kind.SIGNED_IN, actor=user, event=AccountEvent.SIGNED_IN)


@receiver(user_logged_out)
def audit_signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(AuditEvent.Kind.SIGNED_OUT, actor=user, event=AccountEvent.SIGNED_OUT)


@receiver(user_login_failed)
def audit_sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None, **kwargs: Any) -> None:
    # Only the address typed is kept, never the password; it shows repeated attempts against one account.
    record_event(
        AuditEvent.Kind.SIGN_IN_FAILED,
        actor=None,
        detail={"email": str(credentials.get("email", ""))},
        event=AccountEvent.SIGN_IN_FAILED,
    )


@receiver(authenticator_added)
def audit_mfa_enrolled(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    record_event(
        AuditEvent.Kind.MFA_ENROLLED,
        actor=user,
        detail={"type": str(authenticator.type)},
        event=AccountEvent.MFA_ENROLLED,
    )
