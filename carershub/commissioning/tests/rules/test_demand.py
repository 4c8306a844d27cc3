"""Demand and reach arithmetic, suppression, and the forecast. No database."""

from datetime import date
from decimal import Decimal

import pytest

from carershub.commissioning.rules.demand import (
    BudgetYear,
    PopulationFigures,
    estimated_carers,
    forecast,
    reach_percent,
    shown,
    young_carers_estimate,
)

SEFTON_PUPILS = {"pupils": Decimal(40447), "prevalence_percent": Decimal(8)}


def test_estimated_carers_are_adult_carers_plus_young_carers() -> None:
    # Seed 000: "There are approximately 35,000 informal carers in Sefton. A 'carer' is defined as an adult who
    # provides or intends to provide care for another adult"; and 8% of 40,447 pupils is 3,235.76 -> 3,236 young
    # carers. Adults and children do not overlap, so they add up.
    figures = PopulationFigures(adult_carers=Decimal(35000), **SEFTON_PUPILS)

    assert young_carers_estimate(figures) == 3236
    assert estimated_carers(figures) == 38236


def test_the_census_carers_aged_5_and_over_are_never_added_to_an_estimate_of_young_carers() -> None:
    # Census 2021 counts unpaid carers aged 5 and over: its figure already includes the children that pupils x
    # prevalence (or the census's own 5 to 17) estimate, so adding them would count children twice.
    with_pupils = PopulationFigures(census_carers=Decimal(27391), **SEFTON_PUPILS)
    with_census_young = PopulationFigures(census_carers=Decimal(27391), census_young_carers=Decimal(1200))

    assert estimated_carers(with_pupils) == 27391
    assert estimated_carers(with_census_young) == 27391
    assert young_carers_estimate(with_census_young) == 1200


def test_an_estimate_from_whatever_figures_there_are() -> None:
    assert estimated_carers(PopulationFigures(adult_carers=Decimal(35000))) == 35000
    assert estimated_carers(PopulationFigures(pupils=Decimal(100), prevalence_percent=Decimal("2.5"))) == 3
    assert estimated_carers(PopulationFigures(pupils=Decimal(100))) is None
    assert estimated_carers(PopulationFigures()) is None


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (1, None), (4, None), (5, 5), (None, None)])
def test_counts_of_one_to_four_are_suppressed(count: int | None, expected: int | None) -> None:
    assert shown(count) == expected


def test_reach_is_supported_over_estimated_and_never_reveals_a_suppressed_count() -> None:
    assert reach_percent(12186, 35000) == Decimal("34.8")
    assert reach_percent(0, 100) == Decimal("0.0")
    assert reach_percent(3, 100) is None
    assert reach_percent(50, 0) is None
    assert reach_percent(50, None) is None


def test_the_forecast_compounds_growth_to_whole_carers_against_capacity_and_budget() -> None:
    years = [
        BudgetYear(2, date(2026, 4, 1), Decimal("1000.00")),
        BudgetYear(3, date(2027, 4, 1), Decimal("1000.00")),
        BudgetYear(4, date(2028, 4, 1), Decimal("1000.00")),
    ]

    rows = forecast(base_demand=100, growth_percent=Decimal(30), years=years, capacity=150)

    assert [(row.label, row.demand, row.shortfall) for row in rows] == [
        ("Year 2 (2026/27)", 100, 0),
        ("Year 3 (2027/28)", 130, 0),
        ("Year 4 (2028/29)", 169, 19),
    ]
    # Cost per carer is the first year's value over capacity: £1,000 / 150.
    assert [row.cost for row in rows] == [Decimal("666.67"), Decimal("866.67"), Decimal("1126.67")]


def test_without_capacity_the_cost_is_priced_on_this_years_demand() -> None:
    rows = forecast(
        base_demand=50,
        growth_percent=Decimal(-10),
        years=[BudgetYear(1, date(2025, 4, 1), Decimal(500))] * 2,
        capacity=None,
    )

    assert [(row.demand, row.capacity, row.shortfall, row.cost) for row in rows] == [
        (50, None, None, Decimal("500.00")),
        (45, None, None, Decimal("450.00")),
    ]


def test_growth_of_minus_100_percent_or_less_is_refused() -> None:
    with pytest.raises(ValueError, match="more than -100"):
        forecast(base_demand=1, growth_percent=Decimal(-100), years=[], capacity=None)
