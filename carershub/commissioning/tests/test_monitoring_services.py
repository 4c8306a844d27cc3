"""KPIs and targets, provider figures, quarterly returns (frozen on submit, accepted or queried, corrected by new
versions) and annual ratings."""

from datetime import datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.models import Contract, ContractKpi, MonitoringReturn, PerformanceRating
from carershub.commissioning.rules.rag import Period, financial_quarter
from carershub.commissioning.selectors.monitoring import return_lines
from carershub.commissioning.services.monitoring import (
    MonitoringInvalid,
    ReturnFrozen,
    accept_return,
    add_kpi,
    correct_return,
    generate_return,
    query_return,
    rate_contract_year,
    record_manual_figure,
    set_kpi_target,
    submit_return,
)
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    return contract


def support(count: int, area: Area, provider: Organisation) -> None:
    today = timezone.localdate()
    for carer in AdultCarerFactory.create_batch(count, area=area):
        Involvement.objects.create(
            area=area,
            person=carer,
            organisation=provider,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=timezone.make_aware(datetime.combine(today, time(9))),
        )


def test_a_commissioner_adds_a_kpi_from_the_library(contract: Contract, commissioner: User) -> None:
    kpi = add_kpi(contract, measure="carers_supported", annual_target=Decimal(4000), by=commissioner)
    assert kpi.label == "Carers supported"
    assert not kpi.manual
    manual = add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    assert manual.manual
    assert AuditEvent.objects.filter(subject_type="commissioning.contractkpi", kind="record_created").count() == 2


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"measure": "happiness", "annual_target": Decimal(1)}, "measure"),
        ({"measure": "carers_supported", "annual_target": Decimal(-1)}, "annual_target"),
        (
            {
                "measure": "carers_supported",
                "annual_target": Decimal(1),
                "green_from_percent": Decimal(80),
                "amber_from_percent": Decimal(90),
            },
            "amber_from_percent",
        ),
    ],
)
def test_bad_kpis_are_refused_and_nothing_is_saved(
    contract: Contract, commissioner: User, arguments: dict[str, object], field: str
) -> None:
    with pytest.raises(MonitoringInvalid) as raised:
        add_kpi(contract, by=commissioner, **arguments)  # type: ignore[arg-type]
    assert field in raised.value.errors
    assert not ContractKpi.objects.exists()


def test_a_target_on_a_kpi_the_contract_does_not_have_is_refused(contract: Contract, commissioner: User) -> None:
    with pytest.raises(MonitoringInvalid) as raised:
        set_kpi_target(contract, measure="assessments_completed", annual_target=Decimal(340), by=commissioner)
    assert raised.value.errors == {"measure": "This contract does not have that KPI: add it from the library first"}
    assert not ContractKpi.objects.exists()


def test_changing_a_target(contract: Contract, commissioner: User) -> None:
    add_kpi(contract, measure="assessments_completed", annual_target=Decimal(300), by=commissioner)
    kpi = set_kpi_target(contract, measure="assessments_completed", annual_target=Decimal(340), by=commissioner)
    assert kpi.annual_target == Decimal(340)


def test_a_kpi_cannot_be_added_twice(contract: Contract, commissioner: User) -> None:
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(4000), by=commissioner)
    with pytest.raises(MonitoringInvalid):
        add_kpi(contract, measure="carers_supported", annual_target=Decimal(3000), by=commissioner)
    assert ContractKpi.objects.get().annual_target == Decimal(4000)


def test_figures_can_only_be_entered_for_manual_measures(contract: Contract, commissioner: User, manager: User) -> None:
    quarter = financial_quarter(timezone.localdate())
    computed = add_kpi(contract, measure="carers_supported", annual_target=Decimal(4000), by=commissioner)
    with pytest.raises(MonitoringInvalid):
        record_manual_figure(computed, period=quarter, value=Decimal(10), by=manager)
    manual = add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    record_manual_figure(manual, period=quarter, value=Decimal(10), by=manager)
    figure = record_manual_figure(manual, period=quarter, value=Decimal(14), by=manager)
    assert figure.value == Decimal(14)
    assert manual.manual_measurements.count() == 1


