"""MFA is a step of each session, not a property of the account: the admin and half-finished sign-ins get nowhere."""

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.core.models import AuditEvent

PASSWORD = "correct horse battery staple"  # the personas' password (root conftest.py)


@pytest.fixture
def admin_site_user(administrator: User) -> tuple[User, str]:
    """An administrator with admin site access who has set up an authenticator app; returns the user and secret."""
    administrator.is_staff = True
    administrator.is_superuser = True
    administrator.save(update_fields=["is_staff", "is_superuser"])
    secret = generate_totp_secret()
    TOTP.activate(administrator, secret)
    return administrator, secret


def test_the_admin_sign_in_form_does_not_sign_anyone_in_with_a_password(admin_site_user: tuple[User, str]) -> None:
    user, _secret = admin_site_user
    client = Client()

    response = client.post(
        f"{reverse('admin:login')}?next=/admin/", {"username": user.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    for url in [reverse("admin:index"), reverse("admin:accounts_user_changelist"), reverse("core:home")]:
        page = client.get(url, follow=True)
        assert page.redirect_chain[-1][0].startswith(f"{reverse('account_login')}?next=")
        assert page.templates[0].name == "account/login.html"
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN).exists()


def test_the_admin_sends_visitors_to_the_staff_sign_in_and_back(admin_site_user: tuple[User, str]) -> None:
    response = Client().get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    login = Client().get(response["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(f"{reverse('account_login')}?next=")


def test_admin_sign_in_asks_for_a_security_code_after_the_password(admin_site_user: tuple[User, str]) -> None:
    user, secret = admin_site_user
    client = Client()

    response = client.post(f"{reverse('account_login')}?next=/admin/", {"login": user.email, "password": PASSWORD})

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGNED_IN).exists()

    finished = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert finished["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sign_in_is_throttled_like_every_other(admin_site_user: tuple[User, str]) -> None:
    user, _secret = admin_site_user
    client = Client()
    for _ in range(5):
        client.post(f"{reverse('account_login')}?next=/admin/", {"login": user.email, "password": "wrong"})

    response = client.post(f"{reverse('account_login')}?next=/admin/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_session_that_skipped_the_mfa_step_is_sent_to_it(practitioner: User) -> None:
    # Signed in with a password while the account had no authenticator, so allauth asked for no code; the
    # authenticator was then set up elsewhere (another browser). This session has still never given a code.
    client = Client()
    client.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})
    secret = generate_totp_secret()
    TOTP.activate(practitioner, secret)

    for url in [reverse("core:home"), reverse("organisations:list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={url.replace('/', '%2F')}"
        assert not response.content

    code_page = client.get(reverse("mfa_reauthenticate"))
    assert code_page.status_code == 200
    given = client.post(reverse("mfa_reauthenticate"), {"code": pyotp.TOTP(secret).now(), "next": "/organisations/"})
    assert given["Location"] == "/organisations/"
    assert client.get(reverse("core:home")).status_code == 200


def test_a_wrong_code_leaves_the_session_at_the_mfa_step(practitioner: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})
    TOTP.activate(practitioner, generate_totp_secret())

    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("mfa_reauthenticate"))


def test_setting_up_an_authenticator_counts_as_the_sessions_mfa_step(practitioner: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": practitioner.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    assert client.get(reverse("core:home")).status_code == 200
