"""KPI measures for everyday support: contacts and 1:1 support, groups, training, the community carers fund and
carer voice. Each is one aggregate query over any number of periods, like the rest of the library (`kpis.py`), and
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

from django.db.models import Aggregate, Count, Exists, OuterRef, Q, QuerySet, Sum

from carershub.commissioning.kpis import (
    KpiDefinition,
    Measure,
    MeasureResult,
    Scope,
    _as_results,
    _counts,
    _from,
    _open_during,
    _span,
    _until,
)
from carershub.commissioning.rules.rag import Direction, Period
from carershub.grants.models import Award, Payment
from carershub.people.models import Involvement, Person
from carershub.support.models import (
    Attendance,
    Contact,
    FeedbackResponse,
    GroupSession,
    TrainingAttendance,
)

HOURS = Decimal(60)


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def _at(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": _from(period.start), f"{field}__lt": _until(period.end)})


def _contacts(scope: Scope, span: Period) -> QuerySet[Contact]:
    return Contact.objects.filter(
        organisation_id__in=scope.provider_ids, area_id__in=scope.area_ids, contacted_on__range=(span.start, span.end)
    )


def carers_supported_any_way(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    def supported(period: Period) -> Q:
        carer = OuterRef("pk")
        contact = Contact.objects.filter(
            _in(period, "contacted_on"), carer=carer, organisation_id__in=scope.provider_ids
        )
        attended = Attendance.objects.filter(
            _at(period, "session__starts_at"), carer=carer, session__group__organisation_id__in=scope.provider_ids
        )
        trained = TrainingAttendance.objects.filter(
            _in(period, "session__held_on"), carer=carer, session__course__organisation_id__in=scope.provider_ids
        )
        case = Involvement.objects.filter(
            _open_during(period),
            person=carer,
            organisation_id__in=scope.provider_ids,
            reason=Involvement.Reason.CASE_OPEN,
        )
        return Q(Exists(contact)) | Q(Exists(attended)) | Q(Exists(trained)) | Q(Exists(case))

    people = Person.objects.filter(area_id__in=scope.area_ids, merged_into__isnull=True)
    return _as_results(_counts(people, periods, lambda period: Count("pk", filter=supported(period))))


def carers_given_information_and_advice(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    contacts = _contacts(scope, _span(periods)).filter(kind__is_information_and_advice=True)
    counts = _counts(
        contacts, periods, lambda period: Count("carer", distinct=True, filter=_in(period, "contacted_on"))
    )
    return _as_results(counts)


def one_to_one_contacts(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    contacts = _contacts(scope, _span(periods)).filter(kind__is_one_to_one=True)
    return _as_results(_counts(contacts, periods, lambda period: Count("pk", filter=_in(period, "contacted_on"))))


def one_to_one_hours(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"m{index}"] = Sum("minutes", filter=_in(period, "contacted_on"))
        aggregates[f"n{index}"] = Count("pk", filter=_in(period, "contacted_on"))
    totals = _contacts(scope, _span(periods)).filter(kind__is_one_to_one=True).aggregate(**aggregates)
    return [
        MeasureResult(
            (Decimal(totals[f"m{index}"] or 0) / HOURS).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            int(totals[f"n{index}"] or 0),
        )
        for index in range(len(periods))
    ]


def group_carers_attending(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    attendances = Attendance.objects.filter(
        _at(span, "session__starts_at"),
        area_id__in=scope.area_ids,
        session__group__organisation_id__in=scope.provider_ids,
    )
    counts = _counts(
        attendances, periods, lambda period: Count("carer", distinct=True, filter=_at(period, "session__starts_at"))
    )
    return _as_results(counts)


def group_sessions_held(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    sessions = GroupSession.objects.filter(
        _at(_span(periods), "starts_at"),
        area_id__in=scope.area_ids,
        group__organisation_id__in=scope.provider_ids,
        status=GroupSession.Status.SCHEDULED,
        register_taken_at__isnull=False,
    )
    return _as_results(_counts(sessions, periods, lambda period: Count("pk", filter=_at(period, "starts_at"))))


def _money(queryset: QuerySet[Award] | QuerySet[Payment], periods: Sequence[Period], field: str) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"v{index}"] = Sum("amount", filter=_in(period, field))
        aggregates[f"n{index}"] = Count("pk", filter=_in(period, field))
    totals = queryset.aggregate(**aggregates)
    return [
        MeasureResult(Decimal(totals[f"v{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


def fund_awarded(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    awards = Award.objects.filter(
        application__funding_round__fund__organisation_id__in=scope.provider_ids,
        application__funding_round__fund__area_id__in=scope.area_ids,
        awarded_on__range=(span.start, span.end),
    )
    return _money(awards, periods, "awarded_on")


def fund_spent(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    payments = Payment.objects.filter(
        award__application__funding_round__fund__organisation_id__in=scope.provider_ids,
        award__application__funding_round__fund__area_id__in=scope.area_ids,
        paid_on__range=(span.start, span.end),
    )
    return _money(payments, periods, "paid_on")


def _professionals_trained(sectors: tuple[str, ...]) -> Measure:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        span = _span(periods)
        attendances = TrainingAttendance.objects.filter(
            area_id__in=scope.area_ids,
            session__course__organisation_id__in=scope.provider_ids,
            session__held_on__range=(span.start, span.end),
            sector__in=sectors,
        )
        totals = attendances.aggregate(
            **{
                f"p{index}": Sum("attendees", filter=_in(period, "session__held_on"))
                for index, period in enumerate(periods)
            }
        )
        return _as_results([int(totals[f"p{index}"] or 0) for index in range(len(periods))])

    return measure


def satisfaction(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    responses = FeedbackResponse.objects.filter(
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        answered_on__range=(span.start, span.end),
    )
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"s{index}"] = Count("pk", filter=_in(period, "answered_on") & Q(satisfaction__gte=4))
        aggregates[f"n{index}"] = Count("pk", filter=_in(period, "answered_on"))
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


EVERYDAY_SUPPORT_MEASURES: tuple[tuple[KpiDefinition, Measure], ...] = (
    (
        KpiDefinition(
            "carers_supported_any_way",
            "Carers supported (any support)",
            "Different carers given any support in the period: a contact, a group, training, or an open case.",
            "Contacts, group registers, training and cases of the provider",
            computed=True,
        ),
        carers_supported_any_way,
    ),
    (
        KpiDefinition(
            "carers_given_information_and_advice",
            "Carers given information and advice",
            "Different carers given information and advice (Care Act 2014 s.4) in a contact in the period.",
            "Contacts of the provider",
            computed=True,
        ),
        carers_given_information_and_advice,
    ),
    (
        KpiDefinition(
            "one_to_one_contacts",
            "1:1 support contacts",
            "Contacts giving 1:1 support (emotional, specialist, counselling, advocacy...) in the period.",
            "Contacts of the provider",
            computed=True,
            unit="contacts",
        ),
        one_to_one_contacts,
    ),
    (
        KpiDefinition(
            "one_to_one_hours",
            "Hours of 1:1 support",
            "Hours of 1:1 support contacts in the period (their recorded minutes).",
            "Contacts of the provider",
            computed=True,
            unit="hours",
        ),
        one_to_one_hours,
    ),
    (
        KpiDefinition(
            "group_carers_attending",
            "Carers attending groups",
            "Different carers named on the register of a group session in the period.",
            "Group registers of the provider",
            computed=True,
        ),
        group_carers_attending,
    ),
    (
        KpiDefinition(
            "group_sessions_held",
            "Group sessions held",
            "Group sessions held (not cancelled, register taken) in the period.",
            "Group sessions of the provider",
            computed=True,
            unit="sessions",
        ),
        group_sessions_held,
    ),
    (
        KpiDefinition(
            "fund_awarded",
            "Community fund awarded",
            "Pounds awarded to community groups from the community carers fund in the period.",
            "Community carers fund awards",
            computed=True,
            unit="pounds",
        ),
        fund_awarded,
    ),
    (
        KpiDefinition(
            "fund_spent",
            "Community fund paid out",
            "Pounds paid to community groups from the community carers fund in the period.",
            "Community carers fund payments",
            computed=True,
            unit="pounds",
        ),
        fund_spent,
    ),
    (
        KpiDefinition(
            "professionals_trained",
            "Professionals trained",
            "Staff of schools, GP practices, hospitals, social care and others trained in the period.",
            "Training attendance of the provider",
            computed=True,
            unit="people",
        ),
        _professionals_trained(_PROFESSIONAL_SECTORS),
    ),
    (
        KpiDefinition(
            "school_staff_trained",
            "School staff trained",
            "School and college staff trained (young carer awareness) in the period.",
            "Training attendance of the provider",
            computed=True,
            unit="people",
        ),
        _professionals_trained((TrainingAttendance.Sector.SCHOOL,)),
    ),
    (
        KpiDefinition(
            "gp_staff_trained",
            "GP practice staff trained",
            "GP practice staff trained in the period.",
            "Training attendance of the provider",
            computed=True,
            unit="people",
        ),
        _professionals_trained((TrainingAttendance.Sector.GP_PRACTICE,)),
    ),
    (
        KpiDefinition(
            "satisfaction",
            "Carers satisfied",
            "Share of carers' feedback in the period that was satisfied or very satisfied.",
            "Carer feedback",
            computed=True,
            unit="%",
            prorated=False,
            statistic=True,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        satisfaction,
    ),
)
