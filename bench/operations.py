"""Operations an issue sets a time for that are not one page request: timed inside this process, against the same
county database, each run rolled back so the measurement changes nothing.

- Quarterly return generation (issue 6: at most 2 s): `generate_return` for the benchmark contract's last complete
  quarter, the work behind the provider's "Generate this quarter's return" button.
- The KPI dashboard's figures with an empty cache (issue 6: the dashboard's p95 <= 300 ms): the page reuses figures
  up to CARERSHUB_KPI_CACHE_SECONDS old, so the load test mostly measures cached figures; this is the first view
  after they expire.
- Saving a 30-person group register (issue 14: at most 100 ms): the whole POST (middleware, form, service, audit,
  redirect) through Django's test client as the demo practitioner. It is not a load-test endpoint because each save
  must name the register's current version (a stale one is refused, as for two facilitators at once), so every
  simulated user but the first would be refused.
- Saving the edited record (issue 12: at most 100 ms): the carer's details form as a practitioner sends it back with
  one detail corrected, the whole POST through the test client (the checks, the update with its version, the audit
  of each change's before and after, the redirect). The form names the record's version too, so concurrent saves of
  one record would be refused, as for the register.

Import this module only after `django.setup()`.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.config import BENCH_HOST, HarnessError
from bench.credentials import create_session, delete_sessions, staff_user
from bench.endpoints import COMMISSIONER, PRACTITIONER
from carershub.accounts.models import User
from carershub.commissioning.kpis.figures import compute_figures
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.rules.rag import previous_quarters
from carershub.commissioning.selectors.monitoring import recent_quarters
from carershub.commissioning.services.monitoring import generate_return
from carershub.people.forms import PersonDetailsForm
from carershub.people.models import Person
from carershub.support.models import Booking, GroupSession

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


def _save_register(client: Client, session_id: int) -> None:
    """Tick every other carer booked on the session and post the register with its current version."""
    session = GroupSession.objects.get(pk=session_id)
    booked = (
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("carer_id")
        .values_list("carer_id", flat=True)
    )
    response = client.post(
        reverse("support:register", args=[session_id]),
        {"attended": list(booked)[::2], "head_count": "3", "version": str(session.version)},
    )
    if response.status_code != 302:
        raise HarnessError(f"Saving the register answered {response.status_code}, not a redirect to the session.")


def _register_report(session_id: int) -> OperationReport:
    """The register save as the practitioner, signed in with a session made for this and removed afterwards."""
    key = create_session(staff_user(PRACTITIONER))
    client = Client(HTTP_HOST=BENCH_HOST)
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    try:
        return _report(
            "saving a 30-person group register (in-process request, rolled back)",
            100,
            lambda: _save_register(client, session_id),
        )
    finally:
        delete_sessions([key])


def _details_form(person: Person) -> dict[str, str]:
    """The details page as it was shown for the person (dates as their day, month and year boxes), with the first
    address line corrected: a real change, so the update and its audit run."""
    sent: dict[str, str] = {}
    for name, value in PersonDetailsForm.initial_for(person).items():
        if isinstance(value, date):
            sent |= {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}
        elif isinstance(value, bool):
            if value:
                sent[name] = "on"
        elif value is not None:
            sent[name] = str(getattr(value, "pk", value))
    corrected = "12 Station Road" if person.address_line_1 != "12 Station Road" else "14 Station Road"
    return sent | {"address_line_1": corrected}


def _save_details(client: Client, person_id: int, form: dict[str, str]) -> None:
    response = client.post(reverse("people:edit_details", args=[person_id]), form)
    if response.status_code != 302:
        raise HarnessError(f"Saving the carer's details answered {response.status_code}, not a redirect to the record.")


def _details_report(person_id: int) -> OperationReport:
    """The details save as the practitioner, for the carer whose record the load test opens."""
    form = _details_form(Person.objects.get(pk=person_id))
    key = create_session(staff_user(PRACTITIONER))
    client = Client(HTTP_HOST=BENCH_HOST)
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    try:
        return _report(
            "saving a carer's edited details (in-process request, rolled back)",
            100,
            lambda: _save_details(client, person_id, form),
        )
    finally:
        delete_sessions([key])


def measure_operations(values: dict[str, str]) -> list[OperationReport]:
    """Each operation's timings; the contract is the one the dashboard endpoints show, the register the one the
    register endpoint shows (`values` are bench/records.py's)."""
    contract_reference = values["contract_reference"]
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
        _register_report(int(values["register_session_id"])),
        _details_report(int(values["visible_carer_id"])),
    ]
    for report in reports:
        print(f"  {report.name}: p50 {report.p50_ms} ms, p95 {report.p95_ms} ms (target {report.target_ms:.0f} ms)")
    return reports
