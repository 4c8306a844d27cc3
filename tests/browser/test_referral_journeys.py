"""A referral from wherever the carer was met to the provider's inbox, end to end in a real browser.

A member of the public asks for support on the "Am I a carer?" pages, a school refers a young carer, and a hospital
sends a FHIR ServiceRequest; each is routed by the area's rules, and the provider's practitioner signs in (password
and security code), finds it in their inbox and acts on it. axe-core checks every page visited.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir.resources.R4B.servicerequest import ServiceRequest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.services import create_api_key
from carershub.organisations.tests.factories import (
    AreaFactory,
    GPPracticeFactory,
    OrganisationFactory,
    ProviderFactory,
    SchoolFactory,
)
from carershub.people.rules import add_years
from carershub.referrals.fhir.codes import CARER_ROLE_SYSTEM, FHIR_JSON, REFERRAL_SYSTEM, ROLE_CODE_SYSTEM
from carershub.referrals.models import Cohort, Referral, RoutingRule
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


def _practitioner(organisation: Organisation, email: str, full_name: str) -> Practitioner:
    """A practitioner who has set up their authenticator app, as every real member of staff has."""
    user = create_staff_user(
        organisation, email=email, full_name=full_name, roles=[Role.PRACTITIONER], created_by=None, password=PASSWORD
    )
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return Practitioner(user, secret)


@pytest.fixture
def referral_area(transactional_db: None) -> ReferralArea:
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
        carers_centre_practitioner=_practitioner(carers_centre, "ada@carers-centre.example", "Ada Adams"),
        young_carers_practitioner=_practitioner(young_carers_service, "yan@young-carers.example", "Yan Young"),
        school=SchoolFactory.create(area=area, name="Millvale Primary School", urn="800001"),
        gp_practice=GPPracticeFactory.create(area=area, name="Station Road Surgery", ods_code="M00001"),
    )


# --- What a person does on the pages -------------------------------------------------------------------------------


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


def sign_out(page: Page, assert_accessible: AssertAccessible) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
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


def answer_the_questions_as_an_adult_carer(
    page: Page, live_server: LiveServer, assert_accessible: AssertAccessible
) -> None:
    """From the way in to the result: someone looking after their mother, who has dementia."""
    page.goto(f"{live_server.url}/am-i-a-carer/")  # one area takes self-referrals, so straight to its start page
    expect(page.get_by_role("heading", level=1)).to_have_text("Am I a carer?")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("group", name="Do you look after, or help, someone who could not manage")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Why do they need help?")
    assert_accessible(page)
    page.get_by_label("Dementia").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("What do you help with?")
    assert_accessible(page)
    page.get_by_label("Medication").check()
    page.get_by_label("Cooking, cleaning and shopping").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("How old are you?")
    assert_accessible(page)
    page.get_by_label("18 or over").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("You are probably a carer")
    assert_accessible(page)


def fill_in_a_date(group: Locator, day: date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


# --- 1. Self-referral ----------------------------------------------------------------------------------------------


def test_a_self_referral_is_routed_to_the_carers_centre_accepted_and_starts_the_carers_record(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    # A member of the public finds out they are a carer and asks for support.
    answer_the_questions_as_an_adult_carer(page, live_server, assert_accessible)
    page.get_by_role("button", name="Ask for support").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for support")
    assert_accessible(page)
    # "First name" and "Last name" are asked twice: about you, then about the person you look after.
    page.get_by_label("First name").nth(0).fill("Sam")
    page.get_by_label("Last name").nth(0).fill("Rivers")
    fill_in_a_date(page.get_by_role("group", name="Date of birth", exact=True), date(1975, 6, 14))
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Phone call").check()
    page.get_by_label("Text message").check()
    page.get_by_label("First name").nth(1).fill("Jo")
    page.get_by_label("Last name").nth(1).fill("Rivers")
    fill_in_a_date(page.get_by_role("group", name="Date of birth (optional)"), date(1950, 3, 2))
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("What support would you like?").fill("Someone to talk to, and a break now and then.")
    page.get_by_label("I agree to Carers Hub and the carers' support services in Millvale").check()
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    assert_accessible(page)
    expect(summary_value(page, "Name")).to_have_text("Sam Rivers")  # the first "Name" is about you
    expect(summary_value(page, "Date of birth")).to_have_text("14 June 1975")
    page.get_by_role("button", name="Accept and send").click()

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Request sent")
    assert_accessible(page)
    reference = panel.locator("strong").inner_text().strip()
    assert re.fullmatch(r"R[0-9A-Z]{8}", reference), reference

    # The carers centre's practitioner finds it in their inbox and accepts it.
    sign_in(page, live_server, referral_area.carers_centre_practitioner, assert_accessible)
    open_inbox(page, assert_accessible)
    row = inbox_row(page, reference)
    expect(row).to_contain_text("Sam Rivers")
    expect(row).to_contain_text("Adult carers")
    expect(row).to_contain_text("The carer themselves")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)
    expect(summary_value(page, "Provider")).to_have_text("Millvale Carers Centre")
    expect(summary_value(page, "Source")).to_have_text("The carer themselves")
    page.get_by_role("button", name="Accept referral").click()

    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(f"Referral {reference} accepted: Millvale Carers Centre now has a case open")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accepted")
    assert_accessible(page)

    # The carer's record now holds their details and what happened.
    page.get_by_role("link", name="Sam Rivers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Rivers")
    assert_accessible(page)
    expect(summary_value(page, "Name")).to_have_text("Sam Rivers")
    expect(summary_value(page, "Date of birth")).to_contain_text("14 June 1975")
    expect(summary_value(page, "Phone")).to_have_text("07700900982")  # stored without spaces
    expect(page.get_by_role("table", name="People Sam Rivers cares for")).to_contain_text("Jo Rivers")
    timeline = page.locator(".moj-timeline").get_by_role("heading", level=3)
    expect(timeline.first).to_have_text(f"Referral {reference} accepted by Millvale Carers Centre")  # newest first
    expect(
        timeline.filter(has_text="Referred by the carer themselves; routed to Millvale Carers Centre")
    ).to_have_count(1)
    assert Referral.objects.get(reference=reference).status == Referral.Status.ACCEPTED


# --- 2. A school referral ------------------------------------------------------------------------------------------


def test_a_schools_referral_of_a_12_year_old_goes_to_the_young_carers_service_only(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    # The school's pastoral lead refers a pupil, with a parent's agreement.
    page.goto(f"{live_server.url}/refer-a-carer/")  # one area takes referrals, so straight to its form
    expect(page).to_have_url(f"{live_server.url}/refer-a-carer/millvale/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a carer")
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Alex Morgan")
    page.get_by_label("Your role").fill("Pastoral lead")
    page.get_by_label("Your work email address").fill("alex.morgan@school.example")
    where_from = page.get_by_role("group", name="Where are you referring from?")
    where_from.get_by_label("School", exact=True).check()
    page.get_by_label("Your school").select_option(label="Millvale Primary School")
    # "First name", "Last name" and "Date of birth" are asked about the carer, then about the person they care for.
    page.get_by_label("First name").nth(0).fill("Kai")
    page.get_by_label("Last name").nth(0).fill("Lee")
    fill_in_a_date(page.get_by_role("group", name="Date of birth", exact=True), add_years(timezone.localdate(), -12))
    page.get_by_label("Phone number", exact=True).fill("07700 900 123")  # a parent's number
    page.get_by_label("First name").nth(1).fill("Jo")
    page.get_by_label("Last name").nth(1).fill("Lee")
    page.get_by_role("group", name="Who is this person to the carer?").get_by_label("Parent", exact=True).check()
    page.get_by_label("Why does the carer need support?").fill("Looks after mum most evenings; tired in class.")
    page.get_by_label("Within a week").check()
    page.get_by_label("has agreed to this referral").check()
    page.get_by_role("group", name="Who agreed?").get_by_label("A parent or guardian", exact=True).check()
    page.get_by_label("If a parent or guardian agreed: their full name").fill("Dana Lee")
    page.get_by_label("If a parent or guardian agreed: who they are to the carer").fill("Mother")
    continue_(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the referral")
    assert_accessible(page)
    expect(summary_value(page, "School")).to_have_text("Millvale Primary School")
    expect(summary_value(page, "Who agreed")).to_contain_text("A parent or guardian")
    expect(summary_value(page, "Who agreed")).to_contain_text("Dana Lee (Mother)")
    page.get_by_role("button", name="Accept and send").click()

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Referral sent")
    assert_accessible(page)
    reference = panel.locator("strong").inner_text().strip()
    assert re.fullmatch(r"R[0-9A-Z]{8}", reference), reference

    # The young carers service has it.
    sign_in(page, live_server, referral_area.young_carers_practitioner, assert_accessible)
    open_inbox(page, assert_accessible)
    row = inbox_row(page, reference)
    expect(row).to_contain_text("Kai Lee")
    expect(row.get_by_role("cell", name="12", exact=True)).to_be_visible()
    expect(row).to_contain_text("Young carers (under 18)")
    expect(row).to_contain_text("School or college")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)
    expect(summary_value(page, "Provider")).to_have_text("Millvale Young Carers")
    expect(summary_value(page, "Referred by")).to_contain_text("Alex Morgan, Pastoral lead")
    expect(summary_value(page, "Referred by")).to_contain_text("Millvale Primary School")
    sign_out(page, assert_accessible)

    # The carers centre does not: not in its inbox, and its address is a page not found.
    sign_in(page, live_server, referral_area.carers_centre_practitioner, assert_accessible)
    open_inbox(page, assert_accessible)
    expect(page.get_by_role("heading", level=2, name="Waiting for a decision (0)")).to_be_visible()
    expect(page.get_by_role("link", name=reference)).to_have_count(0)
    response = page.goto(f"{live_server.url}/referrals/{reference}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text(reference)).to_have_count(0)
    assert_accessible(page)


# --- 3. A hospital referral as FHIR --------------------------------------------------------------------------------


def discharge_referral(*, carer_born: date) -> dict[str, Any]:
    """A UK Core ServiceRequest: the carer is a RelatedPerson (coded Carer, and WIFE) of the cared-for Patient."""
    cared_for = Patient(id="patient", name=[HumanName(given=["Arthur"], family="Smith")], birthDate=date(1941, 3, 2))
    carer = RelatedPerson(
        id="carer",
        patient=Reference(reference="#patient"),
        relationship=[
            CodeableConcept(coding=[Coding(system=CARER_ROLE_SYSTEM, code="Carer", display="Carer of patient")]),
            CodeableConcept(coding=[Coding(system=ROLE_CODE_SYSTEM, code="WIFE", display="wife")]),
        ],
        name=[HumanName(use="official", given=["Joy"], family="Smith")],
        birthDate=carer_born,
        telecom=[ContactPoint(system="phone", value="07700 900456")],
    )
    service_request = ServiceRequest(
        identifier=[Identifier(system="https://millvale-hospital.example/discharge-referrals", value="DR-1")],
        status="active",
        intent="order",
        priority="routine",
        contained=[cared_for, carer],
        subject=Reference(reference="#patient"),
        supportingInfo=[Reference(reference="#carer")],
        requester=Reference(display="Ward 7 discharge team"),
        locationCode=[CodeableConcept(text="Millvale General Hospital, Ward 7")],
        reasonCode=[CodeableConcept(text="Caring for her husband after a stroke; he goes home on Friday")],
    )
    resource: dict[str, Any] = service_request.model_dump(mode="json", by_alias=True, exclude_none=True)
    ServiceRequest.model_validate(resource)  # what is sent is a valid R4 ServiceRequest
    return resource


def test_a_hospital_referral_sent_as_fhir_reaches_the_carers_centres_inbox(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    icb: Organisation = OrganisationFactory.create(
        name="Millvale ICB", slug="millvale-icb", kind=Organisation.Kind.ICB, areas=[referral_area.area]
    )
    _, key = create_api_key(icb, name="discharge system", created_by=None)

    response = page.request.post(
        f"{live_server.url}/api/v1/fhir/ServiceRequest",
        data=json.dumps(discharge_referral(carer_born=date(1950, 9, 30))),
        headers={"Authorization": f"Bearer {key}", "Content-Type": FHIR_JSON},
    )

    assert response.status == 201, response.text()
    body = response.json()
    reference = body["id"]
    assert {"system": REFERRAL_SYSTEM, "value": reference} in body["identifier"]
    assert response.headers["location"] == f"{live_server.url}/api/v1/fhir/ServiceRequest/{reference}"

    sign_in(page, live_server, referral_area.carers_centre_practitioner, assert_accessible)
    open_inbox(page, assert_accessible)
    row = inbox_row(page, reference)
    expect(row).to_contain_text("Joy Smith")
    expect(row).to_contain_text("Adult carers")
    expect(row.get_by_role("cell", name="Hospital ward or discharge team")).to_be_visible()
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)
    expect(summary_value(page, "Provider")).to_have_text("Millvale Carers Centre")
    expect(summary_value(page, "Source")).to_have_text("Hospital ward or discharge team")
    expect(summary_value(page, "Referred by")).to_contain_text("Ward 7 discharge team")
    expect(summary_value(page, "Referred by")).to_contain_text("Millvale General Hospital, Ward 7")
    expect(summary_value(page, "Why the carer needs support")).to_contain_text("Caring for her husband after a stroke")
    # The message carried no consent to share: the record opens once the practitioner records the carer's.
    expect(page.get_by_text("The carer's record is not open to you yet")).to_be_visible()
    expect(page.get_by_role("button", name="Accept referral")).to_have_count(0)
    page.get_by_label("The carer themselves").check()
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_role("alert")).to_contain_text("Consent recorded: the carer's record is now open to you")
    assert_accessible(page)
    page.get_by_role("button", name="Accept referral").click()

    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(f"Referral {reference} accepted: Millvale Carers Centre now has a case open")
    assert_accessible(page)

    # The carer's record: the details the hospital sent, and the referral on the timeline.
    page.get_by_role("link", name="Joy Smith").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Joy Smith")
    assert_accessible(page)
    expect(summary_value(page, "Date of birth")).to_contain_text("30 September 1950")
    expect(summary_value(page, "Phone")).to_have_text("07700900456")
    expect(page.get_by_role("table", name="People Joy Smith cares for")).to_contain_text("Arthur Smith")
    timeline = page.locator(".moj-timeline").get_by_role("heading", level=3)
    expect(timeline.first).to_have_text(f"Referral {reference} accepted by Millvale Carers Centre")
    expect(
        timeline.filter(has_text="Referred by hospital ward or discharge team; routed to Millvale Carers Centre")
    ).to_have_count(1)
    assert Referral.objects.get(reference=reference).status == Referral.Status.ACCEPTED


# --- Using the public pages ----------------------------------------------------------------------------------------


def test_the_first_question_can_be_answered_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    page.goto(f"{live_server.url}/am-i-a-carer/millvale/looking-after-someone/")
    assert_accessible(page)
    yes = page.get_by_label("Yes", exact=True)
    for _ in range(10):  # Tab forward until the first answer has focus, as a keyboard user would
        page.keyboard.press("Tab")
        if yes.evaluate("element => element === document.activeElement"):
            break
    expect(yes).to_be_focused()
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    page.keyboard.press("Tab")  # out of the radio group, to the button
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/am-i-a-carer/millvale/why-they-need-help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why do they need help?")
    assert_accessible(page)


def test_sending_the_self_referral_form_empty_shows_the_error_summary_with_focus_on_it(
    page: Page, live_server: LiveServer, referral_area: ReferralArea, assert_accessible: AssertAccessible
) -> None:
    answer_the_questions_as_an_adult_carer(page, live_server, assert_accessible)
    page.get_by_role("button", name="Ask for support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for support")
    assert_accessible(page)

    continue_(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(page).to_have_title("Error: Ask for support \N{EN DASH} Carers Hub")
    expect(summary.get_by_role("link", name="Enter your first name")).to_be_visible()
    expect(summary.get_by_role("link", name="Select the box to say you agree, so that we can help you")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your first name").click()
    expect(page.get_by_label("First name").nth(0)).to_be_focused()
    assert not Referral.objects.exists()
