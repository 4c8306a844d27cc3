"""Privacy by construction: a commissioner sees aggregates only. Every person-level page and API is a 404 (or, for the
API without an organisation's key, 401), and every count of 1 to 4 they can see is "fewer than 5"."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.commissioning.models import Contract
from carershub.commissioning.selectors.monitoring import current_quarter
from carershub.commissioning.services.monitoring import (
    generate_return,
    record_manual_figure,
    submit_return,
)
from carershub.commissioning.tests.test_exports import xlsx_cells
from carershub.emergency_response.tests.factories import active_plan
from carershub.organisations.models import Organisation
from carershub.organisations.services import create_api_key
from carershub.people.models import Person
from carershub.referrals.models import Referral

pytestmark = pytest.mark.django_db


def person_pages(carer: Person, referral: Referral, practitioner: User) -> list[str]:
    assessment = AssessmentFactory.create(carer=carer, organisation=referral.provider)
    plan = active_plan(carer, by=practitioner)
    return [
        reverse("people:detail", args=[carer.pk]),
        reverse("referrals:detail", args=[referral.reference]),
        reverse("assessments:detail", args=[assessment.reference]),
        reverse("assessments:record", args=[assessment.reference]),
        reverse("assessments:record_pdf", args=[assessment.reference]),
        reverse("assessments:letter", args=[assessment.reference]),
        reverse("emergency_response:plan", args=[plan.pk]),
        reverse("emergency_response:print", args=[plan.pk]),
        reverse("emergency_response:card", args=[plan.pk]),
        reverse("emergency_response:new_plan", args=[carer.pk]),
    ]


def person_lists(carer: Person) -> list[str]:
    return [
        reverse("people:search") + f"?q={carer.family_name}",
        reverse("referrals:inbox"),
        reverse("assessments:list"),
        reverse("emergency_response:plans"),
    ]


def test_a_commissioner_gets_404_on_every_page_about_a_person(
    sign_in: SignIn, commissioner: User, walked_carer: Person, referral: Referral, practitioner: User
) -> None:
    client = sign_in(commissioner)
    for url in person_pages(walked_carer, referral, practitioner):
        response = client.get(url)
        assert response.status_code == 404, url
        assert walked_carer.family_name.encode() not in response.content, url


def test_lists_and_searches_of_people_show_a_commissioner_no_one(
    sign_in: SignIn, commissioner: User, walked_carer: Person, referral: Referral, practitioner: User
) -> None:
    person_pages(walked_carer, referral, practitioner)  # an assessment and a plan exist too
    client = sign_in(commissioner)
    for url in person_lists(walked_carer):
        response = client.get(url)
        assert response.status_code == 404, url  # none of these lists is a commissioner's
        html = response.content.decode()
        # The search box echoes what was typed; what must not appear is anything from the record.
        assert reverse("people:detail", args=[walked_carer.pk]) not in html, url
        assert walked_carer.postcode not in html, url
        assert walked_carer.given_name not in html, url
        assert referral.reference not in html, url


def test_the_person_level_apis_give_a_commissioner_nothing(
    sign_in: SignIn, commissioner: User, council: Organisation, referral: Referral
) -> None:
    # Signed in to the website is not an API credential.
    client = sign_in(commissioner)
    assert client.get("/api/v1/referrals").status_code == 401
    assert client.get(f"/api/v1/referrals/{referral.reference}").status_code == 401
    # The council's own key sees only referrals it made, never those routed to a provider.
    _, key = create_api_key(council, name="council system", created_by=None)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(f"/api/v1/referrals/{referral.reference}").status_code == 404
    listing = api.get("/api/v1/referrals")
    assert listing.status_code == 200
    assert referral.reference not in listing.content.decode()


def test_small_counts_are_suppressed_on_every_page_and_export(
    sign_in: SignIn,
    commissioner: User,
    manager: User,
    contract: Contract,
    walked_carer: Person,
) -> None:
    # One carer supported (the fixture) and a provider figure of 3: both must read "fewer than 5".
    quarter = current_quarter()
    record_manual_figure(contract.kpis.get(measure="short_breaks"), period=quarter, value=Decimal(3), by=manager)
    submit_return(generate_return(contract, lot=None, period=quarter, by=manager), by=manager)
    client = sign_in(commissioner)
    pages = [
        reverse("commissioning:kpis", args=[contract.reference]),
        reverse("commissioning:return", args=[contract.reference, contract.returns.get().pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert html.count("fewer than 5") >= 2, url
    exported = client.get(f"/commissioning/contracts/{contract.reference}/kpis.csv").content.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(exported)))
    this_quarter = [row for row in csv_rows if row[3] == quarter.short_label]
    assert [row[5] for row in this_quarter] == ["fewer than 5", "fewer than 5"]
    cells = xlsx_cells(client.get(f"/commissioning/contracts/{contract.reference}/kpis.xlsx").content)
    assert cells.count("fewer than 5") == 2
    assert "1" not in cells
    assert "3" not in cells
