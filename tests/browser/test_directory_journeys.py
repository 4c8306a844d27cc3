"""The service directory end to end in a real browser, with JavaScript on and off (the public pages and every
form must work without it), and axe-core on every page: a carer finds a young carers' group by postcode district
and age; a practitioner signposts a carer from the record; a provider edits its entry and the council approves it.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.directory.models import Location, Schedule, Service, Signposting
from carershub.directory.tests.factories import (
    DirectoryOrganisationFactory,
    PostcodeFactory,
    PublishedServiceFactory,
    furnish,
)
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import CaringRelationshipFactory
from tests.browser.conftest import serious_violations
from tests.browser.sessions import sign_in_by_session

PASSWORD = "a long browser-test password"
AssertAccessible = Callable[[Page], None]


@pytest.fixture(params=[True, False], ids=["javascript_on", "javascript_off"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def page(javascript: bool, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def assert_accessible(
    javascript: bool, browser: Browser, axe: Axe, live_server: LiveServer
) -> Iterator[AssertAccessible]:
    """axe-core on the page as the person sees it. axe is a script, so a page without JavaScript is checked as a
    copy of its HTML (scripts removed, so nothing changes it) opened at the same origin in a checker page."""
    context = browser.new_context(locale="en-GB")
    checker = context.new_page()
    checker.goto(f"{live_server.url}/healthz")

    def check(page: Page) -> None:
        target = page
        if not javascript:
            html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL)
            checker.set_content(html)
            target = checker
        violations = serious_violations(axe, target)
        assert violations == [], f"{page.url}: {violations}"

    yield check
    context.close()


@dataclass(frozen=True)
class Directory:
    area: Area
    carers_centre: Organisation
    council: Organisation
    club: Service
    cafe: Service


@pytest.fixture
def directory(transactional_db: None) -> Directory:
    area = AreaFactory.create(name="Millvale", slug="millvale")
    carers_centre = ProviderFactory.create(name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area])
    council = CouncilAdultSocialCareFactory.create(name="Millvale Council", slug="millvale-council", areas=[area])
    for sector, latitude in ((1, "53.400"), (2, "53.402")):
        PostcodeFactory.create(
            postcode=f"MV1 {sector}AB", district="MV1", latitude=Decimal(latitude), longitude=Decimal("-2.98")
        )
    owner = DirectoryOrganisationFactory.create(organisation=carers_centre, name=carers_centre.name)
    club = PublishedServiceFactory.create(
        area=area,
        organisation=owner,
        name="Young carers club",
        minimum_age=8,
        maximum_age=17,
        terms=["for-young-carers"],
    )
    place = Location.objects.create(
        organisation=owner,
        name="Millvale Community Centre",
        address_1="12 Mill Lane",
        city="Millvale",
        postal_code="MV1 1AB",
        latitude=Decimal("53.401"),
        longitude=Decimal("-2.98"),
        accessibility="Step-free entrance and a hearing loop.",
    )
    link = furnish(club, location=place)
    Schedule.objects.filter(service=club).update(freq="MONTHLY", byday="2TU", opens_at=time(16), closes_at=time(18))
    assert link
    adults = PublishedServiceFactory.create(area=area, organisation=owner, name="Adult carers walk", minimum_age=18)
    furnish(adults, location=place)
    cafe = PublishedServiceFactory.create(area=area, organisation=owner, name="Carers cafe", terms=["need-groups"])
    furnish(cafe, location=place)
    return Directory(area, carers_centre, council, club, cafe)


def staff(organisation: Organisation, email: str, *roles: Role) -> str:
    user = create_staff_user(
        organisation,
        email=email,
        full_name=email.split("@")[0].title(),
        roles=roles,
        created_by=None,
        password=PASSWORD,
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(page: Page, live_server: LiveServer, email: str, secret: str, assert_accessible: AssertAccessible) -> None:
    sign_in_by_session(page, live_server.url, User.objects.get(email=email))


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")


def test_a_carer_finds_a_young_carers_group_by_postcode_district_and_age(
    page: Page, live_server: LiveServer, directory: Directory, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/find-support/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support for carers")
    assert_accessible(page)
    page.get_by_label("Town or postcode").fill("MV1")
    page.get_by_label("Distance").select_option(label="Within 3 miles")
    page.get_by_label("Age of the carer (optional)").fill("12")
    page.get_by_label("Young carers", exact=True).check()
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Adult carers walk")).to_have_count(0)
    page.get_by_role("link", name="Young carers club").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Young carers club")
    assert_accessible(page)
    expect(page.get_by_text("Second Tuesday of every month, 4pm to 6pm")).to_be_visible()
    expect(page.get_by_text("12 Mill Lane")).to_be_visible()
    expect(page.get_by_text("Access: Step-free entrance and a hearing loop.")).to_be_visible()

    # A phone at 320 CSS pixels: nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_a_bad_postcode_gets_a_clear_message(
    page: Page, live_server: LiveServer, directory: Directory, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/find-support/?place=ZZ9+9ZZ")
    expect(page.get_by_role("alert")).to_contain_text("We do not know the postcode ZZ9 9ZZ")
    assert_accessible(page)


def test_a_practitioner_signposts_a_carer_from_the_record(
    page: Page, live_server: LiveServer, directory: Directory, assert_accessible: AssertAccessible
) -> None:
    secret = staff(directory.carers_centre, "ada@carers-centre.example", Role.PRACTITIONER)
    relationship = CaringRelationshipFactory.create(
        carer__area=directory.area, carer__given_name="Sam", carer__family_name="Rivers"
    )
    carer: Person = relationship.carer
    open_involvement(carer, directory.carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    sign_in(page, live_server, "ada@carers-centre.example", secret, assert_accessible)

    page.goto(f"{live_server.url}{carer.get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Signpost to a service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signpost to a service")
    assert_accessible(page)
    page.get_by_label("Search by words").fill("cafe")
    page.get_by_role("button", name="Search the directory").click()
    assert_accessible(page)
    page.get_by_role("link", name="Carers cafe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signpost to Carers cafe")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Likes to meet people")
    page.get_by_role("button", name="Record signposting").click()

    expect(page.get_by_role("alert")).to_contain_text("Signposting to Carers cafe recorded")
    expect(page.get_by_role("table").filter(has_text="Carers cafe").first).to_be_visible()
    assert_accessible(page)
    signposting = Signposting.objects.get()
    assert (signposting.person_id, signposting.service_id) == (carer.pk, directory.cafe.pk)


def test_a_provider_edits_its_entry_and_the_council_approves_it(
    page: Page, live_server: LiveServer, directory: Directory, assert_accessible: AssertAccessible
) -> None:
    editor = staff(directory.carers_centre, "mo@carers-centre.example", Role.MANAGER)
    approver = staff(directory.council, "al@council.example", Role.ADMINISTRATOR)

    sign_in(page, live_server, "mo@carers-centre.example", editor, assert_accessible)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Directory entries").click()
    assert_accessible(page)
    page.get_by_role("link", name="Carers cafe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers cafe")
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("Carers cafe and chat")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("alert")).to_contain_text("Change sent to the council to check")
    assert_accessible(page)
    assert Service.objects.get(pk=directory.cafe.pk).name == "Carers cafe"
    sign_out(page)

    sign_in(page, live_server, "al@council.example", approver, assert_accessible)
    page.goto(f"{live_server.url}/directory/entries/")
    expect(page.get_by_role("heading", name="Changes waiting for your check")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("table").filter(has_text="Changes waiting").get_by_role("link", name="Carers cafe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a change to Carers cafe")
    assert_accessible(page)
    page.get_by_label("Yes, publish it").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Change to Carers cafe published")
    assert_accessible(page)

    page.goto(f"{live_server.url}{directory.cafe.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers cafe and chat")
    assert_accessible(page)
