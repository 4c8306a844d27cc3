"""Contract pages: who may open them, the contract page's figures, deciding extensions, variations, status, demand,
the OCDS download, and person-level pages refused to commissioners (setting one up: `test_set_up_views`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import (
    Contract,
    PopulationEstimate,
    Variation,
)
from carershub.commissioning.tests.factories import (
    ContractFactory,
    ContractKpiFactory,
    ExtensionDecisionFactory,
    LotFactory,
    PopulationEstimateFactory,
    fund_every_year,
)
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.people.models import Involvement
from carershub.referrals.models import Cohort
from carershub.referrals.tests.factories import AcceptedReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Organisation, carers_centre: Organisation, home_area: Area) -> Contract:
    contract = ContractFactory.create(reference="HOME-1", commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, number=1, provider=carers_centre, cohorts=[Cohort.ADULT])
    fund_every_year(contract, council, contract.annual_value)
    ExtensionDecisionFactory.create(contract=contract, option_number=1, decision_due_on=date(2027, 9, 30))
    ExtensionDecisionFactory.create(contract=contract, option_number=2, decision_due_on=date(2028, 9, 30))
    return contract


def test_the_contracts_list_shows_visible_contracts_in_a_constant_number_of_queries(
    sign_in: SignIn,
    commissioner: User,
    council: Organisation,
    carers_centre: Organisation,
    home_area: Area,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = sign_in(commissioner)
    for number in range(3):
        contract = ContractFactory.create(reference=f"LIST-{number}", commissioner=council, areas=[home_area])
        LotFactory.create(contract=contract, provider=carers_centre)
    ContractFactory.create(reference="SOMEONE-ELSES")
    client.get("/commissioning/contracts/")  # warm the session and permissions caches

    with django_assert_max_num_queries(12):
        response = client.get("/commissioning/contracts/")
    for number in range(3, 8):
        ContractFactory.create(reference=f"LIST-{number}", commissioner=council, areas=[home_area])
    with django_assert_max_num_queries(12):
        more = client.get("/commissioning/contracts/")

    page = response.content.decode()
    assert "LIST-0" in page
    assert "Home Carers Centre" in page
    assert "SOMEONE-ELSES" not in page
    assert "SOMEONE-ELSES" not in more.content.decode()
    assert "LIST-7" in more.content.decode()


def test_the_provider_manager_sees_the_contract_read_only(sign_in: SignIn, manager: User, contract: Contract) -> None:
    client = sign_in(manager)

    page = client.get("/commissioning/contracts/HOME-1/").content.decode()

    assert "You are seeing this contract as a provider" in page
    assert "/extensions/1/" not in page
    assert client.get("/commissioning/contracts/HOME-1/extensions/1/").status_code == 404
    assert client.post("/commissioning/contracts/HOME-1/status/", {"status": "ended"}).status_code == 404
    assert client.get("/commissioning/contracts/new/").status_code == 404
    contract.refresh_from_db()
    assert contract.status == Contract.Status.LIVE


def test_the_commissioners_actions_are_links_announced_as_buttons(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    # They look like buttons, so (as GOV.UK Frontend's button-as-link markup does) they say so to assistive
    # technology and the button script lets the space bar press them.
    client = sign_in(commissioner)
    pages = {
        "/commissioning/contracts/HOME-1/": [
            "/commissioning/contracts/HOME-1/status/",
            "/commissioning/contracts/HOME-1/variations/new/",
        ],
        "/commissioning/contracts/HOME-1/demand/": ["/commissioning/contracts/HOME-1/demand/estimates/new/"],
    }
    for page, actions in pages.items():
        content = client.get(page).content.decode()
        for action in actions:
            assert f'<a href="{action}" role="button" draggable="false"' in content, action


@pytest.mark.parametrize(
    "path",
    [
        "/commissioning/contracts/HOME-1/",
        "/commissioning/contracts/HOME-1/demand/",
        "/commissioning/contracts/HOME-1/ocds.json",
        "/commissioning/contracts/HOME-1/variations/new/",
        "/commissioning/contracts/HOME-1/extensions/1/",
        "/commissioning/contracts/HOME-1/status/",
        "/commissioning/contracts/HOME-1/demand/estimates/new/",
    ],
)
def test_staff_outside_the_contract_get_404(
    sign_in: SignIn,
    contract: Contract,
    practitioner: User,
    administrator: User,
    neighbour_practitioner: User,
    neighbour_area: Area,
    path: str,
) -> None:
    neighbour_council = CouncilAdultSocialCareFactory.create(areas=[neighbour_area])
    other_commissioner = create_staff_user(
        neighbour_council, email="other@test.example", full_name="Other", roles=[Role.COMMISSIONER], created_by=None
    )
    for user in (practitioner, administrator, neighbour_practitioner, other_commissioner):
        assert sign_in(user).get(path).status_code == 404, user


def test_deciding_to_extend_takes_the_option_and_records_who_decided(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    client = sign_in(commissioner)
    assert client.get("/commissioning/contracts/HOME-1/extensions/1/").status_code == 200

    response = client.post(
        "/commissioning/contracts/HOME-1/extensions/1/",
        {
            "outcome": "extend",
            "decided_on_day": "1",
            "decided_on_month": "9",
            "decided_on_year": "2025",
            "decision_reference": "KD-2025-17",
        },
    )

    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.status, contract.extensions_taken) == (Contract.Status.EXTENDED, 1)
    decision = contract.extension_decisions.get(option_number=1)
    assert (decision.outcome, decision.decided_by, decision.decision_reference) == (
        "extend",
        commissioner,
        "KD-2025-17",
    )
    page = client.get("/commissioning/contracts/HOME-1/").content.decode()
    assert "31 March 2029" in page  # current term now ends a year later


def test_a_bad_decision_is_refused_at_the_field_and_nothing_changes(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    response = sign_in(commissioner).post(
        "/commissioning/contracts/HOME-1/extensions/2/",
        {
            "outcome": "extend",
            "decided_on_day": "1",
            "decided_on_month": "9",
            "decided_on_year": "2025",
            "decision_reference": "KD-1",
        },
    )

    assert "Decide the earlier extension options first" in response.context["form"].errors["outcome"][0]
    contract.refresh_from_db()
    assert (contract.status, contract.extensions_taken) == (Contract.Status.LIVE, 0)
    assert not contract.extension_decisions.exclude(outcome="").exists()


def test_a_variation_shows_its_percentage_change_and_bad_input_keeps_what_was_typed(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    client = sign_in(commissioner)
    variation = {
        "new_annual_value": "1040476.50",
        "term_change_months": "0",
        "reason": "Demand up 30%",
        "approved_by": "Cabinet Member, Adult Social Care",
        "approved_on_day": "1",
        "approved_on_month": "5",
        "approved_on_year": "2025",
        "effective_from_day": "1",
        "effective_from_month": "6",
        "effective_from_year": "2025",
    }

    bad = client.post("/commissioning/contracts/HOME-1/variations/new/", variation | {"reason": ""})
    assert "Enter the reason for the variation" in bad.context["form"].errors["reason"][0]
    assert 'value="1040476.50"' in bad.content.decode()
    assert not Variation.objects.exists()

    too_long = client.post("/commissioning/contracts/HOME-1/variations/new/", variation | {"term_change_months": "36"})
    assert (
        "after the latest end the extension options allow" in too_long.context["form"].errors["term_change_months"][0]
    )
    assert not Variation.objects.exists()

    assert client.post("/commissioning/contracts/HOME-1/variations/new/", variation).status_code == 302
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("1040476.50")
    assert "+5.00%" in client.get("/commissioning/contracts/HOME-1/").content.decode()


def test_status_moves_through_the_life_cycle_only(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    client = sign_in(commissioner)

    refused = client.post("/commissioning/contracts/HOME-1/status/", {"status": "tendering"})
    assert "status" in refused.context["form"].errors
    assert client.post("/commissioning/contracts/HOME-1/status/", {"status": "ended"}).status_code == 302

    contract.refresh_from_db()
    assert contract.status == Contract.Status.ENDED


def test_demand_page_shows_estimates_reach_and_a_forecast_with_suppression(
    sign_in: SignIn, commissioner: User, contract: Contract, home_area: Area, carers_centre: Organisation
) -> None:
    PopulationEstimateFactory.create(area=home_area, measure="adult_carers", value=Decimal("35000"))
    PopulationEstimateFactory.create(area=home_area, measure="pupils", value=Decimal("40447"), source="School census")
    PopulationEstimateFactory.create(area=home_area, measure="young_carer_prevalence_percent", value=Decimal("8"))
    ContractKpiFactory.create(contract=contract, measure="carers_supported", annual_target=Decimal("10"))
    for _ in range(6):
        AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
    client = sign_in(commissioner)

    page = client.get("/commissioning/contracts/HOME-1/demand/?growth_percent=30&capacity=").content.decode()

    assert "38,236" in page  # 35,000 adult carers + 8% of 40,447 pupils
    assert "Adult carers aged 18 and over (local estimate)" in page
    assert "School census" in page
    assert page.count('role="img"') == 3
    assert "Year 1 (2025/26)" in page or "Year 2 (2026/27)" in page


def test_demand_counts_of_one_to_four_are_fewer_than_5_and_give_no_reach(
    sign_in: SignIn, commissioner: User, contract: Contract, home_area: Area, carers_centre: Organisation
) -> None:
    PopulationEstimateFactory.create(area=home_area, measure="census_carers", value=Decimal("100"))
    for _ in range(3):
        referral = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
        Involvement.objects.create(
            person=referral.carer,
            organisation=carers_centre,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=referral.received_at,
            area=home_area,
        )

    page = sign_in(commissioner).get("/commissioning/contracts/HOME-1/demand/").content.decode()

    assert "fewer than 5" in page
    assert "3.0%" not in page
    assert "too few carers supported" in page


def test_a_commissioner_adds_a_population_estimate_and_bad_input_saves_nothing(
    sign_in: SignIn, commissioner: User, contract: Contract, home_area: Area
) -> None:
    client = sign_in(commissioner)
    estimate = {
        "area": home_area.pk,
        "measure": "census_carers",
        "value": "35000",
        "source": "Census 2021 (ONS)",
        "as_of_day": "21",
        "as_of_month": "3",
        "as_of_year": "2021",
    }

    bad = client.post("/commissioning/contracts/HOME-1/demand/estimates/new/", estimate | {"value": "-1"})
    assert "must not be negative" in bad.context["form"].errors["value"][0]
    assert not PopulationEstimate.objects.exists()

    assert client.post("/commissioning/contracts/HOME-1/demand/estimates/new/", estimate).status_code == 302
    assert PopulationEstimate.objects.get().source == "Census 2021 (ONS)"


def test_the_ocds_download_is_json_and_audited(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    response = sign_in(commissioner).get("/commissioning/contracts/HOME-1/ocds.json")

    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["releases"][0]["ocid"] == contract.ocid
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED, subject_id=str(contract.pk)).exists()


def test_a_commissioner_cannot_open_person_level_pages_or_apis(
    sign_in: SignIn, commissioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    referral = AcceptedReferralFactory.create(area=home_area, provider=carers_centre)
    client: Client = sign_in(commissioner)

    for path in (f"/people/{referral.carer.pk}/", f"/referrals/{referral.reference}/"):
        assert client.get(path).status_code == 404, path
    # The inbox page opens, but holds no one: commissioners see aggregates only.
    assert referral.carer.family_name not in client.get("/referrals/").content.decode()


def test_a_variation_changes_the_value_only_from_its_effective_year_and_moves_the_term_and_its_decisions(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    # 3+1+1 from April 2025 at £990,930 a year; from April 2027 (year 3) £1,100,000 and six months longer.
    client = sign_in(commissioner)
    response = client.post(
        "/commissioning/contracts/HOME-1/variations/new/",
        {
            "new_annual_value": "1100000.00",
            "term_change_months": "6",
            "reason": "Demand up 30%",
            "approved_by": "Cabinet Member, Adult Social Care",
            "approved_on_day": "1",
            "approved_on_month": "5",
            "approved_on_year": "2025",
            "effective_from_day": "1",
            "effective_from_month": "4",
            "effective_from_year": "2027",
        },
    )
    assert response.status_code == 302

    page = client.get("/commissioning/contracts/HOME-1/")
    overview = page.context["overview"]
    # Years 1 and 2 at the old value; year 3 runs 18 months (549 of 366 days) at the new one; options follow it.
    assert [(y.start, y.end, y.value) for y in overview.years] == [
        (date(2025, 4, 1), date(2026, 3, 31), Decimal("990930.00")),
        (date(2026, 4, 1), date(2027, 3, 31), Decimal("990930.00")),
        (date(2027, 4, 1), date(2028, 9, 30), Decimal("1650000.00")),
        (date(2028, 10, 1), date(2029, 9, 30), Decimal("1100000.00")),
        (date(2029, 10, 1), date(2030, 9, 30), Decimal("1100000.00")),
    ]
    assert overview.lifetime_value == Decimal("5831860.00")
    assert overview.initial_term_value == Decimal("3631860.00")
    assert (overview.current_end_date, overview.latest_end_date) == (date(2028, 9, 30), date(2030, 9, 30))
    html = page.content.decode()
    assert "£5,831,860.00" in html
    # The council's contribution still adds up to the old value: the page says so.
    assert (
        "contributions add up to £990,930.00 this contract year, not the annual value of £1,100,000.00 as varied"
        in html
    )
    assert list(contract.extension_decisions.order_by("option_number").values_list("decision_due_on", flat=True)) == [
        date(2028, 3, 30),
        date(2029, 3, 30),
    ]

    release = client.get("/commissioning/contracts/HOME-1/ocds.json").json()["releases"][0]
    period = release["tender"]["contractPeriod"]
    assert (period["endDate"][:10], period["maxExtentDate"][:10]) == ("2028-09-30", "2030-09-30")
    assert Decimal(str(release["tender"]["value"]["amount"])) == Decimal("3631860.00")


def test_a_commissioner_extends_by_both_years_at_once_and_cannot_take_more_than_is_left(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    # Seed 000: "either as a single extension or via two separate twelve-month extensions".
    client = sign_in(commissioner)
    data = {
        "outcome": "extend",
        "decided_on_day": "1",
        "decided_on_month": "9",
        "decided_on_year": "2025",
        "decision_reference": "KD-2025-17",
    }
    page = client.get("/commissioning/contracts/HOME-1/extensions/1/").content.decode()
    assert "2 years, to take in one go or in whole-year parts" in page

    refused = client.post("/commissioning/contracts/HOME-1/extensions/1/", data | {"years": "3"})
    assert refused.context["form"].errors["years"] == ["Only 2 years of extension remain"]
    response = client.post("/commissioning/contracts/HOME-1/extensions/1/", data | {"years": "2"})

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.extension_parts_taken == [2]
    overview = client.get("/commissioning/contracts/HOME-1/").context["overview"]
    assert overview.current_end_date == date(2030, 3, 31)
    assert [decision.option_number for decision in overview.decisions] == [1]
