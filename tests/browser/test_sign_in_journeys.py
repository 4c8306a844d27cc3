"""What a member of staff does in a real browser: sign in, set up MFA, meet errors, use only the keyboard."""

from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from tests.browser.security_codes import security_code

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@pytest.fixture
def staff_member(transactional_db: None) -> User:
    area = AreaFactory.create(name="Browser Area", slug="browser-area")
    organisation: Organisation = ProviderFactory.create(name="Browser Carers Centre", areas=[area])
    return create_staff_user(
        organisation,
        email="browser@test.example",
        full_name="Bea Browser",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
    )


def sign_in_with_password(page: Page, live_server: LiveServer, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_first_sign_in_makes_staff_set_up_mfa_before_anything_else(
    page: Page, live_server: LiveServer, staff_member: User, assert_accessible: AssertAccessible
) -> None:
    sign_in_with_password(page, live_server, staff_member.email, PASSWORD)

    # Changing sign-in security asks for the password once more.
    expect(page).to_have_url(f"{live_server.url}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("two-factor authentication")
    assert_accessible(page)
    secret = page.locator(".app-code").inner_text().replace(" ", "")
    page.get_by_label("Security code").fill(security_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("recovery codes")
    assert_accessible(page)
    assert Authenticator.objects.filter(user=staff_member, type=Authenticator.Type.TOTP).exists()

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bea")
    assert_accessible(page)


def test_signing_in_with_mfa_asks_for_the_code(
    page: Page, live_server: LiveServer, staff_member: User, assert_accessible: AssertAccessible
) -> None:
    secret: str = generate_totp_secret()
    TOTP.activate(staff_member, secret)

    sign_in_with_password(page, live_server, staff_member.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(security_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()


def test_a_staff_page_is_refused_to_an_anonymous_visitor(
    page: Page, live_server: LiveServer, transactional_db: None, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/organisations/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")
    assert_accessible(page)


def test_pages_are_served_with_a_nonce_based_content_security_policy(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # GOV.UK Frontend's JavaScript ran (it marks the body), so the nonce and the module scripts work together.
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")


def test_a_bad_sign_in_shows_the_error_summary_linked_to_the_fields(
    page: Page, live_server: LiveServer, staff_member: User, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title("Error: Sign in \N{EN DASH} Carers Hub")  # GOV.UK titles use an en dash
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    assert_accessible(page)


def skip_to_main_content(page: Page) -> None:
    """The first Tab on a page reaches the skip link; Enter moves focus to the main content."""
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def test_signing_in_works_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, staff_member: User, assert_accessible: AssertAccessible
) -> None:
    secret: str = generate_totp_secret()
    TOTP.activate(staff_member, secret)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)

    skip_to_main_content(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(staff_member.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show password")).to_be_focused()  # GOV.UK's password input
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    skip_to_main_content(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Security code")).to_be_focused()
    page.keyboard.type(security_code(secret))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bea")
    assert_accessible(page)
