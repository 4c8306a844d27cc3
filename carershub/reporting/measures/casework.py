"""Measures of casework: carers supported and identified, referrals accepted, GP practices engaged.

Definitions (where the issue was silent):
- carers supported: distinct carers with a "case open" involvement of a provider at any time in the period (a
  referral merely received is not support; "made a referral" is the referrer, not support). A duplicate merged into
  another record is not counted twice.
- young carers supported: the same, for carers under 18 at some time in the period (born less than 18 years before
  the period starts).
- new carers identified: distinct carers first registered on the platform in the period (the person record was
  created then) who were referred to a provider in the period. By source: the same, per `Referral.Source`; a carer
  referred from two sources in the period counts once under each.
- referrals accepted within N days: referrals received in the period and accepted within N calendar days of being
  received; N is `settings.CARERSHUB_KPI_ACCEPTED_WITHIN_DAYS` (default 7 until the setting exists).
- GP practices engaged: distinct GP practices with at least one engagement activity by a provider in the period.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from django.db.models import Count, F, Q, QuerySet

from carershub.commissioning.kpis.library_casework import SOURCE_LABELS
from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope, accepted_within_days
from carershub.commissioning.rules.rag import Period
from carershub.identification.selectors import engagement_activities_of_providers
from carershub.people.models import Involvement
from carershub.people.rules import ADULTHOOD
from carershub.people.selectors import involvements_of_providers, merged_people
from carershub.referrals.models import Referral
from carershub.referrals.selectors import referrals_to_providers
from carershub.reporting.measures.aggregates import as_results, counts, moment, open_during, plain, span, until


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _supported(scope: Scope, during: Period) -> QuerySet[Involvement]:
    return (
        involvements_of_providers(scope.provider_ids, cases_only=True)
        .filter(
            ~Q(person_id__in=merged_people().values("pk")),
            area_id__in=scope.area_ids,
            started_at__lt=until(during.end),
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=moment(during.start)))
    )


def carers_supported(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(
        counts(
            _supported(scope, span(periods)),
            periods,
            lambda period: Count("person", distinct=True, filter=open_during(period)),
        )
    )


def young_carers_supported(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    def count(period: Period) -> Count:
        young = Q(person__date_of_birth__gt=_years_before(period.start, ADULTHOOD))
        return Count("person", distinct=True, filter=open_during(period) & young)

    return as_results(counts(_supported(scope, span(periods)), periods, count))


def _referrals(scope: Scope, during: Period) -> QuerySet[Referral]:
    referrals = referrals_to_providers(scope.provider_ids, scope.area_ids).filter(
        received_at__gte=moment(during.start), received_at__lt=until(during.end)
    )
    if scope.cohorts:
        referrals = referrals.filter(cohort__in=scope.cohorts)
    return referrals


def _received_and_registered(period: Period) -> Q:
    return Q(
        received_at__gte=moment(period.start),
        received_at__lt=until(period.end),
        carer__created_at__gte=moment(period.start),
        carer__created_at__lt=until(period.end),
    )


def _new_carers(period: Period) -> Count:
    return Count("carer", distinct=True, filter=_received_and_registered(period))


def new_carers_identified(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return as_results(counts(_referrals(scope, span(periods)), periods, _new_carers))


def new_carers_by_source(scope: Scope, periods: Sequence[Period]) -> list[dict[str, int]]:
    """For each period, new carers identified per referral source (every source listed, 0 when none)."""
    rows = (
        _referrals(scope, span(periods))
        .values("source")
        .annotate(**{f"p{index}": _new_carers(period) for index, period in enumerate(periods)})
    )
    result = [dict.fromkeys(Referral.Source.values, 0) for _ in periods]
    for row in map(plain, rows):
        for index in range(len(periods)):
            result[index][row["source"]] = int(row[f"p{index}"] or 0)
    return result


def _new_carers_from(source: str) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        return as_results(counts(_referrals(scope, span(periods)).filter(source=source), periods, _new_carers))

    return measure


def referrals_accepted_within_days(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    days = timedelta(days=accepted_within_days())
    accepted = _referrals(scope, span(periods)).filter(
        status=Referral.Status.ACCEPTED, decided_at__lte=F("received_at") + days
    )
    return as_results(
        counts(
            accepted,
            periods,
            lambda period: Count(
                "pk", filter=Q(received_at__gte=moment(period.start), received_at__lt=until(period.end))
            ),
        )
    )


def gp_practices_engaged(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    activities = engagement_activities_of_providers(scope.provider_ids, scope.area_ids).filter(
        gp_practice__isnull=False, occurred_on__range=(during.start, during.end)
    )
    return as_results(
        counts(
            activities,
            periods,
            lambda period: Count("gp_practice", distinct=True, filter=Q(occurred_on__range=(period.start, period.end))),
        )
    )


MEASURES: Final[dict[str, Measure]] = {
    "carers_supported": carers_supported,
    "new_carers_identified": new_carers_identified,
    **{f"new_carers_from_{source}": _new_carers_from(source) for source in SOURCE_LABELS},
    "young_carers_supported": young_carers_supported,
    "referrals_accepted_within_days": referrals_accepted_within_days,
    "gp_practices_engaged": gp_practices_engaged,
}
