"""The idle time-out warning's server side (WCAG 2.2.1): signed-in pages say how long is left and when to warn;
asking how long is left does not count as use, and "Stay signed in" does."""

import time

from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from carershub.accounts.models import User
from carershub.accounts.sessions import LAST_SEEN_KEY
from carershub.accounts.tests.personas import SignIn


def _age_the_session(client: Client, *, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_asking_how_long_is_left_does_not_keep_the_session_alive(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    _age_the_session(client, seconds=10 * 60)

    answer = client.get(reverse("session_status"))

    assert answer.status_code == 200
    assert answer.json()["signed_in"] is True
    # (A second may tick between ageing the session and asking.)
    left = settings.SESSION_COOKIE_AGE - 10 * 60
    assert left - 2 <= answer.json()["seconds_left"] <= left
    assert client.session[LAST_SEEN_KEY] <= int(time.time()) - 10 * 60  # not counted as use


def test_staying_signed_in_counts_as_use(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    _age_the_session(client, seconds=settings.SESSION_COOKIE_AGE - 30)

    answer = client.post(reverse("session_status"))

    assert answer.json() == {"signed_in": True, "seconds_left": settings.SESSION_COOKIE_AGE}
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_a_session_that_has_ended_says_so_and_cannot_be_extended(practitioner: User, sign_in: SignIn) -> None:
    client = sign_in(practitioner)
    client.get(reverse("core:home"))
    _age_the_session(client, seconds=settings.SESSION_COOKIE_AGE + 1)

    answer = client.post(reverse("session_status"))

    assert (answer.status_code, answer.json()) == (401, {"signed_in": False, "seconds_left": 0})
    assert client.get(reverse("core:home")).status_code == 302  # signed out


def test_signed_in_pages_carry_the_warning_and_others_do_not(
    practitioner: User, sign_in: SignIn, settings: Settings
) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 120
    assert b"app-timeout-warning" not in Client().get(reverse("account_login")).content

    page = sign_in(practitioner).get(reverse("core:home")).content.decode()

    assert 'data-module="app-timeout-warning"' in page
    assert 'data-seconds-left="1800"' in page
    assert 'data-warn-before="120"' in page
    assert "Stay signed in" in page


def test_a_short_idle_period_still_leaves_time_to_work_before_the_warning(
    practitioner: User, sign_in: SignIn, settings: Settings
) -> None:
    settings.SESSION_COOKIE_AGE = 60
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 120

    page = sign_in(practitioner).get(reverse("core:home")).content.decode()

    assert 'data-warn-before="30"' in page
