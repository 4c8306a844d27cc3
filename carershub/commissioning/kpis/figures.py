"""A contract's figures: each KPI's measure for the contract's scope over any number of periods, with its target,
RAG status and suppression. Counting is the measures' (registered in `library` by `carershub.reporting`); this module
chooses the scope, keeps recent results for dashboards, and judges them (`rules.rag`)."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.core.cache import cache

from carershub.commissioning.kpis.library import KPI_LIBRARY, measure_for
from carershub.commissioning.kpis.types import MeasureResult, Scope, Value
from carershub.commissioning.models import Contract, ContractKpi, Lot, ManualMeasurement
from carershub.commissioning.rules.rag import (
    SUPPRESSED,
    Direction,
    Period,
    is_suppressed,
    prorated_target,
    rag,
    suppress_breakdown,
)


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
    compute = measure_for(measure)
    if compute is None:
        return [MeasureResult(None, None) for _ in periods]
    if not scope.provider_ids or not scope.area_ids:
        # No provider (no lot let yet) or no area: nothing has been delivered under the contract.
        return [MeasureResult(0, 0) for _ in periods]
    if max_age_seconds <= 0:
        return compute(scope, periods)
    # "v2": results cached before the measures moved to reporting name a class that no longer exists there, so they
    # are never read back (the database cache outlives a deploy).
    key = "kpi:v2:" + hashlib.sha256(repr((measure, scope, tuple(periods))).encode()).hexdigest()
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
