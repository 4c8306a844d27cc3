"""A referral by someone who met the carer, to the provider's inbox, end to end in a real browser.

A school refers a young carer through the referral form, and a hospital sends a FHIR ServiceRequest; each is routed by
the area's rules, and only the provider it was routed to finds it in their inbox after signing in (password and
security code). axe-core checks every page visited.
"""

import json
import re
from datetime import date
from typing import Any

import pytest
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
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from carershub.organisations.models import Organisation
from carershub.organisations.services import create_api_key
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.people.rules import add_years
from carershub.referrals.fhir.codes import CARER_ROLE_SYSTEM, FHIR_JSON, REFERRAL_SYSTEM, ROLE_CODE_SYSTEM
from carershub.referrals.models import Referral
from tests.browser.referral_pages import (
    AssertAccessible,
    ReferralArea,
    continue_,
    fill_in_a_date,
    inbox_row,
    open_inbox,
    set_up_referral_area,
    sign_in,
    summary_value,
)


@pytest.fixture
def referral_area(transactional_db: None) -> ReferralArea:
    return set_up_referral_area()


def sign_out(page: Page, assert_accessible: AssertAccessible) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Carers Hub")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)


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
