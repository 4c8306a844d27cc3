"""The idle time-out warning in a real browser (WCAG 2.2.1), with the idle period shortened to 30 seconds: the page
warns in an accessible modal dialog, "Stay signed in" keeps the session, and when the session ends anyway the
worker signs in again and comes back to the page with what they had typed put back."""

import time
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role
from carershub.accounts.services import create_staff_user
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory
from tests.browser.security_codes import security_code

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]
NOTE = "Rosa asked us to call back after her son's hospital appointment"


def _sign_in(page: Page, email: str, secret: str, last_window: int | None = None) -> int:
    """Sign in on the page shown (the sign-in page); returns the security code's time window."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if last_window is not None and int(time.time() // 30) == last_window:
        time.sleep(30 - time.time() % 30 + 0.1)  # a security code is accepted once: wait for the next one
    page.get_by_label("Security code").fill(security_code(secret))
    page.get_by_role("button", name="Continue").click()
    return int(time.time() // 30)


@pytest.mark.browser
def test_the_worker_is_warned_stays_signed_in_and_loses_nothing_when_signed_out(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, settings: Settings
) -> None:
    settings.SESSION_COOKIE_AGE = 30
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 15
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    manager = create_staff_user(
        centre,
        email="mo@carers-centre.example",
        full_name="Mo Manager",
        roles=[Role.MANAGER],
        password=PASSWORD,
        created_by=None,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(manager, secret)
    carer: Person = PersonFactory.create(area=area, given_name="Rosa", family_name="Mendes")
    open_involvement(carer, centre, reason=Involvement.Reason.CASE_OPEN)
    close_page = f"{live_server.url}/my-work/close/{carer.pk}/"

    page.goto(f"{live_server.url}/accounts/login/")
    window = _sign_in(page, manager.email, secret)
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(close_page)
    page.get_by_label("No longer caring").check()
    page.get_by_label("Anything the next person to work with this carer should know (optional)").fill(NOTE)

    dialog = page.get_by_role("dialog", name="You\u2019re about to be signed out")
    expect(dialog).to_be_visible(timeout=25_000)
    expect(dialog.get_by_text("we will sign you out in")).to_be_visible()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    left = page.evaluate("fetch('/accounts/session/').then((answer) => answer.json())")
    assert left["signed_in"]
    assert left["seconds_left"] >= 25  # the session was used afresh

    # Nobody answers the second warning: the session ends, and the worker is asked to sign in again.
    expect(dialog).to_be_visible(timeout=25_000)
    expect(page.get_by_role("heading", name="Sign in to Carers Hub")).to_be_visible(timeout=30_000)
    _sign_in(page, manager.email, secret, last_window=window)

    expect(page).to_have_url(close_page)
    expect(page.get_by_role("alert")).to_contain_text("We have put back what you had typed on this page")
    expect(page.get_by_label("No longer caring")).to_be_checked()
    expect(page.get_by_label("Anything the next person to work with this carer should know (optional)")).to_have_value(
        NOTE
    )
    assert_accessible(page)
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_text("Rosa Mendes's case is closed")).to_be_visible()
