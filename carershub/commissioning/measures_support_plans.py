"""KPI measures read from support plans, direct payments, plan reviews and short breaks (issue 13 item 7).

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

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum
from django.utils import timezone

from carershub.commissioning.kpis import KpiDefinition, Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.support_plans.models import DirectPayment, PlanReview, ShortBreak, SupportPlan

AGREED_STATUSES: Final = ("agreed", "superseded", "ended")


def until(day: date) -> datetime:
    """The first moment after the day (periods include their last day)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _counts(queryset: QuerySet[Any], periods: Sequence[Period], count: Callable[[Period], Count]) -> list[int]:
    totals = queryset.aggregate(**{f"p{index}": count(period) for index, period in enumerate(periods)})
    return [int(totals[f"p{index}"] or 0) for index in range(len(periods))]


def _as_results(counts: Sequence[int]) -> list[MeasureResult]:
    return [MeasureResult(count, count) for count in counts]


def _span(periods: Sequence[Period]) -> Period:
    return Period(min(period.start for period in periods), max(period.end for period in periods))


def _in_force_during(period: Period) -> Q:
    return Q(agreed_at__lt=until(period.end)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))


def carers_with_agreed_plan(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    plans = SupportPlan.objects.filter(
        _in_force_during(span),
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        status__in=AGREED_STATUSES,
    )
    return _as_results(
        _counts(plans, periods, lambda period: Count("carer_id", distinct=True, filter=_in_force_during(period)))
    )


def _payments(scope: Scope, span: Period) -> QuerySet[DirectPayment]:
    return DirectPayment.objects.filter(
        agreement__plan__organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        status=DirectPayment.Status.PAID,
        paid_on__range=(span.start, span.end),
    )


def direct_payments_in_payment(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return _as_results(
        _counts(
            _payments(scope, _span(periods)),
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
        _payments(scope, _span(periods)), periods, amount="amount", day="paid_on", counted="agreement_id"
    )


def _delivered_breaks(scope: Scope, span: Period) -> QuerySet[ShortBreak]:
    return ShortBreak.objects.filter(
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        status=ShortBreak.Status.DELIVERED,
        delivered_on__range=(span.start, span.end),
    )


def short_breaks_delivered(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return _as_results(
        _counts(
            _delivered_breaks(scope, _span(periods)),
            periods,
            lambda period: Count("carer_id", distinct=True, filter=Q(delivered_on__range=(period.start, period.end))),
        )
    )


def _break_length(field: str) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        return _money_and_count(
            _delivered_breaks(scope, _span(periods)), periods, amount=field, day="delivered_on", counted="carer_id"
        )

    return measure


def plan_reviews_on_time(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    reviews = PlanReview.objects.filter(
        plan__organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        status=PlanReview.Status.COMPLETED,
        completed_on__range=(span.start, span.end),
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
    span = _span(periods)
    # One query: each day's payments and each day's delivered breaks, grouped in the database and put together with
    # UNION ALL, so at most two rows a day come back however many payments there were.
    paid = (
        _payments(scope, span)
        .values("paid_on")
        .annotate(total=Sum("amount"), items=Count("pk"))
        .values_list("paid_on", "total", "items")
        .order_by()
    )
    breaks = (
        _delivered_breaks(scope, span)
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


MEASURES: Final[tuple[tuple[KpiDefinition, Measure], ...]] = (
    (
        KpiDefinition(
            "carers_with_agreed_plan",
            "Carers with an agreed support plan",
            "Different carers with a support plan agreed and in force at some time in the period.",
            "Support plans (agreed)",
            computed=True,
            prorated=False,
        ),
        carers_with_agreed_plan,
    ),
    (
        KpiDefinition(
            "direct_payments_in_payment",
            "Direct payments in payment",
            "Direct payment agreements with a payment made in the period.",
            "Direct payments (payments recorded)",
            computed=True,
            unit="direct payments",
        ),
        direct_payments_in_payment,
    ),
    (
        KpiDefinition(
            "direct_payments_value",
            "Value of direct payments",
            "Pounds paid in direct payments in the period.",
            "Direct payments (payments recorded)",
            computed=True,
            unit="pounds",
        ),
        direct_payments_value,
    ),
    (
        KpiDefinition(
            "short_breaks_delivered",
            "Carers given a short break",
            "Different carers with a short break delivered in the period.",
            "Short breaks (delivered)",
            computed=True,
        ),
        short_breaks_delivered,
    ),
    (
        KpiDefinition(
            "short_break_nights",
            "Nights of short breaks",
            "Nights of the short breaks delivered in the period.",
            "Short breaks (delivered)",
            computed=True,
            unit="nights",
        ),
        _break_length("nights"),
    ),
    (
        KpiDefinition(
            "short_break_hours",
            "Hours of short breaks",
            "Hours of the short breaks delivered in the period.",
            "Short breaks (delivered)",
            computed=True,
            unit="hours",
        ),
        _break_length("hours"),
    ),
    (
        KpiDefinition(
            "plan_reviews_on_time",
            "Plan reviews on time",
            "Support plan reviews (Care Act 2014 s.27) completed in the period on or before their due date.",
            "Plan reviews (completed)",
            computed=True,
            unit="reviews",
        ),
        plan_reviews_on_time,
    ),
    (
        KpiDefinition(
            "personal_budget_spend",
            "Personal budget spend",
            "Pounds spent from personal budgets in the period: direct payments made and short breaks delivered "
            "against a support plan.",
            "Direct payments and short breaks",
            computed=True,
            unit="pounds",
        ),
        personal_budget_spend,
    ),
)
