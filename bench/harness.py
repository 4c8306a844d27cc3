"""The `make bench` sequence: database, data, credentials, SQL floors, gunicorn, Locust, report."""

import os
import secrets
import signal
import string
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from bench.commands import collect_static, load_data
from bench.config import LOG_DIR, RESULTS_FILE, BenchConfig, HarnessError, application_environment, load_config
from bench.database import ensure_database_exists, ensure_server_running, parse_database_url
from bench.endpoints import (
    Endpoint,
    measures_one_user,
    one_user_pass,
    request_key,
)
from bench.in_process import InProcess
from bench.load import LoadResult, measure_endpoint, measure_one_user_pass, run_locust, write_plan
from bench.report import EndpointReport, OneUserCheck, format_one_user_table, format_table, write_results
from bench.server import running_server

if TYPE_CHECKING:  # these modules need Django set up before they are imported at run time
    from bench.credentials import Credentials
    from bench.floor import FloorResult


@dataclass(frozen=True)
class Selection:
    """What one run measures: the endpoints chosen (BENCH_ONLY), those driven each alone at their own number of
    users, and issue 10's one-user pass (a variant of each staff page not already measured by one user alone)."""

    chosen: tuple[Endpoint, ...]
    loaded: tuple[Endpoint, ...]
    one_user: tuple[Endpoint, ...]

    @property
    def staff_pages(self) -> tuple[Endpoint, ...]:
        """The chosen session endpoints, each checked against 3 x its floor + 5 ms with one user."""
        return tuple(endpoint for endpoint in self.chosen if endpoint.auth == "session")

    @property
    def served(self) -> tuple[Endpoint, ...]:
        """Every endpoint the load generator may call."""
        return self.loaded + self.one_user

    @property
    def floored(self) -> tuple[Endpoint, ...]:
        """Every endpoint whose SQL floor the report needs."""
        loaded = set(self.loaded)
        return self.loaded + tuple(page for page in self.staff_pages if page not in loaded) + self.one_user

    @property
    def warmed(self) -> tuple[Endpoint, ...]:
        """The endpoints the warm-up calls: every distinct request, once."""
        loaded_requests = {request_key(endpoint) for endpoint in self.loaded}
        extra = tuple(endpoint for endpoint in self.one_user if request_key(endpoint) not in loaded_requests)
        return tuple(endpoint for endpoint in self.loaded + extra if endpoint.warm_up)


def select(chosen: tuple[Endpoint, ...], config: BenchConfig) -> Selection:
    """All chosen endpoints, and the one-user pass unless BENCH_ONE_USER_SECONDS=0; with BENCH_ONE_USER=only, just
    the pass and the staff pages already measured by one user alone."""
    one_user = one_user_pass(chosen) if config.one_user_seconds else ()
    if config.one_user_only:
        loaded = tuple(endpoint for endpoint in chosen if endpoint.auth == "session" and measures_one_user(endpoint))
        return Selection(chosen=chosen, loaded=loaded, one_user=one_user)
    return Selection(chosen=chosen, loaded=chosen, one_user=one_user)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so `finally` blocks stop gunicorn instead of orphaning it."""
    raise SystemExit(128 + signum)


def prepare_database(config: BenchConfig) -> dict[str, str]:
    """Start PostgreSQL, create the database, load the county and collect static files; return the app's env."""
    target = parse_database_url(config.database_url)
    ensure_server_running(target)
    if ensure_database_exists(target):
        print(f"Created database {target.name}.")
    environment = application_environment(config.database_url)
    # The in-process steps (sessions, SQL floor) must see exactly what gunicorn sees, secret key included.
    os.environ.clear()
    os.environ.update(environment)
    load_data(environment, scale=config.scale, seed=config.seed)
    collect_static(environment, force=config.always_collect_static)
    return environment


CSRF_TOKEN_CHARACTERS = string.ascii_letters + string.digits
CSRF_TOKEN_LENGTH = 32


def csrf_token() -> str:
    """A token as Django's CSRF cookie holds it; sent back in the X-CSRFToken header, it passes the check."""
    return "".join(secrets.choice(CSRF_TOKEN_CHARACTERS) for _ in range(CSRF_TOKEN_LENGTH))


