"""Demand and reach for a contract's areas, read as aggregates: population estimates with their sources, carers
registered and supported (counts only, 1 to 4 suppressed), and the forecast to the latest end date.

Nothing here returns a person: every read of people, referrals and involvements is a COUNT grouped by area.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from carershub.commissioning.models import Contract, ContractKpi, PopulationEstimate
from carershub.commissioning.rules.demand import (
    BudgetYear,
    ForecastYear,
    PopulationFigures,
    estimated_carers,
    forecast,
    reach_percent,
    shown,
    young_carers_estimate,
)
from carershub.commissioning.rules.rag import SUPPRESSED, suppress_breakdown
from carershub.commissioning.selectors.contracts import varied_terms
from carershub.organisations.models import Area
from carershub.people.models import Involvement, Person
from carershub.referrals.models import Referral

# "Supported" means a case open with one of the contract's providers at some time in the last year.
SUPPORTED_WINDOW_DAYS = 365


@dataclass(frozen=True)
class AreaDemand:
    area: Area
    estimates: dict[str, PopulationEstimate]  # the latest figure per measure, with its source
    young_carers: int | None
    estimated: int | None
    registered: int | None  # None when suppressed (1 to 4)
    supported: int | None  # None when suppressed (1 to 4)
    reach: Decimal | None


@dataclass(frozen=True)
class ContractDemand:
    areas: list[AreaDemand]
    estimated: int | None
    supported: int | None
    reach: Decimal | None
    capacity: int | None
    capacity_source: str
    growth_percent: Decimal
    forecast: tuple[ForecastYear, ...]


def contract_areas(contract: Contract) -> QuerySet[Area]:
    return contract.areas.order_by("name")


def _latest_estimates(areas: list[Area]) -> dict[int, dict[str, PopulationEstimate]]:
    latest: dict[int, dict[str, PopulationEstimate]] = {area.pk: {} for area in areas}
    for estimate in PopulationEstimate.objects.filter(area__in=areas).order_by("as_of", "pk"):
        latest[estimate.area_id][estimate.measure] = estimate  # later dates overwrite earlier ones
    return latest


def _value(estimates: dict[str, PopulationEstimate], measure: str) -> Decimal | None:
    estimate = estimates.get(measure)
    return estimate.value if estimate is not None else None


def _not_merged() -> Q:
    return ~Q(person_id__in=Person.objects.filter(merged_into__isnull=False).values("pk"))


def _counts_by_area(contract: Contract, areas: list[Area], *, today: date) -> tuple[dict[int, int], dict[int, int]]:
    since = timezone.make_aware(datetime.combine(today - timedelta(days=SUPPORTED_WINDOW_DAYS), time.min))
    provider_ids = [pid for pid in contract.lots.values_list("provider_id", flat=True) if pid is not None]
    registered = dict(
        Referral.objects.filter(area__in=areas, carer__merged_into__isnull=True)
        .values_list("area_id")
        .annotate(count=Count("carer_id", distinct=True))
        .values_list("area_id", "count")
    )
    supported = dict(
        Involvement.objects.filter(
            _not_merged(),
            area__in=areas,
            organisation_id__in=provider_ids,
            reason=Involvement.Reason.CASE_OPEN,
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since))
        .values_list("area_id")
        .annotate(count=Count("person_id", distinct=True))
        .values_list("area_id", "count")
    )
    return registered, supported


def _capacity(contract: Contract, capacity: int | None) -> tuple[int | None, str]:
    kpi = (
        ContractKpi.objects.filter(contract=contract, measure="carers_supported", lot__isnull=True)
        .only("annual_target")
        .first()
    )
    if kpi is not None:
        return int(kpi.annual_target), "the contract's annual target for carers supported"
    if capacity is not None:
        return capacity, "the capacity entered above"
    return None, ""


def contract_demand(
    contract: Contract, *, growth_percent: Decimal, capacity: int | None, today: date
) -> ContractDemand:
    """Demand, reach and the forecast for a contract the caller has already been allowed to see."""
    areas = list(contract_areas(contract))
    estimates = _latest_estimates(areas)
    registered, supported = _counts_by_area(contract, areas, today=today)
    # The "All areas" total is shown beside the areas: one area's count of 1 to 4 would be the total minus the
    # others, so a second area is hidden with it (secondary suppression), and so is its reach.
    supported_shown = suppress_breakdown({str(area.pk): supported.get(area.pk, 0) for area in areas})
    rows = []
    for area in areas:
        figures = estimates[area.pk]
        population = PopulationFigures(
            census_carers=_value(figures, PopulationEstimate.Measure.CENSUS_CARERS),
            census_young_carers=_value(figures, PopulationEstimate.Measure.CENSUS_YOUNG_CARERS),
            adult_carers=_value(figures, PopulationEstimate.Measure.ADULT_CARERS),
            pupils=_value(figures, PopulationEstimate.Measure.PUPILS),
            prevalence_percent=_value(figures, PopulationEstimate.Measure.YOUNG_CARER_PREVALENCE_PERCENT),
        )
        estimated = estimated_carers(population)
        area_supported = supported.get(area.pk, 0)
        is_hidden = supported_shown[str(area.pk)] == SUPPRESSED
        rows.append(
            AreaDemand(
                area=area,
                estimates=figures,
                young_carers=young_carers_estimate(population),
                estimated=estimated,
                registered=shown(registered.get(area.pk, 0)),
                supported=None if is_hidden else area_supported,
                reach=None if is_hidden else reach_percent(area_supported, estimated),
            )
        )
    known = [row.estimated for row in rows if row.estimated is not None]
    total_estimated = sum(known) if known else None
    total_supported = sum(supported.values())
    chosen_capacity, capacity_source = _capacity(contract, capacity)
    years = varied_terms(contract).years
    # From the year running today (or year 1, before the start) to the latest end date.
    remaining = [y for y in years if y.end >= today] or [years[-1]]
    base = shown(total_supported)
    rows_forecast: tuple[ForecastYear, ...] = ()
    if base:
        rows_forecast = forecast(
            base_demand=base,
            growth_percent=growth_percent,
            years=[BudgetYear(y.year, y.start, y.value) for y in remaining],
            capacity=chosen_capacity,
        )
    return ContractDemand(
        areas=rows,
        estimated=total_estimated,
        supported=shown(total_supported),
        reach=reach_percent(total_supported, total_estimated),
        capacity=chosen_capacity,
        capacity_source=capacity_source,
        growth_percent=growth_percent,
        forecast=rows_forecast,
    )
