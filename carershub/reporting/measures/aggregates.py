"""What every measure shares: periods as moments, and one aggregate per period in a single query."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from carershub.commissioning.kpis.types import MeasureResult
from carershub.commissioning.rules.rag import Period


def moment(day: date) -> datetime:
    """The first moment of the day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def until(day: date) -> datetime:
    """The first moment after the day (periods include their last day)."""
    return moment(day + timedelta(days=1))


def span(periods: Sequence[Period]) -> Period:
    """From the first period's start to the last one's end: one query reads them all."""
    return Period(min(period.start for period in periods), max(period.end for period in periods))


def counts(queryset: QuerySet[Any], periods: Sequence[Period], count: Callable[[Period], Count]) -> list[int]:
    """One count per period, in one query."""
    totals = queryset.aggregate(**{f"p{index}": count(period) for index, period in enumerate(periods)})
    return [int(totals[f"p{index}"] or 0) for index in range(len(periods))]


def plain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A `values()` row as a plain dictionary (its keys include the per-period aggregates)."""
    return dict(row)


def as_results(numbers: Sequence[int]) -> list[MeasureResult]:
    """Counts that rest on themselves (a count of 3 people is suppressed as 3 people)."""
    return [MeasureResult(number, number) for number in numbers]


def open_during(period: Period) -> Q:
    """Started before the period ended, and not ended before it started."""
    return Q(started_at__lt=until(period.end)) & (Q(ended_at__isnull=True) | Q(ended_at__gte=moment(period.start)))


def within(period: Period, field: str) -> Q:
    """A date field within the period (both days included)."""
    return Q(**{f"{field}__range": (period.start, period.end)})


def at(period: Period, field: str) -> Q:
    """A moment field within the period's days."""
    return Q(**{f"{field}__gte": moment(period.start), f"{field}__lt": until(period.end)})