def session_headers(key: str, *, form_post: bool, cookie_names: tuple[str, str]) -> dict[str, str]:
    """A signed-in user's headers; a form post also carries a CSRF cookie and its token, as a browser's would."""
    session_cookie, csrf_cookie = cookie_names
    if not form_post:
        return {"Cookie": f"{session_cookie}={key}"}
    token = csrf_token()
    return {"Cookie": f"{session_cookie}={key}; {csrf_cookie}={token}", "X-CSRFToken": token}


def request_headers(
    endpoints: tuple[Endpoint, ...], credentials: "Credentials", cookie_names: tuple[str, str]
) -> dict[str, list[dict[str, str]]]:
    """Per endpoint, one set of headers per simulated user (each session user gets its own session).

    `cookie_names` are the session cookie's and the CSRF cookie's names."""
    headers: dict[str, list[dict[str, str]]] = {}
    for endpoint in endpoints:
        if endpoint.auth == "session":
            keys = credentials.sessions[endpoint.user]
            form_post = endpoint.form_body is not None
            headers[endpoint.name] = [
                session_headers(key, form_post=form_post, cookie_names=cookie_names) for key in keys
            ]
        elif endpoint.auth == "api_key":
            headers[endpoint.name] = [{"Authorization": f"Bearer {credentials.api_keys[endpoint.api_key_name]}"}]
        else:
            headers[endpoint.name] = [{}]
    return headers


def notes_for(endpoint: Endpoint, floor_result: "FloorResult", load: LoadResult) -> tuple[str, ...]:
    """Everything a reader needs to distrust a number: failures, errors, and a floor taken from a bad response."""
    notes = []
    if load.error:
        notes.append(f"load run failed: {load.error.splitlines()[0]}")
    if load.failure_statuses:
        by_status = ", ".join(f"{status} x{count}" for status, count in load.failure_statuses.items())
        notes.append(f"failures by status (expected {endpoint.expected_status}): {by_status}")
    if floor_result.error:
        notes.append(f"in-process request raised {floor_result.error[:200]}")
    elif floor_result.status != endpoint.expected_status:
        notes.append(f"in-process request returned {floor_result.status}, expected {endpoint.expected_status}")
    if floor_result.replay_error:
        notes.append(f"SQL replay failed: {floor_result.replay_error[:200]}")
    return tuple(notes)


def warm_up(
    config: BenchConfig, endpoints: tuple[Endpoint, ...], base_url: str, plan_file: Path, work_dir: Path
) -> None:
    """Every endpoint once round: worker imports, template caches and database connections, none of it measured.

    Endpoints marked `warm_up=False` are left out (by `Selection.warmed`): one of their requests outlives the warm-up,
    and the first endpoint measured would wait for it (it queues behind the worker still busy with it)."""
    names = [endpoint.name for endpoint in endpoints]
    if not config.warmup_seconds or not names:
        return
    print(f"Warm-up: all endpoints, {config.warmup_seconds} s...")
    try:
        run_locust(
            base_url=base_url,
            plan_file=plan_file,
            endpoint_names=names,
            users=config.users,
            seconds=config.warmup_seconds,
            work_dir=work_dir,
            log_file=LOG_DIR / "locust-warm-up.log",
        )
    except (RuntimeError, OSError) as error:
        print(f"WARNING: warm-up failed: {error}")


