"""What the referral journeys share: the area they run in (routed by its rules, with a practitioner at each
provider) and what a person does on the pages (signing in with a security code, the inbox, a summary list, a date)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.tests.factories import AreaFactory, GPPracticeFactory, ProviderFactory, SchoolFactory
from carershub.referrals.models import Cohort, RoutingRule
from tests.browser.security_codes import security_code

PASSWORD = "a long browser-test password"


AssertAccessible = Callable[[Page], None]


@dataclass(frozen=True)
class Practitioner:
    user: User
    totp_secret: str


@dataclass(frozen=True)
class ReferralArea:
    """An area whose adult carers go to the carers centre and young carers to the young carers service."""

    area: Area
    carers_centre: Organisation
    young_carers_service: Organisation
    carers_centre_practitioner: Practitioner
    young_carers_practitioner: Practitioner
    school: School
    gp_practice: GPPractice


def practitioner_with_authenticator(organisation: Organisation, email: str, full_name: str) -> Practitioner:
    """A practitioner who has set up their authenticator app, as every real member of staff has."""
    user = create_staff_user(
        organisation, email=email, full_name=full_name, roles=[Role.PRACTITIONER], created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return Practitioner(user, secret)


def set_up_referral_area() -> ReferralArea:
    """Millvale, with a practitioner at each of its two providers, a school and a GP practice."""
    area = AreaFactory.create(name="Millvale", slug="millvale")
    carers_centre: Organisation = ProviderFactory.create(
        name="Millvale Carers Centre", slug="millvale-carers-centre", areas=[area]
    )
    young_carers_service: Organisation = ProviderFactory.create(
        name="Millvale Young Carers", slug="millvale-young-carers", areas=[area]
    )
    RoutingRule.objects.create(area=area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=area, cohort=Cohort.YOUNG, provider=young_carers_service)
    return ReferralArea(
        area=area,
        carers_centre=carers_centre,
        young_carers_service=young_carers_service,
        carers_centre_practitioner=practitioner_with_authenticator(
            carers_centre, "ada@carers-centre.example", "Ada Adams"
        ),
        young_carers_practitioner=practitioner_with_authenticator(
            young_carers_service, "yan@young-carers.example", "Yan Young"
        ),
        school=SchoolFactory.create(area=area, name="Millvale Primary School", urn="800001"),
        gp_practice=GPPracticeFactory.create(area=area, name="Station Road Surgery", ods_code="M00001"),
    )


def sign_in(
    page: Page, live_server: LiveServer, practitioner: Practitioner, assert_accessible: AssertAccessible
) -> None:
    """Sign in with password and security code, ending on the home page."""
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")
    assert_accessible(page)
    page.get_by_label("Email address").fill(practitioner.user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(security_code(practitioner.totp_secret))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{live_server.url}/")
    assert_accessible(page)


def open_inbox(page: Page, assert_accessible: AssertAccessible) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Referrals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals")
    assert_accessible(page)


def inbox_row(page: Page, reference: str) -> Locator:
    """The inbox table's row for the referral with this reference."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=reference, exact=True))


def summary_value(scope: Page | Locator, key: str) -> Locator:
    """The value beside a key in a GOV.UK summary list."""
    row = scope.locator(".govuk-summary-list__row").filter(has=scope.get_by_role("term").get_by_text(key, exact=True))
    return row.get_by_role("definition").first


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def fill_in_a_date(group: Locator, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
