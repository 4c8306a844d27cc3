"""The bench's bulk activity seeder makes rows the KPI library counts."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from pytest_django.fixtures import Settings

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.commissioning.kpis.figures import measure_value
from carershub.commissioning.models import Contract
from carershub.commissioning.selectors.monitoring import DASHBOARD_QUARTERS, kpi_rows, recent_quarters
from carershub.commissioning.tests.factories import ContractFactory, ContractKpiFactory, LotFactory
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_seed_commissioning_activity_creates_countable_rows(
    council: Organisation, home_area: Area, carers_centre: Organisation, practitioner: User, manager: User
) -> None:
    contract = ContractFactory.create(commissioner=council, areas=[home_area], reference="BENCH")
    LotFactory.create(contract=contract, provider=carers_centre)
    GPPracticeFactory.create_batch(3, area=home_area)
    output = io.StringIO()
    call_command("seed_commissioning_activity", rows=2000, contract="BENCH", stdout=output)
    assert "activity rows for BENCH" in output.getvalue()
    assert Referral.objects.count() == 700
    assert Involvement.objects.count() == 800
    assert Assessment.objects.count() == 200
    today = timezone.localdate()
    contract = Contract.objects.get()
    start = today - timedelta(days=800)
    supported = measure_value("carers_supported", contract=contract, lot=None, start=start, end=today)
    assert isinstance(supported, int)
    assert 0 < supported <= 700
    later = today + timedelta(days=200)
    assert measure_value("assessments_completed", contract=contract, lot=None, start=start, end=later) == 200
    assert measure_value("gp_practices_engaged", contract=contract, lot=None, start=start, end=today) == 3


def test_activity_references_fit_their_columns_at_county_volumes() -> None:
    """A million rows make 100,000 assessments: their references must still fit Assessment.reference (12)."""
    from carershub.commissioning.management.commands.seed_commissioning_activity import _base36

    assert _base36(0, 5) == "00000"
    assert _base36(99_999, 5) == "0255R"
    assert _base36(350_000, 6) == "007I28"
    assert len("B01226" + "A" + _base36(36**5 - 1, 5)) == 12


def _support(carer_area: Area, provider: Organisation) -> None:
    carer = AdultCarerFactory.create(area=carer_area)
    Involvement.objects.create(
        area=carer_area,
        person=carer,
        organisation=provider,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now() - timedelta(hours=1),
    )


def test_refresh_kpi_figures_keeps_the_dashboards_figures_computed_and_up_to_date(
    council: Organisation, home_area: Area, carers_centre: Organisation, settings: Settings
) -> None:
    settings.CARERSHUB_KPI_CACHE_SECONDS = 300
    cache.clear()
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre)
    kpi = ContractKpiFactory.create(contract=contract, measure="carers_supported")
    ended = ContractFactory.create(commissioner=council, areas=[home_area], status=Contract.Status.ENDED)
    LotFactory.create(contract=ended, provider=carers_centre)
    ContractKpiFactory.create(contract=ended, measure="carers_supported")
    quarters = recent_quarters(DASHBOARD_QUARTERS)
    _support(home_area, carers_centre)

    output = io.StringIO()
    call_command("refresh_kpi_figures", stdout=output)
    assert output.getvalue().strip() == "Refreshed the KPI figures of 1 contract(s)."
    _support(home_area, carers_centre)
    # Between refreshes the dashboard shows the figures kept (at most CARERSHUB_KPI_CACHE_SECONDS old)...
    assert [row.figure.value for row in kpi_rows(contract, [kpi], quarters=quarters)] == [1]
    call_command("refresh_kpi_figures", stdout=io.StringIO())
    # ...and the next refresh counts the carer supported since.
    assert [row.figure.value for row in kpi_rows(contract, [kpi], quarters=quarters)] == [2]


def test_refresh_kpi_figures_does_nothing_when_dashboards_always_count_live(
    council: Organisation, home_area: Area, carers_centre: Organisation, settings: Settings
) -> None:
    settings.CARERSHUB_KPI_CACHE_SECONDS = 0
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre)
    ContractKpiFactory.create(contract=contract, measure="carers_supported")

    output = io.StringIO()
    call_command("refresh_kpi_figures", stdout=output)

    assert output.getvalue().strip() == "Refreshed the KPI figures of 0 contract(s)."