def drive_load(
    config: BenchConfig, selection: Selection, base_url: str, plan_file: Path, work_dir: Path
) -> dict[str, LoadResult]:
    """Each endpoint alone, after a warm-up, so one endpoint's load never skews another's numbers; then the one-user
    pass."""
    warm_up(config, selection.warmed, base_url, plan_file, work_dir)
    results: dict[str, LoadResult] = {}
    for endpoint in selection.loaded:
        users = endpoint.users or config.users
        seconds = endpoint.seconds or config.seconds
        print(f"Load: {endpoint.name} ({users} users, {seconds} s)...", end=" ", flush=True)
        result = measure_endpoint(
            endpoint,
            base_url=base_url,
            plan_file=plan_file,
            users=users,
            seconds=seconds,
            work_dir=work_dir,
            log_dir=LOG_DIR,
        )
        p50 = "-" if result.p50_ms is None else f"{result.p50_ms:.2f} ms"
        print(f"{result.requests} requests, {result.failures} failures, p50 {p50}")
        results[endpoint.name] = result
    if selection.one_user:
        print(
            f"One-user pass: {len(selection.one_user)} staff pages in turn, one user, "
            f"{config.one_user_seconds * len(selection.one_user)} s...",
            flush=True,
        )
        results |= measure_one_user_pass(
            selection.one_user,
            base_url=base_url,
            plan_file=plan_file,
            seconds_each=config.one_user_seconds,
            work_dir=work_dir,
            log_dir=LOG_DIR,
        )
    return results


def serve_and_load(
    config: BenchConfig,
    selection: Selection,
    environment: dict[str, str],
    credentials: "Credentials",
    cookie_names: tuple[str, str],
) -> dict[str, LoadResult]:
    """Serve with gunicorn and drive it; the plan file holds live credentials, so it lives in a private temp dir."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="carershub-bench-") as directory:
        work_dir = Path(directory)
        plan_file = work_dir / "plan.json"
        served = selection.served
        write_plan(plan_file, served, request_headers(served, credentials, cookie_names))
        with running_server(environment, workers=config.workers, log_dir=LOG_DIR) as server:
            print(f"gunicorn ({config.workers} workers) ready at {server.base_url}.")
            loads = drive_load(config, selection, server.base_url, plan_file, work_dir)
    errors = count_logged_errors(LOG_DIR / "gunicorn.log")
    if errors:
        print(f"gunicorn logged {errors} errors: see {LOG_DIR / 'gunicorn.log'}.")
    return loads


def count_logged_errors(log_file: Path) -> int:
    """Server errors leave tracebacks in the log; the count points a reader at it."""
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    return sum(1 for line in text.splitlines() if " ERROR " in line or "[ERROR]" in line)


def statement_timings(floor_result: "FloorResult") -> tuple[tuple[str, float | None], ...]:
    """Each statement's SQL with its median replay time (None when the replay failed)."""
    timings: list[float | None] = list(floor_result.statement_p50_ms) or [None] * len(floor_result.statements)
    return tuple((statement.sql, p50_ms) for statement, p50_ms in zip(floor_result.statements, timings, strict=True))


def build_reports(
    config: BenchConfig,
    endpoints: tuple[Endpoint, ...],
    floors: dict[str, "FloorResult"],
    loads: dict[str, LoadResult],
) -> list[EndpointReport]:
    """Pair each endpoint's load numbers with its SQL floor."""
    return [
        EndpointReport(
            endpoint=endpoint,
            users=endpoint.users or config.users,
            load=loads[endpoint.name],
            sql_queries=floors[endpoint.name].query_count,
            sql_transaction_statements=floors[endpoint.name].transaction_statements,
            sql_floor_p50_ms=floors[endpoint.name].floor_p50_ms,
            sql=statement_timings(floors[endpoint.name]),
            notes=notes_for(endpoint, floors[endpoint.name], loads[endpoint.name]),
        )
        for endpoint in endpoints
    ]


def one_user_checks(
    selection: Selection, floors: dict[str, "FloorResult"], loads: dict[str, LoadResult]
) -> list[OneUserCheck]:
    """Every chosen staff page's one-user p50 (its own run, or its variant's in the one-user pass) and SQL floor."""
    variants = {request_key(variant): variant for variant in selection.one_user}
    checks = []
    for page in selection.staff_pages:
        measured = page if measures_one_user(page) else variants.get(request_key(page))
        if measured is None or measured.name not in loads:
            continue  # the pass was left out (BENCH_ONE_USER_SECONDS=0)
        load = loads[measured.name]
        checks.append(
            OneUserCheck(
                name=page.name,
                path=page.path,
                measured_as=measured.name,
                requests=load.requests,
                p50_ms=load.p50_ms,
                sql_floor_p50_ms=floors[page.name].floor_p50_ms,
                failures=load.failures,
            )
        )
    return checks


