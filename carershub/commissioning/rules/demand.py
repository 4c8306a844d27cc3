"""Demand and reach: how many carers an area has, how many the service reaches, and how demand may grow over a
contract's life against its capacity and budget. Pure functions (no Django).

- Estimated carers = adult carers (18 and over) + young carers (under 18), never adding an estimate to one that
  already includes it. Young carers are the census's (aged 5 to 17) or pupils x prevalence (seed 000: Sefton's 40,447
  pupils at the Carers Trust's 8% gives 3,236 young carers). Adult carers are a local estimate (seed 000's ~35,000
  "informal carers" are adults: "a 'carer' is defined as an adult who provides ... care for another adult"). The
  census's unpaid carers aged 5 and over already include its young carers, so without an adult estimate the census
  figure is the estimate on its own. Each part is optional; with none, there is no estimate.
- Reach = carers supported / estimated carers, in percent to 1 dp half up.
- Counts of 1 to 4 are suppressed (statistical disclosure control): they are never shown to commissioners, and
  nothing derived from them (reach, a forecast) is either.
- The forecast compounds the growth rate on this year's demand, rounded to whole carers each year, and prices it
  at the contract's cost per carer (year 1's value / capacity, or / this year's demand without a capacity).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

DEFAULT_GROWTH_PERCENT: Final = Decimal("30")  # Sefton's cabinet report: demand "circa 30% increase per annum"
SMALLEST_SHOWN_COUNT: Final = 5
SUPPRESSED: Final = "fewer than 5"


def is_suppressed(count: int | None) -> bool:
    """1 to 4 are hidden; 0 and 5 or more are shown."""
    return count is not None and 0 < count < SMALLEST_SHOWN_COUNT


def shown(count: int | None) -> int | None:
    """The count as a commissioner may see it: None when suppressed (or unknown)."""
    return None if count is None or is_suppressed(count) else count


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class PopulationFigures:
    """An area's latest population figures (None when not recorded)."""

    census_carers: Decimal | None = None  # aged 5 and over: includes census young carers
    census_young_carers: Decimal | None = None  # aged 5 to 17
    adult_carers: Decimal | None = None  # aged 18 and over, a local estimate
    pupils: Decimal | None = None
    prevalence_percent: Decimal | None = None


def young_carers_estimate(figures: PopulationFigures) -> int | None:
    """Young carers: the census's aged 5 to 17, or else pupils x prevalence; None when neither is known."""
    if figures.census_young_carers is not None:
        return _whole(figures.census_young_carers)
    if figures.pupils is None or figures.prevalence_percent is None:
        return None
    return _whole(figures.pupils * figures.prevalence_percent / 100)


def estimated_carers(figures: PopulationFigures) -> int | None:
    """Carers of all ages in whole people, adding only estimates that do not overlap: adult carers + young carers;
    without an adult estimate, the census's carers aged 5 and over on their own (they include its young carers,
    and pupils x prevalence estimates the same children); else young carers alone. None with no figures."""
    young = young_carers_estimate(figures)
    if figures.adult_carers is not None:
        return _whole(figures.adult_carers) + (young or 0)
    if figures.census_carers is not None:
        return _whole(figures.census_carers)
    return young


def reach_percent(supported: int | None, estimated: int | None) -> Decimal | None:
    """Supported / estimated in percent to 1 dp; None when either is unknown, the estimate is 0, or the supported
    count is suppressed (a reach would give it away)."""
    if supported is None or not estimated or is_suppressed(supported):
        return None
    return (Decimal(supported) * 100 / estimated).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetYear:
    """A contract year as the forecast needs it."""

    year: int
    start: date
    value: Decimal


@dataclass(frozen=True)
class ForecastYear:
    year: int
    label: str
    demand: int
    capacity: int | None
    shortfall: int | None  # demand beyond capacity (0 when within it)
    cost: Decimal | None  # demand priced at the contract's cost per carer
    budget: Decimal


def year_label(year: int, start: date) -> str:
    return f"Year {year} ({start.year}/{(start.year + 1) % 100:02d})"


def forecast(
    *, base_demand: int, growth_percent: Decimal, years: Sequence[BudgetYear], capacity: int | None
) -> tuple[ForecastYear, ...]:
    """Demand in each year from the first of `years`: base_demand x (1 + growth)^n, n = 0, 1, ... in whole carers,
    against the capacity and each year's contract value."""
    if growth_percent <= -100:
        raise ValueError("Growth must be more than -100%")
    if not years:
        return ()
    factor = 1 + growth_percent / 100
    per_carer_basis = capacity or base_demand
    cost_per_carer = years[0].value / per_carer_basis if per_carer_basis else None
    rows = []
    for index, budget_year in enumerate(years):
        demand = _whole(Decimal(base_demand) * factor**index)
        rows.append(
            ForecastYear(
                year=budget_year.year,
                label=year_label(budget_year.year, budget_year.start),
                demand=demand,
                capacity=capacity,
                shortfall=max(demand - capacity, 0) if capacity is not None else None,
                cost=(demand * cost_per_carer).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                if cost_per_carer is not None
                else None,
                budget=budget_year.value,
            )
        )
    return tuple(rows)
