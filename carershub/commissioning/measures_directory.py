"""KPI measures from the service directory: carers signposted to services (information and advice, Care Act 2014
s.4), counted from the signposting recorded on carers' records."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from carershub.commissioning.kpis import KpiDefinition, Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.directory.models import Signposting


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def carers_signposted(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    """Different carers the provider signposted to a directory service in each period (one query)."""
    start = _moment(min(period.start for period in periods))
    end = _moment(max(period.end for period in periods) + timedelta(days=1))
    rows = Signposting.objects.filter(
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        signposted_at__gte=start,
        signposted_at__lt=end,
    )

    def within(period: Period) -> Q:
        return Q(signposted_at__gte=_moment(period.start), signposted_at__lt=_moment(period.end + timedelta(days=1)))

    totals = rows.aggregate(
        **{f"p{index}": Count("person", distinct=True, filter=within(period)) for index, period in enumerate(periods)}
    )
    counts = [int(totals[f"p{index}"] or 0) for index in range(len(periods))]
    return [MeasureResult(count, count) for count in counts]


MEASURES: tuple[tuple[KpiDefinition, Measure], ...] = (
    (
        KpiDefinition(
            "carers_signposted",
            "Carers given information and advice (signposted)",
            "Different carers the provider signposted to a service in the directory in the period.",
            "Signposting recorded on carers' records",
            computed=True,
        ),
        carers_signposted,
    ),
)