def settings_used(config: BenchConfig) -> dict[str, Any]:
    """The knobs that change the numbers; two results are comparable only if these match."""
    return {
        "users": config.users,
        "duration": config.seconds,
        "workers": config.workers,
        "warmup_seconds": config.warmup_seconds,
        "floor_iterations": config.floor_iterations,
        "scale": config.scale,
        "seed": config.seed,
        "one_user_seconds": config.one_user_seconds,
        "one_user_only": config.one_user_only,
    }


def load_average() -> list[float]:
    """Recorded with the results, so a slow run on a busy machine can be told apart from a regression."""
    return [round(value, 2) for value in os.getloadavg()]


def cpu_times() -> list[int]:
    """The machine's CPU time so far, in ticks, as /proc/stat counts it (user, nice, system, idle, iowait, irq,
    softirq, steal); empty where there is no /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0]
    except OSError:
        return []
    return [int(value) for value in first.split()[1:9]]


def stolen_share(before: list[int], after: list[int]) -> float | None:
    """The share of the run's CPU time the host gave to other machines (steal): on a shared virtual machine it can
    slow every figure by a third or more, with the load average unchanged."""
    if len(before) < 8 or len(after) < 8:
        return None
    spent = [later - earlier for earlier, later in zip(before, after, strict=True)]
    total = sum(spent)
    return round(spent[7] / total, 3) if total else None


def warn_if_busy(cpu_count: int) -> None:
    """Other work on the machine (a test suite, a browser) competes for the same cores and inflates latencies."""
    one_minute = os.getloadavg()[0]
    if one_minute > cpu_count / 2:
        print(
            f"WARNING: load average {one_minute:.1f} on {cpu_count} cores before measuring: other processes are "
            "busy and the numbers will be noisy."
        )


def run(config: BenchConfig) -> None:
    """The whole benchmark; raises HarnessError only when it cannot measure at all."""
    cpu_count = os.cpu_count() or 1
    environment = prepare_database(config)
    in_process = InProcess(config)
    in_process.allocate_caseloads()
    database, scale = in_process.describe_database()
    print(f"Database: {database['vendor']} {database['version']}; rows: {scale}")
    selection = select(in_process.resolve_endpoints(), config)
    credentials = in_process.make_credentials(selection.served)
    warn_if_busy(cpu_count)
    machine: dict[str, Any] = {"cpu_count": cpu_count, "load_average_before": load_average()}
    times_before = cpu_times()
    try:
        floors = in_process.measure_floors(selection.floored, credentials)
        operations = [] if config.one_user_only else in_process.measure_operations()
        in_process.release()
        loads = serve_and_load(config, selection, environment, credentials, in_process.cookie_names())
    finally:
        in_process.delete_sessions(credentials)
    machine["load_average_after"] = load_average()
    machine["cpu_stolen_share"] = stolen_share(times_before, cpu_times())
    if machine["cpu_stolen_share"]:
        print(f"The host took {machine['cpu_stolen_share']:.0%} of this machine's CPU time during the run (steal).")
    reports = build_reports(config, selection.loaded, floors, loads)
    checks = one_user_checks(selection, floors, loads)
    write_results(
        RESULTS_FILE,
        database=database,
        scale=scale,
        settings=settings_used(config),
        machine=machine,
        endpoints=reports,
        operations=operations,
        one_user=checks,
    )
    print()
    print(format_table(reports))
    if checks:
        print()
        print(format_one_user_table(checks))
    print(f"\nWrote {RESULTS_FILE}.")


def main() -> int:
    """Exit 0 whenever measuring was possible; non-zero only when the harness itself could not run."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    started = time.monotonic()
    try:
        run(load_config())
    except HarnessError as error:
        print(f"\nmake bench cannot run: {error}", file=sys.stderr)
        return 2
    print(f"Benchmark finished in {time.monotonic() - started:.0f} s.")
    return 0
