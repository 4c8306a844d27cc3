"""The monitoring pages: dashboard, KPIs and targets, returns from generation to acceptance, ratings."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import Contract, ContractKpi, ManualMeasurement, MonitoringReturn, PerformanceRating
from carershub.commissioning.rules.rag import financial_quarter
from carershub.commissioning.services.monitoring import MonitoringInvalid, add_kpi, generate_return
from carershub.commissioning.tests.factories import (
    ContractFactory,
    ExtensionDecisionFactory,
    LotFactory,
    fund_every_year,
)
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import CouncilAdultSocialCareFactory
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation, commissioner: User) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area], reference="COV-CARERS")
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    add_kpi(contract, measure="new_carers_identified", annual_target=Decimal(1500), by=commissioner)
    return contract


def this_quarter() -> str:
    return financial_quarter(timezone.localdate()).start.isoformat()


def support(count: int, area: Area, provider: Organisation) -> None:
    for carer in AdultCarerFactory.create_batch(count, area=area):
        Involvement.objects.create(
            area=area,
            person=carer,
            organisation=provider,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(9))),
        )


def test_the_commissioners_dashboard_lists_contracts_with_decisions_budget_and_rag(
    sign_in: SignIn, commissioner: User, contract: Contract, home_area: Area, carers_centre: Organisation
) -> None:
    ExtensionDecisionFactory.create(contract=contract)
    support(12, home_area, carers_centre)
    page = sign_in(commissioner).get(reverse("commissioning:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "COV-CARERS" in html
    assert "Extension option 1 by 30 September 2027" in html
    assert "£990,930.00" in html
    assert page.context["summaries"][0].rag_counts == {"green": 1, "amber": 0, "red": 1, "none": 0}


def test_the_dashboard_shows_this_contract_years_value_against_the_funders_contributions(
    sign_in: SignIn, commissioner: User, council: Organisation, home_area: Area
) -> None:
    today = timezone.localdate()
    uplifted = ContractFactory.create(
        commissioner=council,
        areas=[home_area],
        reference="UPLIFT-1",
        start_date=today.replace(year=today.year - 1, day=1),  # in year 2 today
        annual_value=Decimal("100000.00"),
        annual_uplift_percent=Decimal("5.00"),
    )
    fund_every_year(uplifted, council, Decimal("100000.00"))
    covered = ContractFactory.create(commissioner=council, areas=[home_area], reference="COVERED-1")
    fund_every_year(covered, council, covered.annual_value)
    client = sign_in(commissioner)
    page = client.get(reverse("commissioning:home"))
    summaries = {summary.contract.reference: summary for summary in page.context["summaries"]}
    year = summaries["UPLIFT-1"].current_year
    assert year is not None
    assert (year.year, year.value) == (2, Decimal("105000.00"))
    assert summaries["UPLIFT-1"].uncovered == Decimal("5000.00")
    assert summaries["COVERED-1"].uncovered == Decimal("0.00")
    html = page.content.decode()
    assert "£5,000.00 of this year not covered" in html
    assert "Covers this year's value" in html


def test_the_dashboard_is_for_commissioners_and_managers_only(sign_in: SignIn, practitioner: User) -> None:
    assert sign_in(practitioner).get(reverse("commissioning:home")).status_code == 404


def test_the_kpi_page_shows_suppressed_figures_rag_a_chart_and_a_table(
    sign_in: SignIn, commissioner: User, contract: Contract, home_area: Area, carers_centre: Organisation
) -> None:
    support(3, home_area, carers_centre)
    page = sign_in(commissioner).get(reverse("commissioning:kpis", args=[contract.reference]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 5" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "The same figures as a table" in html
    assert ">3<" not in html


def test_a_commissioner_adds_a_kpi_and_sets_a_target(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    client = sign_in(commissioner)
    url = reverse("commissioning:kpis", args=[contract.reference])
    data = {"measure": "assessments_completed", "lot": "", "annual_target": "340", "green_from_percent": "100"}
    response = client.post(url, {**data, "amber_from_percent": "90", "action": "add"})
    assert response.status_code == 302
    response = client.post(url, {**data, "annual_target": "360", "amber_from_percent": "85", "action": "target"})
    kpi = contract.kpis.get(measure="assessments_completed")
    assert (kpi.annual_target, kpi.amber_from_percent) == (Decimal(360), Decimal(85))


def test_a_target_on_a_kpi_the_contract_does_not_have_is_a_clear_error(
    sign_in: SignIn, commissioner: User, contract: Contract
) -> None:
    response = sign_in(commissioner).post(
        reverse("commissioning:kpis", args=[contract.reference]),
        {
            "measure": "gp_practices_engaged",
            "lot": "",
            "annual_target": "60",
            "green_from_percent": "100",
            "amber_from_percent": "90",
            "action": "target",
        },
    )
    assert response.status_code == 400
    assert "This contract does not have that KPI" in response.content.decode()
    assert not contract.kpis.filter(measure="gp_practices_engaged").exists()


def test_a_provider_manager_cannot_set_targets(sign_in: SignIn, manager: User, contract: Contract) -> None:
    response = sign_in(manager).post(
        reverse("commissioning:kpis", args=[contract.reference]),
        {"measure": "short_breaks", "annual_target": "55", "green_from_percent": "100", "amber_from_percent": "90"},
    )
    assert response.status_code == 404
    assert not contract.kpis.filter(measure="short_breaks").exists()


def test_the_provider_enters_a_manual_figure(
    sign_in: SignIn, manager: User, commissioner: User, contract: Contract
) -> None:
    kpi = add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    client = sign_in(manager)
    url = reverse("commissioning:manual_figure", args=[contract.reference, kpi.pk])
    assert client.post(url, {"value": "-2", "quarter": this_quarter()}).status_code == 400
    assert (
        client.post(url, {"value": "14", "note": "Two short-break providers", "quarter": this_quarter()}).status_code
        == 302
    )
    assert kpi.manual_measurements.get().value == Decimal(14)
    assert (
        "Entered by provider" in client.get(reverse("commissioning:kpis", args=[contract.reference])).content.decode()
    )


def test_return_journey_generate_submit_accept(
    sign_in: SignIn,
    manager: User,
    commissioner: User,
    contract: Contract,
    home_area: Area,
    carers_centre: Organisation,
) -> None:
    support(12, home_area, carers_centre)
    provider = sign_in(manager)
    response = provider.post(
        reverse("commissioning:returns", args=[contract.reference]), {"lot": "", "quarter": this_quarter()}
    )
    assert response.status_code == 302
    draft = MonitoringReturn.objects.get()
    # The commissioner does not see the provider's draft.
    commissioner_client = sign_in(commissioner)
    assert (
        commissioner_client.get(reverse("commissioning:return", args=[contract.reference, draft.pk])).status_code == 404
    )
    provider.post(
        reverse("commissioning:return_submit", args=[contract.reference, draft.pk]),
        {"comment": "Good quarter", "action": "submit"},
    )
    draft.refresh_from_db()
    assert draft.status == MonitoringReturn.Status.SUBMITTED
    page = commissioner_client.get(reverse("commissioning:return", args=[contract.reference, draft.pk]))
    assert "Accept or query the return" in page.content.decode()
    bad = commissioner_client.post(
        reverse("commissioning:return_review", args=[contract.reference, draft.pk]), {"decision": "query"}
    )
    assert bad.status_code == 400
    assert "Enter what you are querying" in bad.content.decode()
    commissioner_client.post(
        reverse("commissioning:return_review", args=[contract.reference, draft.pk]), {"decision": "accept"}
    )
    draft.refresh_from_db()
    assert draft.status == MonitoringReturn.Status.ACCEPTED


def test_a_correction_through_the_pages(
    sign_in: SignIn, manager: User, contract: Contract, home_area: Area, carers_centre: Organisation
) -> None:
    provider = sign_in(manager)
    provider.post(reverse("commissioning:returns", args=[contract.reference]), {"lot": "", "quarter": this_quarter()})
    original = MonitoringReturn.objects.get()
    provider.post(reverse("commissioning:return_submit", args=[contract.reference, original.pk]), {"action": "submit"})
    assert (
        provider.post(reverse("commissioning:return_correct", args=[contract.reference, original.pk]), {}).status_code
        == 400
    )
    support(5, home_area, carers_centre)
    response = provider.post(
        reverse("commissioning:return_correct", args=[contract.reference, original.pk]), {"reason": "Late records"}
    )
    correction = MonitoringReturn.objects.get(version=2)
    assert response["Location"] == reverse("commissioning:return", args=[contract.reference, correction.pk])
    old_page = provider.get(reverse("commissioning:return", args=[contract.reference, original.pk])).content.decode()
    assert "+5" in old_page


def test_ratings_page_records_a_rating(sign_in: SignIn, commissioner: User, contract: Contract) -> None:
    client = sign_in(commissioner)
    url = reverse("commissioning:ratings", args=[contract.reference])
    assert client.get(url).status_code == 200
    assert client.post(url, {"contract_year": "1", "rating": "good", "evidence": ""}).status_code == 400
    assert not PerformanceRating.objects.exists()
    client.post(url, {"contract_year": "1", "rating": "good", "evidence": "All KPIs green"})
    assert PerformanceRating.objects.get().rating == "good"


@pytest.mark.parametrize("name", ["kpis", "returns", "ratings"])
def test_other_councils_and_practitioners_get_404(
    sign_in: SignIn, contract: Contract, practitioner: User, home_area: Area, name: str
) -> None:
    other_council = CouncilAdultSocialCareFactory.create(areas=[home_area])
    other_commissioner = create_staff_user(
        other_council,
        email="other-commissioner@test.example",
        full_name="Other",
        roles=[Role.COMMISSIONER],
        created_by=None,
        password="correct horse battery staple",
    )
    for user in (other_commissioner, practitioner):
        assert sign_in(user).get(reverse(f"commissioning:{name}", args=[contract.reference])).status_code == 404


def test_kpi_page_queries_do_not_grow_with_records(
    sign_in: SignIn,
    commissioner: User,
    contract: Contract,
    home_area: Area,
    carers_centre: Organisation,
    django_assert_max_num_queries: object,
) -> None:
    client = sign_in(commissioner)
    url = reverse("commissioning:kpis", args=[contract.reference])
    support(2, home_area, carers_centre)
    client.get(url)
    support(30, home_area, carers_centre)
    add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(url).status_code == 200
    assert ContractKpi.objects.count() == 3


def test_the_provider_generates_a_return_for_a_past_quarter_of_the_contract(
    sign_in: SignIn, manager: User, contract: Contract
) -> None:
    client = sign_in(manager)
    url = reverse("commissioning:returns", args=[contract.reference])
    page = client.get(url)
    # Every quarter from the contract's start (April 2025) to the one running today is offered, newest first.
    offered = [start for start, _ in page.context["form"].fields["quarter"].widget.choices]
    assert offered[0] == this_quarter()
    assert offered[-1] == "2025-04-01"

    assert client.post(url, {"lot": "", "quarter": "2025-07-01"}).status_code == 302

    made = MonitoringReturn.objects.get()
    assert (made.period_start.isoformat(), made.period_end.isoformat()) == ("2025-07-01", "2025-09-30")


@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        pytest.param("next", "has not started yet: choose", id="future_case"),
        pytest.param(
            "2025-01-01", "The contract started on 1 April 2025: choose a quarter from then on", id="before_case"
        ),
        pytest.param("2025-05-01", "Select the quarter the figures are for", id="not_a_quarter_case"),
    ],
)
def test_a_return_or_figure_for_a_quarter_not_offered_is_refused_at_the_field(
    sign_in: SignIn, manager: User, commissioner: User, contract: Contract, quarter: str, message: str
) -> None:
    if quarter == "next":
        quarter = (financial_quarter(timezone.localdate()).end + timedelta(days=1)).isoformat()
    kpi = add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    client = sign_in(manager)

    generated = client.post(
        reverse("commissioning:returns", args=[contract.reference]), {"lot": "", "quarter": quarter}
    )
    entered = client.post(
        reverse("commissioning:manual_figure", args=[contract.reference, kpi.pk]), {"value": "3", "quarter": quarter}
    )

    for response in (generated, entered):
        assert response.status_code == 400
        assert message in response.context["form"].errors["quarter"][0]
        assert "govuk-error-summary" in response.content.decode()
    assert not MonitoringReturn.objects.exists()
    assert not ManualMeasurement.objects.exists()


def test_the_service_refuses_a_return_for_a_quarter_not_started_yet(manager: User, contract: Contract) -> None:
    next_quarter = financial_quarter(financial_quarter(timezone.localdate()).end + timedelta(days=1))

    with pytest.raises(MonitoringInvalid) as refused:
        generate_return(contract, lot=None, period=next_quarter, by=manager)

    assert "has not started yet" in refused.value.errors["quarter"]
    assert not MonitoringReturn.objects.exists()


def test_set_up_a_contract_is_linked_from_the_commissioning_home_for_commissioners_only(
    sign_in: SignIn, commissioner: User, manager: User
) -> None:
    set_up = reverse("commissioning:contract_set_up")

    assert f'href="{set_up}"' in sign_in(commissioner).get(reverse("commissioning:home")).content.decode()
    assert f'href="{set_up}"' not in sign_in(manager).get(reverse("commissioning:home")).content.decode()
