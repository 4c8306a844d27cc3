"""A practitioner works from a carer's record, in a real browser: corrects the carer's address and the cared-for
person's date of birth, and the assessment suggested changes with it; a manager allocates the case and the worker
finds it in "My work". axe-core checks every page, and the pages
reflow at 320 px without scrolling sideways (WCAG 2.2 1.4.10)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Organisation
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import CaringRelationship, Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.referrals.tests.factories import OpenReferralFactory
from tests.browser.security_codes import security_code
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((element) => !element.closest('.moj-scrollable-pane'))
    .map((element) => element.tagName + '.' + element.className + ' ' + (element.textContent || '').slice(0, 40))"""


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing sticks out of a 320 px page: wide tables scroll inside their own pane (.moj-scrollable-pane, made the
    containing block of the visually hidden text in its cells by assets/scss/app.scss)."""
    assert page.evaluate(WIDEST) == []


@pytest.fixture
def record(transactional_db: None) -> tuple[Person, str, str]:
    """A mother whose son was recorded as 25; he is 15. The carers centre works with her."""
    area = AreaFactory.create(name="Millvale", slug="millvale")
    centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    user = create_staff_user(
        centre,
        email="ada@carers-centre.example",
        full_name="Ada Adams",
        roles=[Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    mother = PersonFactory.create(
        area=area,
        given_name="Rosa",
        family_name="Mendes",
        date_of_birth=born_years_ago(45),
        address_line_1="1 Old Road",
        town="Millvale",
        postcode="MV1 1AA",
    )
    son = PersonFactory.create(area=area, given_name="Leo", family_name="Mendes", date_of_birth=born_years_ago(25))
    CaringRelationship.objects.create(
        area=area, carer=mother, cared_for=son, relationship="child", has_parental_responsibility=True
    )
    open_involvement(mother, centre, reason=Involvement.Reason.CASE_OPEN)
    OpenReferralFactory.create(area=area, carer=mother, provider=centre, urgency="urgent")
    return mother, user.email, secret


def test_correcting_the_address_and_the_sons_date_of_birth_changes_the_assessment_suggested(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, record: tuple[Person, str, str]
) -> None:
    mother, email, secret = record
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(security_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/people/{mother.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Change details of Rosa Mendes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change their details")
    assert_accessible(page)
    page.get_by_label("Address line 1 (optional)").fill("12 Station Road")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Details saved")).to_be_visible()
    expect(page.get_by_text("12 Station Road")).to_be_visible()

    page.goto(f"{live_server.url}/assessments/start/?person={mother.pk}")
    expect(page.get_by_label("Carer's assessment", exact=True)).to_be_checked()

    page.goto(f"{live_server.url}/people/{mother.pk}/")
    page.get_by_role("link", name="Change details of Leo Mendes").click()
    assert_accessible(page)
    born = born_years_ago(15) - timedelta(days=3)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Details of Leo Mendes saved")).to_be_visible()

    page.goto(f"{live_server.url}/assessments/start/?person={mother.pk}")
    expect(page.get_by_label("Parent carer's needs assessment", exact=True)).to_be_checked()
    assert_accessible(page)


def test_the_record_pages_reflow_at_320_pixels(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, record: tuple[Person, str, str]
) -> None:
    mother, email, secret = record
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(security_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/")
    for path in (f"/people/{mother.pk}/", f"/people/{mother.pk}/details/", "/referrals/", "/assessments/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
        assert_no_sideways_scroll(page)


def test_a_manager_allocates_the_case_and_the_worker_finds_it_in_my_work(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible, record: tuple[Person, str, str]
) -> None:
    _, practitioner_email, practitioner_secret = record
    centre = Organisation.objects.get(slug="millvale-carers-centre")
    manager = create_staff_user(
        centre,
        email="mo@carers-centre.example",
        full_name="Mo Manager",
        roles=[Role.MANAGER, Role.PRACTITIONER],
        created_by=None,
        password=PASSWORD,
    )
    manager_secret: str = generate_totp_secret()
    TOTP.activate(manager, manager_secret)

    sign_in(page, live_server, manager.email, manager_secret)
    page.goto(f"{live_server.url}/my-work/team/")
    assert_accessible(page)
    page.get_by_role("link", name="Allocate Rosa Mendes").click()
    assert_accessible(page)
    page.get_by_label("Ada Adams").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Rosa Mendes's case allocated to Ada Adams")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, practitioner_email, practitioner_secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", name="My carers (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Rosa Mendes", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Referrals to decide (1)")).to_be_visible()
    assert_accessible(page)


def sign_in(page: Page, live_server: LiveServer, email: str, secret: str) -> None:
    sign_in_by_session(page, live_server.url, User.objects.get(email=email))
