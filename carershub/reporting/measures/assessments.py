"""Measures of statutory assessments: how many a provider completed, and how long carers waited.

Definitions (where the issue was silent): statutory assessments completed (status COMPLETED) in the period by a
provider, of the kinds the KPI names (`ContractKpi.assessment_kinds`; every kind when it names none); the wait is
requested_on to completed_on in days (median; 90th percentile by nearest rank). Coventry's "Complete 340 Carers
Assessments per year" (seed 001 §1.25) counts Care Act carer's assessments only: "A separate contract exists for
the provision of Young Carers Assessments" (§2.4).
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from carershub.assessments.models import Assessment
from carershub.assessments.selectors.counting import completed_assessments_of_providers
from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope, Value
from carershub.commissioning.rules.rag import Period, median, percentile
from carershub.reporting.measures.aggregates import as_results, counts, plain, span


def _completed(scope: Scope, during: Period) -> QuerySet[Assessment]:
    assessments = completed_assessments_of_providers(scope.provider_ids, scope.area_ids).filter(
        completed_on__range=(during.start, during.end)
    )
    if scope.assessment_kinds:
        assessments = assessments.filter(kind__in=scope.assessment_kinds)
    return assessments


def assessments_completed(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(
        counts(
            _completed(scope, span(periods)),
            periods,
            lambda period: Count("pk", filter=Q(completed_on__range=(period.start, period.end))),
        )
    )


def assessment_waits(scope: Scope, periods: Sequence[Period]) -> list[dict[int, int]]:
    """For each period, how many completed assessments waited each number of days: {days: how many}. One query:
    the waits are grouped in the database, so only the distinct waits come back."""
    wait = ExpressionWrapper(F("completed_on") - F("requested_on"), output_field=DurationField())
    rows = (
        _completed(scope, span(periods))
        .annotate(wait=wait)
        .values("wait")
        .annotate(
            **{
                f"p{index}": Count("pk", filter=Q(completed_on__range=(period.start, period.end)))
                for index, period in enumerate(periods)
            }
        )
    )
    histograms: list[dict[int, int]] = [defaultdict(int) for _ in periods]
    for row in map(plain, rows):
        days = max(0, row["wait"].days)
        for index in range(len(periods)):
            if row[f"p{index}"]:
                histograms[index][days] += int(row[f"p{index}"])
    return [dict(histogram) for histogram in histograms]


def _wait_statistic(pick: Callable[[Mapping[int, int]], Value]) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        return [
            MeasureResult(pick(histogram), sum(histogram.values())) for histogram in assessment_waits(scope, periods)
        ]

    return measure


def _median(histogram: Mapping[int, int]) -> Value:
    return median(histogram)


def _p90(histogram: Mapping[int, int]) -> Value:
    return percentile(histogram, 90)


MEASURES: Final[dict[str, Measure]] = {
    "assessments_completed": assessments_completed,
    "assessment_wait_median_days": _wait_statistic(_median),
    "assessment_wait_p90_days": _wait_statistic(_p90),
}
