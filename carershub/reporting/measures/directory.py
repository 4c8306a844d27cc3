"""Measures from the service directory: carers signposted to services (information and advice, Care Act 2014
s.4), counted from the signposting recorded on carers' records."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from django.db.models import Count, Q

from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.directory.selectors.signposting import signpostings_by_providers
from carershub.reporting.measures.aggregates import moment as _moment


def carers_signposted(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    """Different carers the provider signposted to a directory service in each period (one query)."""
    start = _moment(min(period.start for period in periods))
    end = _moment(max(period.end for period in periods) + timedelta(days=1))
    rows = signpostings_by_providers(scope.provider_ids, scope.area_ids).filter(
        signposted_at__gte=start, signposted_at__lt=end
    )

    def within(period: Period) -> Q:
        return Q(signposted_at__gte=_moment(period.start), signposted_at__lt=_moment(period.end + timedelta(days=1)))

    totals = rows.aggregate(
        **{f"p{index}": Count("person", distinct=True, filter=within(period)) for index, period in enumerate(periods)}
    )
    counts = [int(totals[f"p{index}"] or 0) for index in range(len(periods))]
    return [MeasureResult(count, count) for count in counts]


MEASURES: Final[dict[str, Measure]] = {"carers_signposted": carers_signposted}
