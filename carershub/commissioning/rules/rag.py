"""Targets, RAG, suppression and ratings for contract monitoring. Pure Python: nothing from Django.

The selectors count what happened; these functions only judge the counts, so they are tested without a database.

- Periods are English financial quarters (April to June, July to September, October to December, January to
  March): councils budget and report by financial year, so returns line up with their own reporting.
- An annual target is pro-rated to a period: a whole year is the target, three calendar months a quarter of it,
  and any other period by days (target x days / 365, days counted inclusive). Level measures (practices engaged,
  plans active, waits) are not pro-rated: the target is the level to be at in every period.
- Counts of 1 to 4 are never shown to a commissioner or funder: they are "fewer than 5" (statistical disclosure
  control; UK GDPR art. 5(1)(c) data minimisation). Nought is shown as 0: it discloses no one, and a
  commissioner must be able to see that nobody was supported.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

PENNY: Final = Decimal("0.01")
HUNDRED: Final = Decimal(100)
DAYS_IN_A_YEAR: Final = Decimal(365)
# The smallest count that may be shown; anything from 1 to below this is suppressed.
SMALLEST_SHOWN_COUNT: Final = 5
SUPPRESSED: Final = "fewer than 5"


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Direction(StrEnum):
    """The same values as `ContractKpi.Direction`."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class Rating(StrEnum):
    """The Procurement Act 2023 s.71 performance scale (the same values as `PerformanceRating.Rating`)."""

    GOOD = "good"
    APPROACHING_TARGET = "approaching_target"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """E.g. "April to June 2025", or "1 April 2025 to 31 March 2026" for a period spanning years."""
        if self.start.year == self.end.year:
            if self.start.day == 1 and self.end == _last_day_of_month(self.end):
                return f"{self.start:%B} to {self.end:%B %Y}"
            return f"{self.start.day} {self.start:%B} to {self.end.day} {self.end:%B %Y}"
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    @property
    def short_label(self) -> str:
        """E.g. "2025-26 Q1" for a financial quarter, otherwise the dates."""
        quarter = financial_quarter(self.start)
        if quarter == self:
            year = self.start.year if self.start.month >= APRIL else self.start.year - 1
            number = ((self.start.month - APRIL) % 12) // 3 + 1
            return f"{year}-{(year + 1) % 100:02d} Q{number}"
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


APRIL: Final = 4


