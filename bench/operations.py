"""Operations an issue sets a time for that are not one page request: timed inside this process, against the same
county database, each run rolled back so the measurement changes nothing.

- Quarterly return generation (issue 6: at most 2 s): `generate_return` for the benchmark contract's last complete
  quarter, the work behind the provider's "Generate this quarter's return" button.
- The KPI dashboard's figures with an empty cache (issue 6: the dashboard's p95 <= 300 ms): the page reuses figures
  up to CARERSHUB_KPI_CACHE_SECONDS old, so the load test mostly measures cached figures; this is the first view
  after they expire.

Import this module only after `django.setup()`.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bench.config import HarnessError
from bench.endpoints import COMMISSIONER
from carershub.accounts.models import User
from carershub.commissioning.kpis.figures import compute_figures
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.rules.rag import previous_quarters
from carershub.commissioning.selectors.monitoring import recent_quarters
from carershub.commissioning.services.monitoring import generate_return

ITERATIONS = 7


class _RollBack(Exception):
    """Raised inside the timed block so the transaction is undone."""


@dataclass(frozen=True)
class OperationReport:
    name: str
    target_ms: float
    iterations: int
    p50_ms: float
    p95_ms: float
    max_ms: float

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "target_ms": self.target_ms,
            "iterations": self.iterations,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "max_ms": self.max_ms,
        }


def _time_rolled_back(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            work()
            raise _RollBack
    except _RollBack:
        pass
    return (time.perf_counter() - started) * 1000


def _report(name: str, target_ms: float, work: Callable[[], object]) -> OperationReport:
    _time_rolled_back(work)  # warm the connection and the database's caches, as a running service has them
    timings = sorted(_time_rolled_back(work) for _ in range(ITERATIONS))
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
    return OperationReport(
        name, target_ms, ITERATIONS, round(statistics.median(timings), 1), round(p95, 1), round(timings[-1], 1)
    )


def measure_operations(contract_reference: str) -> list[OperationReport]:
    """Each operation's timings; the contract is the one the dashboard endpoints show."""
    contract = Contract.objects.get(reference=contract_reference)
    kpis = list(contract.kpis.select_related("lot").order_by("pk"))
    # The return of the lot the contract's KPIs are set on, as its provider generates it.
    lot = kpis[0].lot if kpis else None
    provider_staff = User.objects.filter(organisation=lot.provider) if lot and lot.provider else User.objects.none()
    by = provider_staff.order_by("pk").first() or User.objects.get(email=COMMISSIONER)
    # The newest quarter (this one first) whose return is still a draft: a submitted one can only be corrected.
    quarter = next(
        (
            period
            for period in reversed(previous_quarters(timezone.localdate(), 8))
            if not any(
                existing.is_frozen()
                for existing in MonitoringReturn.objects.filter(contract=contract, lot=lot, period_start=period.start)
            )
        ),
        None,
    )
    if quarter is None:
        raise HarnessError(f"Every recent quarter of {contract_reference} has a submitted return; reseed it.")
    quarters = recent_quarters(4)
    reports = [
        _report(
            f"quarterly return generation, {quarter.start:%b %Y} quarter (in-process, rolled back)",
            2000,
            lambda: generate_return(contract, lot=lot, period=quarter, by=by),
        ),
        _report(
            "KPI dashboard figures, empty cache (in-process)",
            300,
            lambda: compute_figures(contract, kpis, quarters, max_age_seconds=0),
        ),
    ]
    for report in reports:
        print(f"  {report.name}: p50 {report.p50_ms} ms, p95 {report.p95_ms} ms (target {report.target_ms:.0f} ms)")
    return reports
