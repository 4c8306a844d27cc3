"""KPIs and targets, provider figures, quarterly returns (frozen on submit, accepted or queried, corrected by new
versions) and annual ratings."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.models import (
    Contract,
    ContractKpi,
    MonitoringReturn,
    PerformanceRating,
    SubmittedReturnIsFrozen,
)
from carershub.commissioning.rules.rag import Period, financial_quarter
from carershub.commissioning.selectors.monitoring import return_lines
from carershub.commissioning.services.monitoring import (
    MonitoringInvalid,
    ReturnFrozen,
    add_kpi,
    correct_return,
    generate_return,
    record_manual_figure,
    set_kpi_target,
    submit_return,
)
from carershub.commissioning.services.ratings import rate_contract_year
from carershub.commissioning.services.reviews import accept_return, query_return
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


def carers_supported(monitoring_return: MonitoringReturn) -> str:
    return str({row["measure"]: row["value"] for row in monitoring_return.figures}["carers_supported"])


@pytest.mark.parametrize(
    "change",
    [
        {"figures": []},
        {"period_end": date(2030, 3, 31)},
        {"provider_comment": "Rewritten after the event"},
        {"status": MonitoringReturn.Status.DRAFT},
    ],
    ids=["figures", "period", "provider_comment", "back_to_draft"],
)
def test_the_database_refuses_changes_to_a_submitted_return_below_the_services(
    draft: MonitoringReturn, manager: User, change: dict[str, object]
) -> None:
    submitted = submit_return(draft, by=manager)
    with pytest.raises(DatabaseError), transaction.atomic():
        MonitoringReturn.objects.filter(pk=submitted.pk).update(**change)
    after = MonitoringReturn.objects.get(pk=submitted.pk)
    assert carers_supported(after) == "12"
    assert (after.period_start, after.period_end) == (submitted.period_start, submitted.period_end)
    assert after.provider_comment == submitted.provider_comment
    assert after.status == MonitoringReturn.Status.SUBMITTED


def test_the_database_refuses_an_sql_update_of_submitted_figures(draft: MonitoringReturn, manager: User) -> None:
    submitted = submit_return(draft, by=manager)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE commissioning_monitoringreturn SET figures = '[]' WHERE id = %s", [submitted.pk])
    assert carers_supported(MonitoringReturn.objects.get(pk=submitted.pk)) == "12"


def test_a_draft_return_can_still_be_changed_and_deleted(draft: MonitoringReturn) -> None:
    MonitoringReturn.objects.filter(pk=draft.pk).update(figures=[])
    assert MonitoringReturn.objects.get(pk=draft.pk).figures == []
    MonitoringReturn.objects.filter(pk=draft.pk).delete()
    assert not MonitoringReturn.objects.exists()


def test_a_submitted_return_cannot_be_deleted(draft: MonitoringReturn, manager: User) -> None:
    submitted = submit_return(draft, by=manager)
    with pytest.raises(SubmittedReturnIsFrozen):
        MonitoringReturn.objects.filter(pk=submitted.pk).delete()
    with pytest.raises(SubmittedReturnIsFrozen):
        submitted.delete()
    assert MonitoringReturn.objects.filter(pk=submitted.pk).exists()


def test_postgresql_refuses_an_sql_delete_of_a_submitted_return(draft: MonitoringReturn, manager: User) -> None:
    """PostgreSQL (every real deployment) refuses the row delete; SQLite, for demos only, relies on the model layer."""
    submitted = submit_return(draft, by=manager)

    def delete_with_sql() -> bool:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM commissioning_monitoringreturn WHERE id = %s", [submitted.pk])
                transaction.set_rollback(True)  # where the delete went through, keep the row for the check below
        except DatabaseError:
            return False
        return True

    assert delete_with_sql() is (connection.vendor != "postgresql")
    assert MonitoringReturn.objects.filter(pk=submitted.pk).exists()


def test_review_and_correction_still_work_on_a_frozen_return(
    draft: MonitoringReturn, manager: User, commissioner: User
) -> None:
    submitted = submit_return(draft, comment="Busy quarter", by=manager)
    queried = query_return(submitted, comment="Check carers supported", by=commissioner)
    correction = correct_return(queried, reason="Late recording", by=manager)
    submit_return(correction, by=manager)
    accepted = accept_return(correction, by=commissioner, comment="Thank you")
    original = MonitoringReturn.objects.get(pk=submitted.pk)
    assert original.status == MonitoringReturn.Status.SUPERSEDED
    assert original.commissioner_comment == "Check carers supported"
    assert original.provider_comment == "Busy quarter"
    assert MonitoringReturn.objects.get(pk=accepted.pk).status == MonitoringReturn.Status.ACCEPTED


def test_no_return_is_generated_for_a_contract_with_no_kpis(contract: Contract, manager: User) -> None:
    with pytest.raises(MonitoringInvalid) as refused:
        generate_return(contract, lot=None, period=financial_quarter(timezone.localdate()), by=manager)

    assert refused.value.errors == {"period": "Add the contract's KPIs before generating a return"}
    assert not MonitoringReturn.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="commissioning.monitoringreturn").exists()
