"""KPI measures for everyday support: contacts and 1:1 support, groups, training, the community carers fund and
carer voice. Each is one aggregate query over any number of periods, like the other measures, and
reaches dashboards through the same cached refresh (`refresh_kpi_figures`), never while someone waits.

Definitions (where the issue was silent):
- carers supported (any support): distinct carers with, in the period, a contact from a provider, a group session
  they attended at a provider's group, a carers' training session, or an open case at a provider (Coventry counts
  "general support to over 4,000 carers per annum" this way: anyone the service did something for).
- carers given information and advice: distinct carers with a contact whose kind counts as information and advice
  (Care Act 2014 s.4; the flag is on each kind of contact, so a council's own kinds count correctly).
- 1:1 contacts and hours: contacts whose kind counts as 1:1 support, and their minutes as hours (a contact with no
  minutes recorded adds none).
- group attendance: distinct carers named on a register of a provider's group in the period, and sessions held
  (not cancelled, register taken). People counted only by head count are in neither: they are not identifiable.
- fund awarded and spent: community carers fund awards decided in the period, and payments made in it, by funds
  run by the providers in the contract's areas (pounds).
- professionals trained: staff attending a provider's training in the period, all sectors, and schools and GP
  practices alone (Kent's workforce development).
- satisfaction: the share of feedback responses in the period answering "satisfied" or "very satisfied" (a
  percentage; suppressed when it rests on 1 to 4 responses).
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.db.models import Aggregate, Count, F, Func, IntegerField, Q, QuerySet, Subquery, Sum

from carershub.commissioning.kpis.types import Measure, MeasureResult, Scope
from carershub.commissioning.rules.rag import Period
from carershub.grants.models import Award, Payment
from carershub.grants.selectors import awards_of_funds_run_by, payments_of_funds_run_by
from carershub.organisations.selectors import areas_with_ids
from carershub.people.selectors import involvements_of_providers, people_in_areas
from carershub.reporting.measures.aggregates import as_results, at, counts, open_during, span, within
from carershub.support.models import Contact, GroupSession, TrainingAttendance
from carershub.support.selectors import (
    attendances_of_providers,
    contacts_of_providers,
    feedback_of_providers,
    group_sessions_of_providers,
    training_attendances_of_providers,
)

HOURS = Decimal(60)


def _contacts(scope: Scope, during: Period) -> QuerySet[Contact]:
    return contacts_of_providers(scope.provider_ids, scope.area_ids).filter(
        contacted_on__range=(during.start, during.end)
    )


def carers_supported_any_way(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    """Per period, the people in the areas among the union of the carers each kind of support reached in it: one
    statement with a count per period. Written as four EXISTS tests on every person in the area, the measure took
    30 s a quarter at county scale (1.2 million people); as a union PostgreSQL reads only the period's contacts,
    attendances and open cases."""

    def supported(period: Period) -> QuerySet[Any]:
        contacts = contacts_of_providers(scope.provider_ids).filter(within(period, "contacted_on"))
        attended = attendances_of_providers(scope.provider_ids).filter(at(period, "session__starts_at"))
        trained = training_attendances_of_providers(scope.provider_ids).filter(
            within(period, "session__held_on"), carer__isnull=False
        )
        cases = involvements_of_providers(scope.provider_ids, cases_only=True).filter(open_during(period))
        return (
            contacts.order_by()
            .values("carer_id")
            .union(
                attended.order_by().values("carer_id"),
                trained.order_by().values("carer_id"),
                cases.order_by().values("person_id"),
                all=True,  # the IN below removes the repeats
            )
        )

    def count_of(period: Period) -> Subquery:
        # COUNT as a plain function, not an aggregate, so the subquery has no GROUP BY and gives one row.
        people = people_in_areas(scope.area_ids).filter(pk__in=supported(period)).order_by()
        return Subquery(people.values(n=Func(F("pk"), function="COUNT")), output_field=IntegerField())

    row = (
        areas_with_ids(scope.area_ids[:1])
        .annotate(**{f"p{index}": count_of(period) for index, period in enumerate(periods)})
        .values(*(f"p{index}" for index in range(len(periods))))
        .first()
    )
    return as_results([int((row or {}).get(f"p{index}") or 0) for index in range(len(periods))])


def carers_given_information_and_advice(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    contacts = _contacts(scope, span(periods)).filter(kind__is_information_and_advice=True)
    numbers = counts(
        contacts, periods, lambda period: Count("carer", distinct=True, filter=within(period, "contacted_on"))
    )
    return as_results(numbers)


def one_to_one_contacts(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    contacts = _contacts(scope, span(periods)).filter(kind__is_one_to_one=True)
    return as_results(counts(contacts, periods, lambda period: Count("pk", filter=within(period, "contacted_on"))))


def one_to_one_hours(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"m{index}"] = Sum("minutes", filter=within(period, "contacted_on"))
        aggregates[f"n{index}"] = Count("pk", filter=within(period, "contacted_on"))
    totals = _contacts(scope, span(periods)).filter(kind__is_one_to_one=True).aggregate(**aggregates)
    return [
        MeasureResult(
            (Decimal(totals[f"m{index}"] or 0) / HOURS).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            int(totals[f"n{index}"] or 0),
        )
        for index in range(len(periods))
    ]


def group_carers_attending(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    attendances = attendances_of_providers(scope.provider_ids, scope.area_ids).filter(at(during, "session__starts_at"))
    numbers = counts(
        attendances, periods, lambda period: Count("carer", distinct=True, filter=at(period, "session__starts_at"))
    )
    return as_results(numbers)


def group_sessions_held(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    sessions = group_sessions_of_providers(scope.provider_ids, scope.area_ids).filter(
        at(span(periods), "starts_at"), status=GroupSession.Status.SCHEDULED, register_taken_at__isnull=False
    )
    return as_results(counts(sessions, periods, lambda period: Count("pk", filter=at(period, "starts_at"))))


def _money(queryset: QuerySet[Award] | QuerySet[Payment], periods: Sequence[Period], field: str) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"v{index}"] = Sum("amount", filter=within(period, field))
        aggregates[f"n{index}"] = Count("pk", filter=within(period, field))
    totals = queryset.aggregate(**aggregates)
    return [
        MeasureResult(Decimal(totals[f"v{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


def fund_awarded(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    awards = awards_of_funds_run_by(scope.provider_ids, scope.area_ids).filter(
        awarded_on__range=(during.start, during.end)
    )
    return _money(awards, periods, "awarded_on")


def fund_spent(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    payments = payments_of_funds_run_by(scope.provider_ids, scope.area_ids).filter(
        paid_on__range=(during.start, during.end)
    )
    return _money(payments, periods, "paid_on")


def _professionals_trained(sectors: tuple[str, ...]) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        during = span(periods)
        attendances = training_attendances_of_providers(scope.provider_ids, scope.area_ids).filter(
            session__held_on__range=(during.start, during.end), sector__in=sectors
        )
        totals = attendances.aggregate(
            **{
                f"p{index}": Sum("attendees", filter=within(period, "session__held_on"))
                for index, period in enumerate(periods)
            }
        )
        return as_results([int(totals[f"p{index}"] or 0) for index in range(len(periods))])

    return measure


def satisfaction(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    during = span(periods)
    responses = feedback_of_providers(scope.provider_ids, scope.area_ids).filter(
        answered_on__range=(during.start, during.end)
    )
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"s{index}"] = Count("pk", filter=within(period, "answered_on") & Q(satisfaction__gte=4))
        aggregates[f"n{index}"] = Count("pk", filter=within(period, "answered_on"))
    totals = responses.aggregate(**aggregates)
    results = []
    for index in range(len(periods)):
        count = int(totals[f"n{index}"] or 0)
        share = (
            (Decimal(100 * totals[f"s{index}"]) / count).quantize(Decimal(1), rounding=ROUND_HALF_UP) if count else None
        )
        results.append(MeasureResult(share, count))
    return results


_PROFESSIONAL_SECTORS = tuple(sector for sector in TrainingAttendance.Sector.values if sector != "carer")


MEASURES: Final[dict[str, Measure]] = {
    "carers_supported_any_way": carers_supported_any_way,
    "carers_given_information_and_advice": carers_given_information_and_advice,
    "one_to_one_contacts": one_to_one_contacts,
    "one_to_one_hours": one_to_one_hours,
    "group_carers_attending": group_carers_attending,
    "group_sessions_held": group_sessions_held,
    "fund_awarded": fund_awarded,
    "fund_spent": fund_spent,
    "professionals_trained": _professionals_trained(_PROFESSIONAL_SECTORS),
    "school_staff_trained": _professionals_trained((TrainingAttendance.Sector.SCHOOL,)),
    "gp_staff_trained": _professionals_trained((TrainingAttendance.Sector.GP_PRACTICE,)),
    "satisfaction": satisfaction,
}
