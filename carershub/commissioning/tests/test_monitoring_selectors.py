"""KPI figures as commissioners see them: a per-source figure beside its total never gives away a count of 1 to 4,
on the pages, in the exports and in a generated return."""

from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.exports import kpi_series_table
from carershub.commissioning.models import Contract
from carershub.commissioning.rules.rag import SUPPRESSED
from carershub.commissioning.selectors.monitoring import current_quarter, kpi_rows, return_lines
from carershub.commissioning.services.monitoring import add_kpi, generate_return
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    return contract


def identify(count: int, source: str, area: Area, provider: Organisation) -> None:
    for carer in AdultCarerFactory.create_batch(count, area=area):
        ReferralFactory.create(
            area=area, carer=carer, provider=provider, source=source, cohort=Cohort.ADULT, received_at=timezone.now()
        )


@pytest.fixture
def identified(home_area: Area, carers_centre: Organisation) -> None:
    identify(6, Referral.Source.GP_PRACTICE, home_area, carers_centre)
    identify(3, Referral.Source.SCHOOL, home_area, carers_centre)
    identify(8, Referral.Source.SELF, home_area, carers_centre)


def add(contract: Contract, by: User, *measures: str) -> None:
    for measure in measures:
        add_kpi(contract, measure=measure, annual_target=Decimal(100), by=by)


def shown_now(contract: Contract) -> dict[str, str]:
    rows = kpi_rows(contract, list(contract.kpis.order_by("pk")), quarters=[current_quarter()])
    return {row.kpi.measure: row.shown_value for row in rows}


def test_a_second_source_is_hidden_beside_the_total_when_one_is_fewer_than_5(
    contract: Contract, commissioner: User, identified: None
) -> None:
    add(
        contract,
        commissioner,
        "new_carers_identified",
        "new_carers_from_gp_practice",
        "new_carers_from_school",
        "new_carers_from_self",
    )
    assert shown_now(contract) == {
        "new_carers_identified": "17",
        "new_carers_from_gp_practice": SUPPRESSED,  # 17 - 8 would otherwise leave the school's 3
        "new_carers_from_school": SUPPRESSED,
        "new_carers_from_self": "8",
    }


def test_the_sources_a_contract_does_not_report_count_as_a_hidden_part(
    contract: Contract, commissioner: User, identified: None
) -> None:
    """Total 17 beside GP 6 and self 8 leaves 3 for the sources not shown: one of the shown ones is hidden too."""
    add(contract, commissioner, "new_carers_identified", "new_carers_from_gp_practice", "new_carers_from_self")
    assert shown_now(contract) == {
        "new_carers_identified": "17",
        "new_carers_from_gp_practice": SUPPRESSED,
        "new_carers_from_self": "8",
    }


def test_sources_without_their_total_need_only_primary_suppression(
    contract: Contract, commissioner: User, identified: None
) -> None:
    add(contract, commissioner, "new_carers_from_gp_practice", "new_carers_from_school")
    assert shown_now(contract) == {"new_carers_from_gp_practice": "6", "new_carers_from_school": SUPPRESSED}


def test_sources_of_5_or_more_are_all_shown_beside_the_total(
    contract: Contract, commissioner: User, home_area: Area, carers_centre: Organisation
) -> None:
    identify(6, Referral.Source.GP_PRACTICE, home_area, carers_centre)
    identify(5, Referral.Source.SCHOOL, home_area, carers_centre)
    add(contract, commissioner, "new_carers_identified", "new_carers_from_gp_practice", "new_carers_from_school")
    assert shown_now(contract) == {
        "new_carers_identified": "11",
        "new_carers_from_gp_practice": "6",
        "new_carers_from_school": "5",
    }


def test_the_export_hides_the_same_figures(contract: Contract, commissioner: User, identified: None) -> None:
    add(contract, commissioner, "new_carers_identified", "new_carers_from_gp_practice", "new_carers_from_school")
    quarter = current_quarter()
    rows = kpi_rows(contract, list(contract.kpis.order_by("pk")), quarters=[quarter])
    figures = {line[0]: line[5] for line in kpi_series_table(rows, [quarter])[1:]}
    assert figures == {
        "New carers identified": "17",
        "New carers identified through GP practices": SUPPRESSED,
        "New carers identified through schools and colleges": SUPPRESSED,
    }


def test_a_generated_return_marks_and_shows_the_hidden_source_suppressed(
    contract: Contract, commissioner: User, manager: User, identified: None
) -> None:
    add(contract, commissioner, "new_carers_identified", "new_carers_from_gp_practice", "new_carers_from_school")
    draft = generate_return(contract, lot=None, period=current_quarter(), by=manager)
    suppressed = {row["measure"]: row["suppressed"] for row in draft.figures}
    assert suppressed == {
        "new_carers_identified": False,
        "new_carers_from_gp_practice": True,
        "new_carers_from_school": True,
    }
    lines = {line.label: (line.frozen, line.live) for line in return_lines(draft)}
    assert lines["New carers identified through GP practices"] == (SUPPRESSED, SUPPRESSED)
    assert lines["New carers identified"] == ("17", "17")