@pytest.fixture
def draft(
    contract: Contract, commissioner: User, manager: User, home_area: Area, carers_centre: Organisation
) -> MonitoringReturn:
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    add_kpi(contract, measure="short_breaks", annual_target=Decimal(20), by=commissioner)
    support(12, home_area, carers_centre)
    quarter = financial_quarter(timezone.localdate())
    record_manual_figure(contract.kpis.get(measure="short_breaks"), period=quarter, value=Decimal(6), by=manager)
    return generate_return(contract, lot=None, period=quarter, by=manager)


def test_a_return_is_generated_from_live_records_with_targets_and_rag(draft: MonitoringReturn) -> None:
    figures = {row["measure"]: row for row in draft.figures}
    assert figures["carers_supported"]["value"] == "12"
    assert figures["carers_supported"]["target"] == "10.00"  # 40 a year, a quarter of it
    assert figures["carers_supported"]["rag"] == "green"
    assert figures["short_breaks"]["value"] == "6.00"
    assert figures["short_breaks"]["manual"] is True
    assert figures["short_breaks"]["rag"] == "green"
    assert draft.status == MonitoringReturn.Status.DRAFT


def test_a_submitted_return_is_frozen_and_shows_later_differences(
    draft: MonitoringReturn, manager: User, home_area: Area, carers_centre: Organisation
) -> None:
    submitted = submit_return(draft, comment="Busy quarter", by=manager)
    assert submitted.status == MonitoringReturn.Status.SUBMITTED
    support(6, home_area, carers_centre)  # records corrected after submission
    submitted.refresh_from_db()
    assert {row["measure"]: row["value"] for row in submitted.figures}["carers_supported"] == "12"
    line = next(line for line in return_lines(submitted) if line.label == "Carers supported")
    assert (line.frozen, line.live, line.change) == ("12", "18", "+6")
    with pytest.raises(ReturnFrozen):
        submit_return(submitted, by=manager)
    with pytest.raises(MonitoringInvalid):
        generate_return(
            submitted.contract, lot=None, period=Period(submitted.period_start, submitted.period_end), by=manager
        )


def test_the_commissioner_accepts_or_queries_with_a_comment(
    draft: MonitoringReturn, manager: User, commissioner: User
) -> None:
    submitted = submit_return(draft, by=manager)
    with pytest.raises(MonitoringInvalid):
        query_return(submitted, comment="  ", by=commissioner)
    queried = query_return(submitted, comment="Why so few short breaks?", by=commissioner)
    assert queried.status == MonitoringReturn.Status.QUERIED
    assert queried.reviewed_by == commissioner
    with pytest.raises(MonitoringInvalid):
        accept_return(queried, by=commissioner)


def test_a_correction_is_a_new_version_superseding_the_old(
    draft: MonitoringReturn, manager: User, commissioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    submitted = submit_return(draft, by=manager)
    query_return(submitted, comment="Check carers supported", by=commissioner)
    with pytest.raises(MonitoringInvalid):
        correct_return(submitted, reason="", by=manager)
    support(3, home_area, carers_centre)
    correction = correct_return(submitted, reason="Three cases were recorded late", by=manager)
    assert correction.version == 2
    assert correction.supersedes == submitted
    assert {row["measure"]: row["value"] for row in correction.figures}["carers_supported"] == "15"
    submit_return(correction, by=manager)
    submitted.refresh_from_db()
    assert submitted.status == MonitoringReturn.Status.SUPERSEDED
    assert {row["measure"]: row["value"] for row in submitted.figures}["carers_supported"] == "12"
    accept_return(correction, by=commissioner)


def test_a_year_is_rated_with_evidence(contract: Contract, commissioner: User) -> None:
    with pytest.raises(MonitoringInvalid) as raised:
        rate_contract_year(contract, contract_year=1, rating="good", evidence=" ", by=commissioner)
    assert "evidence" in raised.value.errors
    rating = rate_contract_year(
        contract, contract_year=1, rating="approaching_target", evidence="3 of 8 KPIs amber", by=commissioner
    )
    assert rating.get_rating_display() == "Approaching target"
    rate_contract_year(contract, contract_year=1, rating="good", evidence="Re-rated after correction", by=commissioner)
    assert PerformanceRating.objects.get().rating == "good"
