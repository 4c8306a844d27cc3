"""Signing in: MFA is compulsory for staff, failed attempts are throttled, idle sessions end."""

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from unittest import mock

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.sessions import LAST_SEEN_KEY
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation

PASSWORD = "correct horse battery staple"  # the personas' password (root conftest.py)


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD) -> str:
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def test_production_settings_demand_mfa() -> None:
    """The test settings are the production settings; nothing there waives MFA."""
    assert settings.DEMO_MODE is False
    assert "carershub.accounts.middleware.RequireMFAMiddleware" in settings.MIDDLEWARE


def test_staff_without_mfa_are_sent_to_set_it_up_before_anything_else(practitioner: User) -> None:
    client = Client()
    sign_in_with_password(client, practitioner.email)

    for url in [reverse("core:home"), reverse("organisations:list"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_enrolling_an_authenticator_app_then_lets_staff_in(
    practitioner: User, django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]]
) -> None:
    client = Client()
    sign_in_with_password(client, practitioner.email)
    # Changing sign-in security asks for the password again (allauth's reauthentication), then shows the secret.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    # allauth announces the new authenticator once the transaction commits; the audit entry is written then.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=practitioner, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("core:home")).status_code == 200
    enrolled = AuditEvent.objects.filter(kind=AuditEvent.Kind.MFA_ENROLLED, actor=practitioner)
    assert sorted(enrolled.values_list("detail__type", flat=True)) == ["recovery_codes", "totp"]


def test_staff_with_mfa_must_give_a_code_to_finish_signing_in(practitioner: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(practitioner, secret)
    client = Client()

    assert sign_in_with_password(client, practitioner.email) == reverse("mfa_authenticate")
    assert client.get(reverse("core:home")).status_code == 302  # not signed in yet

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN, actor=practitioner).count() == 1
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.SIGNED_IN).event == "accounts.signed_in"


def test_a_wrong_mfa_code_does_not_sign_in(practitioner: User) -> None:
    TOTP.activate(practitioner, generate_totp_secret())
    client = Client()
    sign_in_with_password(client, practitioner.email)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert client.get(reverse("core:home")).status_code == 302
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN).exists()


@override_settings(DEMO_MODE=True)
def test_demo_mode_waives_mfa_for_seeded_demo_accounts_only(carers_centre: Organisation) -> None:
    demo = create_staff_user(
        carers_centre,
        email="demo@test.example",
        full_name="Demo",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
        is_demo_account=True,
    )
    real = create_staff_user(
        carers_centre,
        email="real@test.example",
        full_name="Real",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
    )
    demo_client, real_client = Client(), Client()
    sign_in_with_password(demo_client, demo.email)
    sign_in_with_password(real_client, real.email)

    assert demo_client.get(reverse("core:home")).status_code == 200
    assert real_client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")


def test_demo_accounts_still_need_mfa_outside_demo_mode(carers_centre: Organisation) -> None:
    demo = create_staff_user(
        carers_centre,
        email="demo@test.example",
        full_name="Demo",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
        is_demo_account=True,
    )
    client = Client()
    sign_in_with_password(client, demo.email)
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")


def test_repeated_wrong_passwords_lock_the_account_out_for_a_while(practitioner: User) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": practitioner.email, "password": "wrong"})
        assert response.status_code == 200

    # Even the right password is now refused until the window passes.
    response = client.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})

    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).count() == 5


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(practitioner: User) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": practitioner.email, "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert "_auth_user_id" not in client.session


def test_sessions_end_after_the_idle_period(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    assert client.get(reverse("core:home")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # Each request pushes expiry to now + idle period.
    assert session.expire_date > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_nobody_can_sign_themselves_up(db: None) -> None:
    response = Client().get(reverse("account_signup"))
    assert response.status_code == 200
    assert b"<form" not in response.content  # allauth's "sign up closed" page
    assert not User.objects.exists()


@pytest.mark.parametrize("url_name", ["core:home", "organisations:list"])
def test_anonymous_visitors_are_sent_to_sign_in(db: None, url_name: str) -> None:
    response = Client().get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_empty_sign_in_says_what_to_enter(db: None) -> None:
    response = Client().post(reverse("account_login"), {"login": "", "password": ""})
    assert response.status_code == 200
    assert b"Enter your email address" in response.content
    assert b"Enter your password" in response.content
    assert b"placeholder" not in response.content


def test_staff_cannot_change_their_own_sign_in_email(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    response = client.post("/accounts/email/", {"action_add": "", "email": "someone-else@test.example"})
    assert response.status_code == 404
    practitioner.refresh_from_db()
    assert practitioner.email == "practitioner@test.example"


def test_page_views_within_a_minute_do_not_write_the_session(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    assert not [query for query in queries if query["sql"].startswith(("UPDATE", "INSERT"))]


def test_a_session_in_use_is_kept_alive(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    first_expiry = Session.objects.get(session_key=client.session.session_key).expire_date

    later = time.time() + 20 * 60  # twenty minutes on, still inside the idle period
    with (
        mock.patch("carershub.accounts.sessions.time.time", return_value=later),
        mock.patch("django.utils.timezone.now", return_value=datetime.fromtimestamp(later, tz=UTC)),
    ):
        assert client.get(reverse("core:home")).status_code == 200

    assert Session.objects.get(session_key=client.session.session_key).expire_date > first_expiry + timedelta(
        minutes=19
    )


def test_many_failed_sign_ins_from_one_address_block_that_address(practitioner: User) -> None:
    # Credential stuffing: one wrong password each for twenty different accounts, from one address, in a minute.
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(20):
        response = attacker.post(
            reverse("account_login"), {"login": f"someone-{number}@test.example", "password": "guess"}
        )
        assert b"Too many failed login attempts" not in response.content

    blocked = attacker.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})

    assert blocked.status_code == 200
    assert b"Too many failed login attempts" in blocked.content
    assert "_auth_user_id" not in attacker.session
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN).exists()
    # The account itself is not locked: the same person signs in from their own address.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    signed_in = elsewhere.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})
    assert signed_in.status_code == 302


def _age_the_session(client: Client, *, seconds: int) -> None:
    """Make the session's last recorded use `seconds` ago, as if the browser had been left that long."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_the_session_cookie_ends_when_the_browser_closes(practitioner: User) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))  # the first page view records the session's use

    for set_cookie in [response.cookies[settings.SESSION_COOKIE_NAME], page.cookies[settings.SESSION_COOKIE_NAME]]:
        # Neither an expiry date nor a maximum age: the browser keeps the cookie only until it closes.
        assert (set_cookie["expires"], set_cookie["max-age"]) == ("", "")


def test_a_session_left_longer_than_the_idle_period_is_signed_out(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    assert client.get(reverse("core:home")).status_code == 200
    _age_the_session(client, seconds=settings.SESSION_COOKIE_AGE + 1)

    response = client.get(reverse("organisations:list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse('organisations:list')}"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_OUT, actor=practitioner).count() == 1
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_a_session_used_within_the_idle_period_stays_signed_in(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    _age_the_session(client, seconds=settings.SESSION_COOKIE_AGE - 60)

    assert client.get(reverse("core:home")).status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5  # the use is recorded afresh
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_OUT).exists()
