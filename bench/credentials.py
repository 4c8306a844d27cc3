"""Signed-in sessions and API keys for the load generator, made without a browser.

Import this module only after `django.setup()`: it uses the application's models.
"""

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from bench.config import HarnessError
from carershub.accounts.middleware import record_mfa_passed
from carershub.accounts.models import User
from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import create_api_key, revoke_api_key

API_KEY_NAME = "bench"


@dataclass
class Credentials:
    """Everything the load generator and the SQL floor need to act as someone."""

    sessions: dict[str, list[str]] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)

    def all_session_keys(self) -> list[str]:
        return [key for keys in self.sessions.values() for key in keys]


def staff_user(email: str) -> User:
    """A seeded demo account; missing means the seed did not run, which the harness cannot work around."""
    try:
        return User.objects.get(email=email)
    except User.DoesNotExist:
        raise HarnessError(f"No account {email}: did `seed_demo` run?") from None


def ensure_mfa(user: User) -> None:
    """Production requires MFA for staff; without an authenticator every page redirects to MFA set-up."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def create_session(user: User) -> str:
    """Store a session exactly as `django.contrib.auth.login` would, and return its key for the cookie.

    The hash ties the session to the password and SECRET_KEY, as it does after a real sign-in; the backend is
    the first configured one, which is what authenticates an email and password.
    """
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # django-allauth's record that this session gave a security code, as a real sign-in leaves it.
    record_mfa_passed(session, user)
    session.create()
    if session.session_key is None:
        raise HarnessError(f"Could not create a session for {user.email}.")
    return session.session_key


def fresh_api_key(key_name: str) -> str:
    """A new "bench" key for "organisation-slug/scope"; a live old one is revoked because its plain text is gone."""
    organisation_slug, scope = key_name.split("/")
    try:
        organisation = Organisation.objects.get(slug=organisation_slug)
    except Organisation.DoesNotExist:
        raise HarnessError(f"No organisation {organisation_slug}: did `seed_demo` run?") from None
    name = f"{API_KEY_NAME} ({scope})"
    for old_key in ApiKey.objects.filter(organisation=organisation, name=name, revoked_at__isnull=True):
        revoke_api_key(old_key, revoked_by=None)
    _, plain_text = create_api_key(organisation, name=name, created_by=None, scope=ApiKey.Scope(scope))
    return plain_text


def prepare_credentials(
    *, mfa_accounts: list[str], session_users: list[str], sessions_per_user: int, organisations: list[str]
) -> Credentials:
    """One session per simulated user, so concurrent users never queue on the same session row."""
    credentials = Credentials()
    for email in sorted({*mfa_accounts, *session_users}):
        ensure_mfa(staff_user(email))
    for email in session_users:
        user = staff_user(email)
        credentials.sessions[email] = [create_session(user) for _ in range(sessions_per_user)]
    for key_name in organisations:
        credentials.api_keys[key_name] = fresh_api_key(key_name)
    return credentials


def delete_sessions(session_keys: list[str]) -> None:
    """Sign the harness's sessions out so they do not outlive the run."""
    Session.objects.filter(session_key__in=session_keys).delete()