def _last_day_of_month(day: date) -> date:
    first_of_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (only ever called with the 1st of a month here)."""
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, day.day)


def financial_quarter(on: date) -> Period:
    """The financial quarter (April to June, ...) containing a day."""
    months_into_year = (on.month - APRIL) % 12
    start_month = (APRIL - 1 + months_into_year // 3 * 3) % 12 + 1
    start = date(on.year, start_month, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1))


def previous_quarters(on: date, count: int) -> list[Period]:
    """The `count` financial quarters ending with the one containing `on`, oldest first."""
    quarters = [financial_quarter(on)]
    while len(quarters) < count:
        quarters.append(financial_quarter(quarters[-1].start - timedelta(days=1)))
    return list(reversed(quarters))


def financial_year(on: date) -> Period:
    """The financial year (1 April to 31 March) containing a day."""
    start = date(on.year if on.month >= APRIL else on.year - 1, APRIL, 1)
    return Period(start, date(start.year + 1, 3, 31))


def prorated_target(annual_target: Decimal, period: Period, *, prorated: bool = True) -> Decimal:
    """The target for a period: a whole year is the annual target, three calendar months a quarter of it, anything
    else target x days / 365. Rounded to the penny, half up. A level measure (`prorated=False`) keeps its target."""
    if not prorated:
        return annual_target.quantize(PENNY, rounding=ROUND_HALF_UP)
    if _is_months(period, 12):
        share = Decimal(1)
    elif _is_months(period, 3):
        share = Decimal(1) / Decimal(4)
    else:
        share = Decimal(period.days) / DAYS_IN_A_YEAR
    return (annual_target * share).quantize(PENNY, rounding=ROUND_HALF_UP)


def _is_months(period: Period, months: int) -> bool:
    """Whether the period is exactly `months` calendar months from a 1st of the month (e.g. 1 April to 30 June)."""
    return period.start.day == 1 and period.end == _add_months(period.start, months) - timedelta(days=1)


def achievement_percent(value: Decimal | int, target: Decimal, direction: Direction) -> Decimal:
    """How far the value goes towards the target, as a percentage (100 = on target).

    Higher is better: value ÷ target. Lower is better (waits): target ÷ value, so a wait twice the target is 50%.
    A target of 0 is met by anything when higher is better; when lower is better only 0 meets it.
    """
    value = Decimal(value)
    if direction == Direction.HIGHER_IS_BETTER:
        if target == 0:
            return HUNDRED
        return (value / target * HUNDRED).quantize(PENNY, rounding=ROUND_HALF_UP)
    if value == 0:
        return HUNDRED
    return (target / value * HUNDRED).quantize(PENNY, rounding=ROUND_HALF_UP)


def rag(
    value: Decimal | int | None,
    target: Decimal,
    *,
    direction: Direction,
    green_from_percent: Decimal,
    amber_from_percent: Decimal,
) -> Rag | None:
    """Green at or beyond `green_from_percent` of the target, amber at or beyond `amber_from_percent`, red below.
    No value (nothing entered yet for a manual measure) has no RAG."""
    if value is None:
        return None
    achieved = achievement_percent(value, target, direction)
    if achieved >= green_from_percent:
        return Rag.GREEN
    if achieved >= amber_from_percent:
        return Rag.AMBER
    return Rag.RED


def is_suppressed(count: Decimal | int | None) -> bool:
    """Whether a count must be hidden from commissioners and funders: 1 to 4."""
    return count is not None and 0 < count < SMALLEST_SHOWN_COUNT


def suppress(count: Decimal | int | None) -> Decimal | int | str | None:
    """The count as a commissioner may see it: 1 to 4 become "fewer than 5"; 0 and 5 or more are shown."""
    if is_suppressed(count):
        return SUPPRESSED
    return count


def suppress_breakdown(counts: Mapping[str, int]) -> dict[str, int | str]:
    """Suppress a breakdown whose parts and total are both shown.

    If exactly one part is 1 to 4, the total would give it away, so the next smallest non-zero part is hidden too
    (secondary suppression).
    """
    hidden = {key for key, count in counts.items() if is_suppressed(count)}
    if len(hidden) == 1:
        others = sorted((count, key) for key, count in counts.items() if key not in hidden and count > 0)
        if others:
            hidden.add(others[0][1])
    return {key: SUPPRESSED if key in hidden else count for key, count in counts.items()}


def median(counts: Mapping[int, int]) -> Decimal | None:
    """The median of values given as {value: how many}; the mean of the middle two when the number is even."""
    ordered = _ordered(counts)
    total = len(ordered)
    if total == 0:
        return None
    middle = total // 2
    if total % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1] + ordered[middle]) / 2).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percentile(counts: Mapping[int, int], percent: int) -> int | None:
    """The nearest-rank percentile of values given as {value: how many}: the smallest value with at least
    `percent`% of the values at or below it (the 90th percentile of ten waits is the ninth shortest)."""
    ordered = _ordered(counts)
    if not ordered:
        return None
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def _ordered(counts: Mapping[int, int]) -> list[int]:
    # Waits within a quarter are at most a few thousand, so expanding the histogram is cheap and obviously right.
    return [value for value in sorted(counts) for _ in range(counts[value])]


@dataclass(frozen=True)
class RatingSuggestion:
    rating: Rating | None
    green: int
    amber: int
    red: int
    reason: str


def suggest_rating(rags: Iterable[Rag | str | None]) -> RatingSuggestion:
    """A starting point for the year's Procurement Act rating from every KPI's RAG in every return of the year.

    The commissioner decides and records the evidence; this only counts. All results green, or at least three in
    four green and none red: good. At most a quarter red: approaching target. At most half red: requires
    improvement. More: inadequate. No results: no suggestion.
    """
    results = [Rag(value) for value in rags if value]
    green = sum(1 for value in results if value == Rag.GREEN)
    amber = sum(1 for value in results if value == Rag.AMBER)
    red = sum(1 for value in results if value == Rag.RED)
    total = len(results)
    if total == 0:
        return RatingSuggestion(None, 0, 0, 0, "No KPI results in the year yet.")
    summary = f"{green} green, {amber} amber and {red} red of {total} KPI results in the year."
    if red == 0 and green * 4 >= total * 3:
        rating = Rating.GOOD
    elif red * 4 <= total:
        rating = Rating.APPROACHING_TARGET
    elif red * 2 <= total:
        rating = Rating.REQUIRES_IMPROVEMENT
    else:
        rating = Rating.INADEQUATE
    return RatingSuggestion(rating, green, amber, red, summary)


def difference(frozen: Decimal | int | None, live: Decimal | int | None) -> Decimal | int | None:
    """Live minus frozen, for showing how a submitted figure differs from today's records (None if either is)."""
    if frozen is None or live is None:
        return None
    return live - frozen


def reportable_quarters(*, contract_start: date, contract_end: date, today: date) -> list[Period]:
    """The financial quarters a provider may report on, newest first: every quarter of the contract's term that
    has started by today (the one running today included, as a draft to refresh later)."""
    last = min(today, contract_end)
    if last < contract_start:
        return []
    quarters = [financial_quarter(last)]
    while quarters[-1].start > contract_start:
        quarters.append(financial_quarter(quarters[-1].start - timedelta(days=1)))
    return quarters


def reporting_period_problem(period: Period, *, contract_start: date, contract_end: date, today: date) -> str | None:
    """Why a provider may not report on this period (a quarter not started yet, or outside the contract's term),
    or None when they may."""
    if period.start > today:
        return f"{period.label} has not started yet: choose {financial_quarter(today).label} or an earlier quarter"
    if period.end < contract_start:
        return f"The contract started on {contract_start.day} {contract_start:%B %Y}: choose a quarter from then on"
    if period.start > contract_end:
        return f"The contract's term ended on {contract_end.day} {contract_end:%B %Y}: choose a quarter before then"
    return None
