"""Measures read from support plans, direct payments, plan reviews and short breaks (issue 13 item 7).

Each is one aggregate query over any number of periods, for the contract's areas and the providers delivering it
(the plan's, the break's organisation). Definitions (where the issue was silent):
- carers with an agreed plan: distinct carers with a version of a plan agreed before the period ended and not ended
  before it started (a level: the target applies to every period).
- direct payments in payment: distinct direct payment agreements with a payment made in the period. A one-off
  payment (the commonest for carers) counts once, so the annual target is shared across the year's quarters.
- direct payments value: pounds paid in the period.
- short breaks delivered: distinct carers with a short break delivered in the period (Coventry counts "short breaks
  for 50-60 carers"); nights and hours of the breaks delivered are measures of their own.
- plan reviews on time: plan reviews completed in the period on or before their due date.
- personal budget spend: pounds spent in the period from personal budgets (direct payments made and short breaks
  delivered), against plans of the contract's providers.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum

from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.reporting.measures.aggregates import as_results, counts, span, until
from carershub.support_plans.models import DirectPayment, PlanReview, ShortBreak
from carershub.support_plans.selectors import (
    direct_payments_of_providers,
    plan_reviews_of_providers,
    short_breaks_of_providers,
    support_plans_of_providers,
)

AGREED_STATUSES: Final = ("agreed", "superseded", "ended")


def _in_force_during(period: Period) -> Q:
    return Q(agreed_at__lt=until(period.end)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))


def carers_with_agreed_plan(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    plans = support_plans_of_providers(scope.provider_ids, scope.area_ids).filter(
        _in_force_during(during), status__in=AGREED_STATUSES
    )
    return as_results(
        counts(plans, periods, lambda period: Count("carer_id", distinct=True, filter=_in_force_during(period)))
    )


def _payments(scope: Scope, during: Period) -> QuerySet[DirectPayment]:
    return direct_payments_of_providers(scope.provider_ids, scope.area_ids).filter(
        status=DirectPayment.Status.PAID, paid_on__range=(during.start, during.end)
    )


def direct_payments_in_payment(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(
        counts(
            _payments(scope, span(periods)),
            periods,
            lambda period: Count("agreement_id", distinct=True, filter=Q(paid_on__range=(period.start, period.end))),
        )
    )


def _money_and_count(
    queryset: QuerySet[DirectPayment] | QuerySet[ShortBreak],
    periods: Sequence[Period],
    *,
    amount: str,
    day: str,
    counted: str,
) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        within = Q(**{f"{day}__range": (period.start, period.end)})
        aggregates[f"v{index}"] = Sum(amount, filter=within)
        aggregates[f"n{index}"] = Count(counted, distinct=True, filter=within)
    totals = queryset.aggregate(**aggregates)
    return [
        MeasureResult(Decimal(totals[f"v{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


def direct_payments_value(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return _money_and_count(
        _payments(scope, span(periods)), periods, amount="amount", day="paid_on", counted="agreement_id"
    )


def _delivered_breaks(scope: Scope, during: Period) -> QuerySet[ShortBreak]:
    return short_breaks_of_providers(scope.provider_ids, scope.area_ids).filter(
        status=ShortBreak.Status.DELIVERED, delivered_on__range=(during.start, during.end)
    )


def short_breaks_delivered(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(
        counts(
            _delivered_breaks(scope, span(periods)),
            periods,
            lambda period: Count("carer_id", distinct=True, filter=Q(delivered_on__range=(period.start, period.end))),
        )
    )


def _break_length(field: str) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        return _money_and_count(
            _delivered_breaks(scope, span(periods)), periods, amount=field, day="delivered_on", counted="carer_id"
        )

    return measure


def plan_reviews_on_time(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    reviews = plan_reviews_of_providers(scope.provider_ids, scope.area_ids).filter(
        status=PlanReview.Status.COMPLETED, completed_on__range=(during.start, during.end)
    )
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        within = Q(completed_on__range=(period.start, period.end))
        aggregates[f"t{index}"] = Count("pk", filter=within & Q(completed_on__lte=F("due_on")))
        aggregates[f"n{index}"] = Count("pk", filter=within)
    totals = reviews.aggregate(**aggregates)
    return [
        MeasureResult(int(totals[f"t{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


def personal_budget_spend(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    # One query: each day's payments and each day's delivered breaks, grouped in the database and put together with
    # UNION ALL, so at most two rows a day come back however many payments there were.
    paid = (
        _payments(scope, during)
        .values("paid_on")
        .annotate(total=Sum("amount"), items=Count("pk"))
        .values_list("paid_on", "total", "items")
        .order_by()
    )
    breaks = (
        _delivered_breaks(scope, during)
        .filter(plan__isnull=False)
        .values("delivered_on")
        .annotate(total=Sum("actual_cost"), items=Count("pk"))
        .values_list("delivered_on", "total", "items")
        .order_by()
    )
    totals = [Decimal(0)] * len(periods)
    items = [0] * len(periods)
    for day, total, count in paid.union(breaks, all=True).order_by():
        for index, period in enumerate(periods):
            if day is not None and period.start <= day <= period.end:
                totals[index] += total or Decimal(0)
                items[index] += count
    return [MeasureResult(total, count) for total, count in zip(totals, items, strict=True)]


MEASURES: Final[dict[str, Measure]] = {
    "carers_with_agreed_plan": carers_with_agreed_plan,
    "direct_payments_in_payment": direct_payments_in_payment,
    "direct_payments_value": direct_payments_value,
    "short_breaks_delivered": short_breaks_delivered,
    "short_break_nights": _break_length("nights"),
    "short_break_hours": _break_length("hours"),
    "plan_reviews_on_time": plan_reviews_on_time,
    "personal_budget_spend": personal_budget_spend,
}
