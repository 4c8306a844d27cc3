"""The steps of `make bench` that run inside the harness's own process, with Django set up against the benchmark
database: data checks, credentials, SQL floors, operations."""

import os
from typing import TYPE_CHECKING

import django

from bench.config import BenchConfig
from bench.endpoints import (
    ENDPOINTS,
    PRACTITIONER,
    STAFF_ACCOUNTS,
    Endpoint,
    RequestKey,
    api_key_organisations,
    request_key,
    resolve_paths,
    session_users,
)

if TYPE_CHECKING:  # these modules need Django set up before they are imported at run time
    from bench.credentials import Credentials
    from bench.floor import FloorResult
    from bench.operations import OperationReport


class InProcess:
    """The steps that run inside this process with Django set up against the benchmark database."""

    def __init__(self, config: BenchConfig) -> None:
        django.setup()
        # Imported here because they use models, which exist only once Django is set up.
        from bench import caseloads, credentials, floor, inventory

        self.config = config
        self._caseloads = caseloads
        self._credentials = credentials
        self._floor = floor
        self._inventory = inventory
        self._path_values: dict[str, str] = {}

    def allocate_caseloads(self) -> None:
        """Issue 12's caseloads (200 carers for the practitioner), made once; before the statistics are refreshed."""
        result = self._caseloads.allocate_caseloads(PRACTITIONER)
        print(f"Caseloads: {result.created} allocations made; the practitioner holds {result.worker_caseload}.")

    def describe_database(self) -> tuple[dict[str, str], dict[str, int]]:
        """Vacuum and refresh statistics, then record the server version and the data volumes measured against."""
        self._inventory.analyze()
        return self._inventory.database_info(), self._inventory.scale()

    def make_credentials(self, endpoints: tuple[Endpoint, ...]) -> "Credentials":
        """MFA for the staff accounts, a session per simulated user, and a fresh API key per organisation."""
        return self._credentials.prepare_credentials(
            mfa_accounts=list(STAFF_ACCOUNTS),
            session_users=session_users(endpoints),
            sessions_per_user=max([self.config.users, *(endpoint.users or 0 for endpoint in endpoints)]),
            organisations=api_key_organisations(endpoints),
        )

    def resolve_endpoints(self) -> tuple[Endpoint, ...]:
        """Fill in paths that name records of the loaded data (a carer the practitioner may see, a referral)."""
        from bench import records

        # BENCH_ONLY="inbox,record" measures just the endpoints whose names contain one of the words (for a quick
        # check of one change); results.json is only committed from a full run.
        chosen = tuple(e for e in ENDPOINTS if self._selected(e.name))
        self._path_values = records.path_values()
        return resolve_paths(chosen, self._path_values)

    @staticmethod
    def _selected(name: str) -> bool:
        only = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
        return not only or any(word in name for word in only)

    def measure_floors(self, endpoints: tuple[Endpoint, ...], credentials: "Credentials") -> dict[str, "FloorResult"]:
        """Measure every endpoint's SQL floor before any load, so the database is otherwise idle. Endpoints sending
        the same request (the same page for 1 and for 16 people) share one measurement."""
        print(f"SQL floors ({self.config.floor_iterations} replays each):")
        floors = {}
        by_request: dict[RequestKey, FloorResult] = {}
        for endpoint in endpoints:
            key = request_key(endpoint)
            if key in by_request:
                floors[endpoint.name] = by_request[key]
                continue
            result = self._floor.measure_floor(endpoint, credentials, self.config.floor_iterations)
            floors[endpoint.name] = by_request[key] = result
            floor_text = "-" if result.floor_p50_ms is None else f"{result.floor_p50_ms:.3f} ms"
            print(f"  {endpoint.name}: {result.query_count} queries, {floor_text} (in-process status {result.status})")
        return floors

    def measure_operations(self) -> list["OperationReport"]:
        """Time the operations with a target that are not one request (return generation, uncached KPIs)."""
        from bench.operations import measure_operations

        if not self._selected("operations"):
            return []
        print("Operations (in-process, each run rolled back):")
        return measure_operations(self._path_values)

    def cookie_names(self) -> tuple[str, str]:
        """The session and CSRF cookies' names, read from settings rather than assumed, so a renamed cookie cannot
        silently sign everyone out."""
        from django.conf import settings

        return settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME

    def release(self) -> None:
        """Close our connections so the load runs against the database without us holding sessions open."""
        from django.db import connections

        connections.close_all()

    def delete_sessions(self, credentials: "Credentials") -> None:
        """Sign the harness's sessions out: they are valid credentials and must not outlive the run."""
        self._credentials.delete_sessions(credentials.all_session_keys())
        self.release()


# Django's CSRF secrets: 32 letters and digits (django.middleware.csrf.CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS).
