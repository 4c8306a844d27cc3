"""What one request costs, layer by layer, in this process against the benchmark database (issue 10).

Usage, from the repository root, with the county loaded (`make bench` loads it):

    .venv/bin/python bench/request_costs.py /                         # a staff page, as the demo practitioner
    .venv/bin/python bench/request_costs.py /healthz anonymous
    .venv/bin/python bench/request_costs.py /api/v1/rules/assessment-route anonymous 300 \
        --json '{"carer_age": 16, "cared_for_age": 45, "has_parental_responsibility": false}'
    .venv/bin/python bench/request_costs.py /my-work/ practitioner@carershub.example 50 --explain 1

It prints the request's queries, its median wall-clock and CPU time over the iterations (no profiler running), and
then, from a profiled pass, the time spent inside each layer every request goes through (the session, the user, the
MFA check, the view, the template, the audit record, the CSP header, the SQL). A layer's time includes what it calls,
and profiling slows Python down, so the layer times are shares to compare, not absolute costs. On a busy machine
every figure grows; the load average is printed with them. With `--explain MS` it ends with each statement's
EXPLAIN (ANALYZE, BUFFERS) execution time, and the whole plan (with the SQL and its parameters) of those taking MS
milliseconds or more; a statement that writes is rolled back.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.config import BENCH_HOST, DEFAULT_DATABASE_URL, application_environment  # noqa: E402

if TYPE_CHECKING:
    from bench.floor import CapturedStatement

# (label, a fragment of the file's path, the function's name): the functions whose inclusive time is reported.
LAYERS: tuple[tuple[str, str, str], ...] = (
    ("whole request", "django/core/handlers/base.py", "get_response"),
    ("session read", "sessions/backends/db.py", "load"),
    ("user, organisation and roles", "carershub/accounts/backends.py", "get_user"),
    ("idle-session check (and its write)", "carershub/accounts/sessions.py", "__call__"),
    ("MFA check and everything after it", "carershub/accounts/middleware.py", "__call__"),
    ("view", "django/core/handlers/base.py", "_get_response"),
    ("template rendering", "django/template/backends/django.py", "render"),
    ("audit record", "carershub/core/audit.py", "record_event"),
    ("CSP header", "django/utils/csp.py", "build_policy"),
    ("rate-limit count", "carershub/core/ratelimit.py", "within_limit"),
    ("session save", "sessions/backends/db.py", "save"),
    ("all SQL (driver calls)", "django/db/backends/utils.py", "_execute"),
)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("user", nargs="?", default="practitioner@carershub.example", help='an email or "anonymous"')
    parser.add_argument("iterations", nargs="?", type=int, default=200)
    parser.add_argument("--json", dest="json_body", default=None, help="POST this JSON body instead of a GET")
    parser.add_argument(
        "--explain",
        type=float,
        default=None,
        metavar="MS",
        help="also print EXPLAIN (ANALYZE, BUFFERS) of each statement, in full for those taking at least MS ms",
    )
    parser.add_argument(
        "--top", type=int, default=0, metavar="N", help="also print the N functions with the most time of their own"
    )
    return parser.parse_args()


def _layer_times(profile: cProfile.Profile, iterations: int) -> list[tuple[str, float]]:
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    times = []
    for label, fragment, name in LAYERS:
        seconds = sum(entry[3] for (file, _, function), entry in stats.items() if fragment in file and function == name)
        times.append((label, seconds * 1000 / iterations))
    return times


def main() -> None:
    arguments = _arguments()
    os.environ.update(application_environment(os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.credentials import create_session, delete_sessions, ensure_mfa, staff_user

    client = Client(HTTP_HOST=BENCH_HOST)
    session_key = None
    if arguments.user != "anonymous":
        user = staff_user(arguments.user)
        ensure_mfa(user)
        session_key = create_session(user)
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def request() -> None:
        if arguments.json_body is None:
            response = client.get(arguments.path)
        else:
            response = client.post(arguments.path, data=arguments.json_body, content_type="application/json")
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]

    try:
        _report(arguments, request)
    finally:
        if session_key is not None:
            delete_sessions([session_key])


def _statements_of(request: Callable[[], None]) -> list["CapturedStatement"]:
    """The SQL one request sends, as it reaches the driver, with its parameters."""
    from django.db import connection

    from bench.floor import StatementRecorder

    recorder = StatementRecorder()
    with connection.execute_wrapper(recorder):
        request()
    return recorder.statements


EXECUTION_TIME = re.compile(r"Execution Time: ([0-9.]+) ms")


def _explain(statements: list["CapturedStatement"], full_from_ms: float) -> None:
    """Each statement's plan as PostgreSQL runs it (EXPLAIN ANALYZE executes it, so writes are rolled back)."""
    from django.db import connection, transaction

    print(f"EXPLAIN (ANALYZE, BUFFERS), in full for statements of {full_from_ms} ms or more:")
    for number, statement in enumerate(statements, start=1):
        if statement.many:
            print(f"  {number}. (executemany, not explained) {statement.sql[:90]}")
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement.sql}", statement.params)
            plan = [str(row[0]) for row in cursor.fetchall()]
            transaction.set_rollback(True)
        timing = next((match for line in plan if (match := EXECUTION_TIME.search(line))), None)
        milliseconds = float(timing.group(1)) if timing else 0.0
        print(f"  {number}. {milliseconds:8.3f} ms  {statement.sql[:100]}")
        if milliseconds >= full_from_ms:
            print(f"     SQL: {statement.sql}")
            print(f"     parameters: {statement.params!r}"[:2000])
            for line in plan:
                print(f"     {line}")


def _report(arguments: argparse.Namespace, request: Callable[[], None]) -> None:
    for _ in range(5):  # templates, content types and the connection, as a running worker has them
        request()
    statements = _statements_of(request)
    wall, cpu = [], []
    for _ in range(arguments.iterations):
        started, cpu_started = time.perf_counter(), time.process_time()
        request()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(arguments.iterations):
        request()
    profile.disable()
    print(f"{arguments.path} as {arguments.user}, {arguments.iterations} requests, load average {os.getloadavg()}")
    print(f"queries: {len(statements)}")
    for statement in statements:
        print(f"  {statement.sql[:110]}")
    print(f"wall p50 {statistics.median(wall):.2f} ms, CPU p50 {statistics.median(cpu):.2f} ms (no profiler)")
    print("inside each layer, profiled (includes what it calls):")
    for label, milliseconds in _layer_times(profile, arguments.iterations):
        print(f"  {label:38s} {milliseconds:8.2f} ms")
    if arguments.top:
        print(f"the {arguments.top} functions with the most time of their own, profiled:")
        pstats.Stats(profile).sort_stats("tottime").print_stats(arguments.top)
    if arguments.explain is not None:
        _explain(statements, arguments.explain)


if __name__ == "__main__":
    main()
