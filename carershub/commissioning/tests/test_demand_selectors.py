"""Demand and reach by area: the "All areas" total never gives away an area's count of 1 to 4."""

from datetime import datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.commissioning.models import Contract
from carershub.commissioning.selectors.demand import contract_demand
from carershub.commissioning.tests.factories import ContractFactory, LotFactory, PopulationEstimateFactory
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory
from carershub.people.models import Involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db


def support(count: int, area: Area, provider: Organisation) -> None:
    for carer in AdultCarerFactory.create_batch(count, area=area):
        Involvement.objects.create(
            area=area,
            person=carer,
            organisation=provider,
            reason=Involvement.Reason.CASE_OPEN,
            started_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(9))),
        )


@pytest.fixture
def three_areas(home_area: Area) -> list[Area]:
    return [home_area, AreaFactory.create(name="Second area"), AreaFactory.create(name="Third area")]


@pytest.fixture
def contract(council: Organisation, carers_centre: Organisation, three_areas: list[Area]) -> Contract:
    carers_centre.areas.add(*three_areas)
    contract = ContractFactory.create(commissioner=council, areas=three_areas)
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    for area in three_areas:
        PopulationEstimateFactory.create(area=area, value=Decimal(1000))
    return contract


def supported_by_area(contract: Contract) -> dict[str, tuple[int | None, Decimal | None]]:
    demand = contract_demand(contract, growth_percent=Decimal(0), capacity=None, today=timezone.localdate())
    return {row.area.name: (row.supported, row.reach) for row in demand.areas}


def test_one_small_area_hides_the_next_smallest_area_too_and_its_reach(
    contract: Contract, three_areas: list[Area], carers_centre: Organisation
) -> None:
    home, second, third = three_areas
    support(3, home, carers_centre)
    support(6, second, carers_centre)
    support(9, third, carers_centre)
    demand = contract_demand(contract, growth_percent=Decimal(0), capacity=None, today=timezone.localdate())
    assert demand.supported == 18  # the total is shown, so the 3 cannot be left as 18 - 6 - 9
    assert supported_by_area(contract) == {
        home.name: (None, None),
        "Second area": (None, None),
        "Third area": (9, Decimal("0.9")),
    }


def test_areas_of_5_or_more_and_two_small_areas_need_no_more_hiding(
    contract: Contract, three_areas: list[Area], carers_centre: Organisation
) -> None:
    home, second, third = three_areas
    support(2, home, carers_centre)
    support(4, second, carers_centre)
    support(7, third, carers_centre)
    assert supported_by_area(contract) == {
        home.name: (None, None),
        "Second area": (None, None),
        "Third area": (7, Decimal("0.7")),
    }
    support(3, home, carers_centre)  # now 5, 4 and 7: the 4 alone would be 16 - 5 - 7
    assert supported_by_area(contract) == {
        home.name: (None, None),
        "Second area": (None, None),
        "Third area": (7, Decimal("0.7")),
    }


def test_no_area_is_hidden_when_none_is_small(
    contract: Contract, three_areas: list[Area], carers_centre: Organisation
) -> None:
    home, _, third = three_areas
    support(5, home, carers_centre)
    support(6, third, carers_centre)
    assert supported_by_area(contract) == {
        home.name: (5, Decimal("0.5")),
        "Second area": (0, Decimal("0.0")),
        "Third area": (6, Decimal("0.6")),
    }
