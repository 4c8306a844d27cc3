"""Measures of emergency planning: carers with a contingency plan in force, emergency activations and their hours.

Definitions (where the issue was silent):
- carers with contingency plans: distinct carers with a plan in force at some time in the period (as
  `emergency_response_figures` counts plans managed): the plan's first emergency card was issued before the period
  ended, and the plan was not withdrawn before the period started; for carers a provider worked with (an
  involvement of a provider overlapping the periods asked for). A past period keeps counting a plan withdrawn after
  it. Coventry manages "contingency plans for 500 carers" (seed 001 §1.25): a carer with plans for two people counts
  once.
- emergency activations and hours: activations opened in the period, and their hours of emergency support, for
  carers a provider has worked with.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from django.db.models import Aggregate, Count, Exists, OuterRef, Q, QuerySet, Sum

from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.emergency_response.models import Activation
from carershub.emergency_response.selectors import activations_in_areas, contingency_plans_with_first_card
from carershub.people.selectors import involvements_of_providers
from carershub.reporting.measures.aggregates import as_results, counts, moment, span, until


def _in_force_during(period: Period) -> Q:
    """A plan is in force from its first card (made active) until it is withdrawn."""
    return Q(first_card_issued_at__lt=until(period.end)) & (
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=moment(period.start))
    )


def contingency_plans_active(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    worked_with = involvements_of_providers(scope.provider_ids).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=moment(during.start)),
        person_id=OuterRef("carer_id"),
        started_at__lt=until(during.end),
    )
    plans = (
        contingency_plans_with_first_card(scope.area_ids).filter(Exists(worked_with)).filter(_in_force_during(during))
    )
    # Carers, not plans: a carer with plans for two people counts once.
    return as_results(
        counts(plans, periods, lambda period: Count("carer", distinct=True, filter=_in_force_during(period)))
    )


def _activations(scope: Scope, during: Period) -> QuerySet[Activation]:
    worked_with = involvements_of_providers(scope.provider_ids).filter(person_id=OuterRef("plan__carer_id"))
    return activations_in_areas(scope.area_ids).filter(
        Exists(worked_with), opened_at__gte=moment(during.start), opened_at__lt=until(during.end)
    )


def _opened_in(period: Period) -> Q:
    return Q(opened_at__gte=moment(period.start), opened_at__lt=until(period.end))


def emergency_activations(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(
        counts(_activations(scope, span(periods)), periods, lambda period: Count("pk", filter=_opened_in(period)))
    )


def emergency_support_hours(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"h{index}"] = Sum("support_hours", filter=_opened_in(period))
        aggregates[f"n{index}"] = Count("pk", filter=_opened_in(period))
    totals = _activations(scope, span(periods)).aggregate(**aggregates)
    return [
        MeasureResult(Decimal(totals[f"h{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


MEASURES: Final[dict[str, Measure]] = {
    "contingency_plans_active": contingency_plans_active,
    "emergency_activations": emergency_activations,
    "emergency_support_hours": emergency_support_hours,
}
