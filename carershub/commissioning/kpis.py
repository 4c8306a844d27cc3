"""The KPI library: what a contract can be held to, each measure computed from the platform's own records.

A measure is counted for a *scope*: the contract's areas and the providers delivering it (a lot's provider, or every
lot's provider for the whole contract), and, for measures read from referrals, the lot's cohorts. Each measure is
one aggregate query over any number of periods (a conditional aggregate per period), never a loop over people, so
a county contract's dashboard and quarterly return stay fast however many carers it supports.

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
- assessments completed, and their waits: statutory assessments completed (status COMPLETED) in the period by a
  provider, of the kinds the KPI names (`ContractKpi.assessment_kinds`; every kind when it names none); the wait is
  requested_on to completed_on in days (median; 90th percentile by nearest rank). Coventry's "Complete 340 Carers
  Assessments per year" (seed 001 §1.25) counts Care Act carer's assessments only: "A separate contract exists for
  the provision of Young Carers Assessments" (§2.4).
- carers with contingency plans: distinct carers with a plan in force at some time in the period (as
  `emergency_response_figures` counts plans managed): the plan's first emergency card was issued before the period
  ended, and the plan was not withdrawn before the period started; for carers a provider worked with (an
  involvement of a provider overlapping the periods asked for). A past period keeps counting a plan withdrawn after
  it. Coventry manages "contingency plans for 500 carers" (seed 001 §1.25): a carer with plans for two people counts
  once.
- emergency activations and hours: activations opened in the period, and their hours of emergency support, for
  carers a provider has worked with.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract, ContractKpi, Lot, ManualMeasurement
from carershub.commissioning.rules.rag import (
    SUPPRESSED,
    Direction,
    Period,
    is_suppressed,
    median,
    percentile,
    prorated_target,
    rag,
    suppress_breakdown,
)
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard
from carershub.identification.models import EngagementActivity
from carershub.people.models import Involvement, Person
from carershub.people.rules import ADULTHOOD
from carershub.referrals.models import Referral

DEFAULT_ACCEPTED_WITHIN_DAYS: Final = 7

Value = int | Decimal | None


@dataclass(frozen=True)
class KpiDefinition:
    """A measure in the library. `computed` measures are counted from records; the others are entered by the
    provider. `prorated` measures are flows (an annual target is shared across the year's quarters); the others are
    levels (the target applies to every period). `statistic` measures (waits) are suppressed when they rest on
    1 to 4 people, and not summed."""

    code: str
    label: str
    description: str
    source: str
    computed: bool
    unit: str = "carers"
    prorated: bool = True
    statistic: bool = False
    direction: Direction = Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class MeasureResult:
    """A measure's value for one period, and how many people or records it rests on (what suppression tests)."""

    value: Value
    base: int | None


@dataclass(frozen=True)
class Scope:
    """Whose records a contract or lot is measured from."""

    area_ids: tuple[int, ...]
    provider_ids: tuple[int, ...]
    cohorts: tuple[str, ...] = ()
    # The KPI's own filter for the assessment measures (empty: every kind of assessment).
    assessment_kinds: tuple[str, ...] = ()


# A measure counts one scope over any number of periods in one query.
Measure = Callable[[Scope, Sequence[Period]], list[MeasureResult]]


def scope_of(contract: Contract, lot: Lot | None) -> Scope:
    """The contract's areas and the lot's provider and cohorts, or every lot's for the whole contract."""
    area_ids = tuple(sorted(contract.areas.values_list("pk", flat=True)))
    if lot is not None:
        providers: tuple[int, ...] = (lot.provider_id,) if lot.provider_id is not None else ()
        return Scope(area_ids, providers, tuple(lot.cohorts or ()))
    lots = list(contract.lots.values_list("provider_id", "cohorts"))
    providers = tuple(sorted({provider for provider, _ in lots if provider is not None}))
    # A lot serving every cohort (no cohorts listed) opens the whole contract to every cohort.
    cohorts: tuple[str, ...] = ()
    if lots and all(lot_cohorts for _, lot_cohorts in lots):
        cohorts = tuple(sorted({cohort for _, lot_cohorts in lots for cohort in lot_cohorts}))
    return Scope(area_ids, providers, cohorts)


def accepted_within_days() -> int:
    return int(getattr(settings, "CARERSHUB_KPI_ACCEPTED_WITHIN_DAYS", DEFAULT_ACCEPTED_WITHIN_DAYS))


def _from(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _until(day: date) -> datetime:
    """The first moment after the day (periods include their last day)."""
    return _from(day + timedelta(days=1))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _span(periods: Sequence[Period]) -> Period:
    return Period(min(period.start for period in periods), max(period.end for period in periods))


def _counts(queryset: QuerySet[Any], periods: Sequence[Period], count: Callable[[Period], Count]) -> list[int]:
    totals = queryset.aggregate(**{f"p{index}": count(period) for index, period in enumerate(periods)})
    return [int(totals[f"p{index}"] or 0) for index in range(len(periods))]


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A `values()` row as a plain dictionary (its keys include the per-period aggregates)."""
    return dict(row)


def _as_results(counts: Sequence[int]) -> list[MeasureResult]:
    return [MeasureResult(count, count) for count in counts]


def _not_merged() -> Q:
    return ~Q(person_id__in=Person.objects.filter(merged_into__isnull=False).values("pk"))


def _supported(scope: Scope, span: Period) -> QuerySet[Involvement]:
    return Involvement.objects.filter(
        _not_merged(),
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        reason=Involvement.Reason.CASE_OPEN,
        started_at__lt=_until(span.end),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gte=_from(span.start)))


def _open_during(period: Period) -> Q:
    return Q(started_at__lt=_until(period.end)) & (Q(ended_at__isnull=True) | Q(ended_at__gte=_from(period.start)))


def carers_supported(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    counts = _counts(
        _supported(scope, _span(periods)),
        periods,
        lambda period: Count("person", distinct=True, filter=_open_during(period)),
    )
    return _as_results(counts)


def young_carers_supported(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    def count(period: Period) -> Count:
        young = Q(person__date_of_birth__gt=_years_before(period.start, ADULTHOOD))
        return Count("person", distinct=True, filter=_open_during(period) & young)

    return _as_results(_counts(_supported(scope, _span(periods)), periods, count))


def _referrals(scope: Scope, span: Period) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(
        provider_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        received_at__gte=_from(span.start),
        received_at__lt=_until(span.end),
    )
    if scope.cohorts:
        referrals = referrals.filter(cohort__in=scope.cohorts)
    return referrals


def _received_and_registered(period: Period) -> Q:
    return Q(
        received_at__gte=_from(period.start),
        received_at__lt=_until(period.end),
        carer__created_at__gte=_from(period.start),
        carer__created_at__lt=_until(period.end),
    )


def new_carers_identified(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    counts = _counts(
        _referrals(scope, _span(periods)),
        periods,
        lambda period: Count("carer", distinct=True, filter=_received_and_registered(period)),
    )
    return _as_results(counts)


def new_carers_by_source(scope: Scope, periods: Sequence[Period]) -> list[dict[str, int]]:
    """For each period, new carers identified per referral source (every source listed, 0 when none)."""
    rows = (
        _referrals(scope, _span(periods))
        .values("source")
        .annotate(
            **{
                f"p{index}": Count("carer", distinct=True, filter=_received_and_registered(period))
                for index, period in enumerate(periods)
            }
        )
    )
    result = [dict.fromkeys(Referral.Source.values, 0) for _ in periods]
    for row in map(_plain, rows):
        for index in range(len(periods)):
            result[index][row["source"]] = int(row[f"p{index}"] or 0)
    return result


def _new_carers_from(source: str) -> Callable[[Scope, Sequence[Period]], list[MeasureResult]]:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        counts = _counts(
            _referrals(scope, _span(periods)).filter(source=source),
            periods,
            lambda period: Count("carer", distinct=True, filter=_received_and_registered(period)),
        )
        return _as_results(counts)

    return measure


def referrals_accepted_within_days(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    within = timedelta(days=accepted_within_days())
    accepted = _referrals(scope, _span(periods)).filter(
        status=Referral.Status.ACCEPTED, decided_at__lte=F("received_at") + within
    )
    counts = _counts(
        accepted,
        periods,
        lambda period: Count("pk", filter=Q(received_at__gte=_from(period.start), received_at__lt=_until(period.end))),
    )
    return _as_results(counts)


def gp_practices_engaged(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    activities = EngagementActivity.objects.filter(
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        gp_practice__isnull=False,
        occurred_on__range=(span.start, span.end),
    )
    counts = _counts(
        activities,
        periods,
        lambda period: Count("gp_practice", distinct=True, filter=Q(occurred_on__range=(period.start, period.end))),
    )
    return _as_results(counts)


def _completed_assessments(scope: Scope, span: Period) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(
        organisation_id__in=scope.provider_ids,
        area_id__in=scope.area_ids,
        status=Assessment.Status.COMPLETED,
        completed_on__range=(span.start, span.end),
    )
    if scope.assessment_kinds:
        assessments = assessments.filter(kind__in=scope.assessment_kinds)
    return assessments


def assessments_completed(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    counts = _counts(
        _completed_assessments(scope, _span(periods)),
        periods,
        lambda period: Count("pk", filter=Q(completed_on__range=(period.start, period.end))),
    )
    return _as_results(counts)


def assessment_waits(scope: Scope, periods: Sequence[Period]) -> list[dict[int, int]]:
    """For each period, how many completed assessments waited each number of days: {days: how many}. One query:
    the waits are grouped in the database, so only the distinct waits come back."""
    wait = ExpressionWrapper(F("completed_on") - F("requested_on"), output_field=DurationField())
    rows = (
        _completed_assessments(scope, _span(periods))
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
    for row in map(_plain, rows):
        days = max(0, row["wait"].days)
        for index in range(len(periods)):
            if row[f"p{index}"]:
                histograms[index][days] += int(row[f"p{index}"])
    return [dict(histogram) for histogram in histograms]


def _wait_statistic(
    pick: Callable[[Mapping[int, int]], Value],
) -> Callable[[Scope, Sequence[Period]], list[MeasureResult]]:
    def measure(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
        return [
            MeasureResult(pick(histogram), sum(histogram.values())) for histogram in assessment_waits(scope, periods)
        ]

    return measure


def _with_provider(carer_field: str, scope: Scope, *, open_only: bool) -> Exists:
    involvements = Involvement.objects.filter(person_id=OuterRef(carer_field), organisation_id__in=scope.provider_ids)
    if open_only:
        involvements = involvements.filter(ended_at__isnull=True)
    return Exists(involvements)


def _in_force_during(period: Period) -> Q:
    """A plan is in force from its first card (made active) until it is withdrawn."""
    return Q(first_card_issued_at__lt=_until(period.end)) & (
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=_from(period.start))
    )


def contingency_plans_active(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    span = _span(periods)
    worked_with = Involvement.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=_from(span.start)),
        person_id=OuterRef("carer_id"),
        organisation_id__in=scope.provider_ids,
        started_at__lt=_until(span.end),
    )
    first_card = EmergencyCard.objects.filter(plan=OuterRef("pk")).order_by("issued_at").values("issued_at")[:1]
    plans = (
        ContingencyPlan.objects.filter(Exists(worked_with), area_id__in=scope.area_ids)
        .annotate(first_card_issued_at=Subquery(first_card))
        .filter(_in_force_during(span))
    )
    # Carers, not plans: a carer with plans for two people counts once.
    return _as_results(
        _counts(plans, periods, lambda period: Count("carer", distinct=True, filter=_in_force_during(period)))
    )


def _activations(scope: Scope, span: Period) -> QuerySet[Activation]:
    return Activation.objects.filter(
        _with_provider("plan__carer_id", scope, open_only=False),
        area_id__in=scope.area_ids,
        opened_at__gte=_from(span.start),
        opened_at__lt=_until(span.end),
    )


def _opened_in(period: Period) -> Q:
    return Q(opened_at__gte=_from(period.start), opened_at__lt=_until(period.end))


def emergency_activations(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    return _as_results(
        _counts(_activations(scope, _span(periods)), periods, lambda period: Count("pk", filter=_opened_in(period)))
    )


def emergency_support_hours(scope: Scope, periods: Sequence[Period]) -> list[MeasureResult]:
    aggregates: dict[str, Aggregate] = {}
    for index, period in enumerate(periods):
        aggregates[f"h{index}"] = Sum("support_hours", filter=_opened_in(period))
        aggregates[f"n{index}"] = Count("pk", filter=_opened_in(period))
    totals = _activations(scope, _span(periods)).aggregate(**aggregates)
    return [
        MeasureResult(Decimal(totals[f"h{index}"] or 0), int(totals[f"n{index}"] or 0)) for index in range(len(periods))
    ]


def _median(histogram: Mapping[int, int]) -> Value:
    return median(histogram)


def _p90(histogram: Mapping[int, int]) -> Value:
    return percentile(histogram, 90)


_SOURCE_LABELS: Final = {
    Referral.Source.SELF: "self-referral",
    Referral.Source.GP_PRACTICE: "GP practices",
    Referral.Source.HOSPITAL: "hospitals",
    Referral.Source.SCHOOL: "schools and colleges",
    Referral.Source.SOCIAL_WORKER: "council social workers",
    Referral.Source.PROVIDER: "other providers",
    Referral.Source.FAMILY: "family and friends",
}


def _definitions() -> tuple[dict[str, KpiDefinition], dict[str, Measure]]:
    days = accepted_within_days
    definitions: list[tuple[KpiDefinition, Measure | None]] = [
        (
            KpiDefinition(
                "carers_supported",
                "Carers supported",
                "Different carers with an open case at the provider at any time in the period.",
                "Involvements (case open) of the provider",
                computed=True,
            ),
            carers_supported,
        ),
        (
            KpiDefinition(
                "new_carers_identified",
                "New carers identified",
                "Carers first registered in the period, referred to the provider in the period.",
                "Referrals and carers' registration dates",
                computed=True,
            ),
            new_carers_identified,
        ),
        *(
            (
                KpiDefinition(
                    f"new_carers_from_{source}",
                    f"New carers identified through {label}",
                    f"New carers identified whose referral in the period came from {label}.",
                    "Referrals (source)",
                    computed=True,
                ),
                _new_carers_from(source),
            )
            for source, label in _SOURCE_LABELS.items()
        ),
        (
            KpiDefinition(
                "young_carers_supported",
                "Young carers supported",
                "Different carers under 18 with an open case at the provider at any time in the period.",
                "Involvements (case open) and dates of birth",
                computed=True,
            ),
            young_carers_supported,
        ),
        (
            KpiDefinition(
                "referrals_accepted_within_days",
                f"Referrals accepted within {days()} days",
                f"Referrals received in the period and accepted within {days()} days of arriving.",
                "Referrals (received and decided dates)",
                computed=True,
                unit="referrals",
            ),
            referrals_accepted_within_days,
        ),
        (
            KpiDefinition(
                "gp_practices_engaged",
                "GP practices engaged",
                "Different GP practices the provider worked with in the period (visits, training, register reviews).",
                "Engagement activities with GP practices",
                computed=True,
                unit="practices",
                prorated=False,
            ),
            gp_practices_engaged,
        ),
        (
            KpiDefinition(
                "assessments_completed",
                "Carers' assessments completed",
                "Statutory assessments the provider completed in the period, of the kinds the KPI names (every kind "
                "when it names none).",
                "Assessments (completed)",
                computed=True,
                unit="assessments",
            ),
            assessments_completed,
        ),
        (
            KpiDefinition(
                "assessment_wait_median_days",
                "Median wait for an assessment (days)",
                "Days from request to completion, middle value, for assessments completed in the period.",
                "Assessments (requested and completed dates)",
                computed=True,
                unit="days",
                prorated=False,
                statistic=True,
                direction=Direction.LOWER_IS_BETTER,
            ),
            _wait_statistic(_median),
        ),
        (
            KpiDefinition(
                "assessment_wait_p90_days",
                "Longest usual wait for an assessment (90th percentile, days)",
                "Nine in ten assessments completed in the period waited this many days or fewer.",
                "Assessments (requested and completed dates)",
                computed=True,
                unit="days",
                prorated=False,
                statistic=True,
                direction=Direction.LOWER_IS_BETTER,
            ),
            _wait_statistic(_p90),
        ),
        (
            KpiDefinition(
                "contingency_plans_active",
                "Carers with a contingency plan in force",
                "Carers the provider works with who have a contingency (emergency) plan in force; a carer with plans "
                "for two people counts once.",
                "Contingency plans (active or due for review)",
                computed=True,
                unit="carers",
                prorated=False,
            ),
            contingency_plans_active,
        ),
        (
            KpiDefinition(
                "emergency_activations",
                "Emergency plan activations",
                "Times a carer's emergency plan was opened after a call to the emergency line in the period.",
                "Emergency activations",
                computed=True,
                unit="activations",
            ),
            emergency_activations,
        ),
        (
            KpiDefinition(
                "emergency_support_hours",
                "Hours of emergency support",
                "Hours of replacement care and support given in emergencies opened in the period.",
                "Emergency activations (support hours)",
                computed=True,
                unit="hours",
            ),
            emergency_support_hours,
        ),
        (
            KpiDefinition(
                "direct_payments",
                "Carers' direct payments",
                "Direct payments to carers administered in the period (entered by the provider).",
                "Entered by the provider",
                computed=False,
                unit="direct payments",
            ),
            None,
        ),
        (
            KpiDefinition(
                "short_breaks",
                "Carers given short breaks",
                "Carers given a short break in the period (entered by the provider).",
                "Entered by the provider",
                computed=False,
            ),
            None,
        ),
        (
            KpiDefinition(
                "group_attendance",
                "Group attendances",
                "Attendances at carers' groups and activities in the period (entered by the provider).",
                "Entered by the provider",
                computed=False,
                unit="attendances",
            ),
            None,
        ),
    ]
    library = {definition.code: definition for definition, _ in definitions}
    measures = {definition.code: measure for definition, measure in definitions if measure is not None}
    return library, measures


_LIBRARY_AND_MEASURES: Final = _definitions()
KPI_LIBRARY: Final[Mapping[str, KpiDefinition]] = _LIBRARY_AND_MEASURES[0]
_MEASURES: Final[Mapping[str, Measure]] = _LIBRARY_AND_MEASURES[1]


def register_measures(pairs: Iterable[tuple[KpiDefinition, Measure | None]]) -> None:
    """Add a topic's KPI definitions and measures to the library, after the ones above.

    Each topic module (`measures_support_plans`, `measures_everyday_support`, `measures_directory`) builds on this
    one's types and is registered from `CommissioningConfig.ready()`, so this module imports none of them."""
    library, measures = _LIBRARY_AND_MEASURES
    for definition, measure in pairs:
        library[definition.code] = definition
        if measure is not None:
            measures[definition.code] = measure


def measure_results(
    measure: str, *, scope: Scope, periods: Sequence[Period], max_age_seconds: int = 0, refresh: bool = False
) -> list[MeasureResult]:
    """A computed measure for each period, in one query. A manual measure (or an unknown one) gives no value.

    With `max_age_seconds`, a result computed that recently for the same scope and periods is reused: at county
    scale (about a million activity rows a contract) a dashboard's live counts take about a second to compute, so
    dashboards show figures at most a few minutes old. Monitoring returns always compute afresh (the default).
    `refresh` computes afresh and keeps the result for the next `max_age_seconds` (`refresh_kpi_figures`, from cron,
    so no dashboard waits for the computation).
    """
    if not periods:
        return []
    compute = _MEASURES.get(measure)
    if compute is None:
        return [MeasureResult(None, None) for _ in periods]
    if not scope.provider_ids or not scope.area_ids:
        # No provider (no lot let yet) or no area: nothing has been delivered under the contract.
        return [MeasureResult(0, 0) for _ in periods]
    if max_age_seconds <= 0:
        return compute(scope, periods)
    key = "kpi:" + hashlib.sha256(repr((measure, scope, tuple(periods))).encode()).hexdigest()
    cached: list[MeasureResult] | None = None if refresh else cache.get(key)
    if cached is None:
        cached = compute(scope, periods)
        cache.set(key, cached, timeout=max_age_seconds)
    return cached


def measure_value(measure: str, *, contract: Contract, lot: Lot | None, start: date, end: date) -> Value:
    """The measure for the contract (or one lot) over a period, counted from live records; None if it is manual."""
    return measure_results(measure, scope=scope_of(contract, lot), periods=[Period(start, end)])[0].value


@dataclass(frozen=True)
class Figure:
    """One KPI in one period, as generated: the raw value (never shown unsuppressed to commissioners)."""

    kpi: ContractKpi
    value: int | Decimal | None
    base: int | None
    target: Decimal
    rag: str | None
    manual: bool
    # Hidden although 5 or more, because it is shown beside its total and a count of 1 to 4 (secondary suppression).
    hidden_beside_total: bool = False

    @property
    def is_suppressed(self) -> bool:
        return is_suppressed(self.base) or self.hidden_beside_total

    def as_json(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi.pk,
            "measure": self.kpi.measure,
            "label": str(self.kpi),
            "value": None if self.value is None else str(self.value),
            "base": self.base,
            "target": str(self.target),
            "rag": self.rag,
            "manual": self.manual,
            "suppressed": self.is_suppressed,
            "unit": KPI_LIBRARY[self.kpi.measure].unit if self.kpi.measure in KPI_LIBRARY else "",
        }


def compute_figures(
    contract: Contract,
    kpis: list[ContractKpi],
    periods: list[Period],
    *,
    max_age_seconds: int = 0,
    refresh: bool = False,
) -> dict[int, list[Figure]]:
    """Every KPI for every period, from live records (one query per computed KPI) and the provider's figures (one
    query, never cached). Returns {kpi id: [figure per period]}. See `measure_results` for `max_age_seconds`."""
    manual = {
        (figure.kpi_id, figure.period_start, figure.period_end): figure.value
        for figure in ManualMeasurement.objects.filter(
            kpi__in=[kpi for kpi in kpis if kpi.manual],
            period_start__in=[period.start for period in periods],
        )
    }
    scopes: dict[int | None, Any] = {}
    result: dict[int, list[Figure]] = {}
    for kpi in kpis:
        definition = KPI_LIBRARY.get(kpi.measure)
        if kpi.manual or definition is None:
            # A figure the provider entered is suppressed like a count of the same size.
            entered = [manual.get((kpi.pk, period.start, period.end)) for period in periods]
            results = [MeasureResult(value, None if value is None else int(value)) for value in entered]
        else:
            if kpi.lot_id not in scopes:
                scopes[kpi.lot_id] = scope_of(contract, kpi.lot)
            results = measure_results(
                kpi.measure,
                scope=replace(scopes[kpi.lot_id], assessment_kinds=tuple(kpi.assessment_kinds or ())),
                periods=periods,
                max_age_seconds=max_age_seconds,
                refresh=refresh,
            )
        prorated = definition.prorated if definition else True
        figures = []
        for period, item in zip(periods, results, strict=True):
            target = prorated_target(kpi.annual_target, period, prorated=prorated)
            status = rag(
                item.value,
                target,
                direction=Direction(kpi.direction),
                green_from_percent=kpi.green_from_percent,
                amber_from_percent=kpi.amber_from_percent,
            )
            figures.append(Figure(kpi, item.value, item.base, target, status.value if status else None, kpi.manual))
        result[kpi.pk] = figures
    _suppress_breakdowns_beside_totals(result, kpis, len(periods))
    return result


# Measures whose figures are parts of another measure's figure, shown beside it: {total: prefix of the parts}.
_BREAKDOWNS: Final = {"new_carers_identified": "new_carers_from_"}
_UNSHOWN_PARTS: Final = "unshown parts"


def _suppress_breakdowns_beside_totals(result: dict[int, list[Figure]], kpis: list[ContractKpi], periods: int) -> None:
    """Where a total and some of its parts are both shown (for the same lot or the whole contract), hide a second
    part beside a part of 1 to 4, or the total minus the others would give it away. The parts the contract does not
    report on count as one more part, never shown: hiding it is enough when the total minus the shown parts is 1 to
    4. (A carer referred from two sources counts under each, so the parts may add up to more than the total.)"""
    for total_measure, prefix in _BREAKDOWNS.items():
        for total in (kpi for kpi in kpis if kpi.measure == total_measure and not kpi.manual):
            parts = [kpi for kpi in kpis if kpi.measure.startswith(prefix) and kpi.lot_id == total.lot_id]
            if not parts:
                continue
            for index in range(periods):
                bases = {str(part.pk): int(result[part.pk][index].base or 0) for part in parts}
                total_base = int(result[total.pk][index].base or 0)
                bases[_UNSHOWN_PARTS] = max(total_base - sum(bases.values()), 0)
                shown_parts = suppress_breakdown(bases)
                for part in parts:
                    figure = result[part.pk][index]
                    if shown_parts[str(part.pk)] == SUPPRESSED and not is_suppressed(figure.base):
                        result[part.pk][index] = replace(figure, hidden_beside_total=True)
