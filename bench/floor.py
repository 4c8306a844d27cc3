"""The SQL floor: how long an endpoint's own SQL takes with no Python, HTTP or template work around it.

Each endpoint is requested in process through Django's test client with the statements captured exactly as
they reach the driver; then those statements are replayed on the raw psycopg connection, one rolled-back
transaction per iteration, and the median iteration time is the floor. The ratio of the HTTP p50 to this
floor says how much of an endpoint's time is the application rather than the database.

The floor leaves out the BEGIN/COMMIT Django sends around writes (counted separately) and the commit's WAL
flush, because the replay must roll back: it is a lower bound on the database's share, not an estimate of it.

Import this module only after `django.setup()`.
"""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.config import BENCH_HOST
from bench.credentials import Credentials
from bench.endpoints import Endpoint

# Replays before timing starts, so the first iterations' plan caching and buffer reads are not counted.
WARMUP_ITERATIONS = 10


@dataclass(frozen=True)
class CapturedStatement:
    """One statement as Django handed it to psycopg: the SQL with placeholders and its parameters."""

    sql: str
    params: Any
    many: bool


@dataclass(frozen=True)
class FloorResult:
    """What the in-process request did (status, statements) and how long its SQL alone takes."""

    status: int | None
    error: str
    statements: tuple[CapturedStatement, ...]
    # BEGIN/COMMIT/ROLLBACK that Django logged: round trips too, but the replay brackets its own transaction.
    transaction_statements: int
    floor_p50_ms: float | None
    statement_p50_ms: tuple[float, ...]
    replay_error: str

    @property
    def query_count(self) -> int:
        """Statements the endpoint sends, as the replay runs them (transaction control not included)."""
        return len(self.statements)


Execute = Callable[[str, Any, bool, dict[str, Any]], Any]


class StatementRecorder:
    """A `connection.execute_wrapper` that keeps each statement before letting it run."""

    def __init__(self) -> None:
        self.statements: list[CapturedStatement] = []

    def __call__(self, execute: Execute, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        # executemany may receive a one-shot iterator; keep a list so the replay can run it again.
        kept_params = list(params) if many and params is not None else params
        self.statements.append(CapturedStatement(sql=sql, params=kept_params, many=many))
        return execute(sql, kept_params, many, context)


def _client_for(endpoint: Endpoint, credentials: Credentials) -> tuple[Client, dict[str, str]]:
    """A test client acting as the endpoint's caller: a session cookie, an API key header, or nobody."""
    client = Client(raise_request_exception=False, HTTP_HOST=BENCH_HOST)
    headers: dict[str, str] = {}
    if endpoint.auth == "session":
        client.cookies[settings.SESSION_COOKIE_NAME] = credentials.sessions[endpoint.user][0]
    elif endpoint.auth == "api_key":
        headers["Authorization"] = f"Bearer {credentials.api_keys[endpoint.api_key_name]}"
    return client, headers


def _request(client: Client, endpoint: Endpoint, headers: dict[str, str]) -> tuple[int | None, str]:
    """Make the request; an exception escaping the app (e.g. a missing template) is recorded, not raised."""
    try:
        if endpoint.form_body is not None:
            # The test client does not check CSRF tokens, so the form is posted as it is.
            response = client.generic(
                endpoint.method,
                endpoint.path,
                data=endpoint.form_body,
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
        elif endpoint.json_body is None:
            response = client.generic(endpoint.method, endpoint.path, headers=headers)
        else:
            response = client.generic(
                endpoint.method,
                endpoint.path,
                data=endpoint.json_body,
                content_type="application/json",
                headers=headers,
            )
    except Exception as error:  # the app's own failure is a finding to report, not a harness failure
        return None, f"{type(error).__name__}: {error}"
    return response.status_code, ""


TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK"})


@dataclass(frozen=True)
class Capture:
    """One in-process request: its outcome and the SQL it sent."""

    status: int | None
    error: str
    statements: list[CapturedStatement]
    transaction_statements: int


def capture_statements(endpoint: Endpoint, credentials: Credentials) -> Capture:
    """Request once to warm caches (content types, templates, throttles), then capture a steady-state request.

    CaptureQueriesContext sees what Django logs (including the BEGIN/COMMIT it issues without a cursor); the
    execute wrapper sees each statement with its parameters exactly as passed to psycopg, which is what the
    replay needs.
    """
    client, headers = _client_for(endpoint, credentials)
    _request(client, endpoint, headers)
    recorder = StatementRecorder()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(recorder):
        status, error = _request(client, endpoint, headers)
    transaction_statements = sum(1 for query in queries.captured_queries if query["sql"] in TRANSACTION_CONTROL)
    return Capture(status, error, recorder.statements, transaction_statements)


def _replay_once(cursor: psycopg.Cursor[Any], statements: Sequence[CapturedStatement]) -> list[float]:
    """Run the statements in one transaction that is rolled back (audit rows and session writes are not kept).

    Returns each statement's time in seconds; their sum is the iteration's time.
    """
    timings = []
    cursor.execute("BEGIN")
    try:
        for statement in statements:
            started = time.perf_counter()
            if statement.many:
                cursor.executemany(statement.sql, statement.params)
            else:
                cursor.execute(statement.sql, statement.params)
                if cursor.description is not None:
                    cursor.fetchall()  # Django reads the rows; transferring them is part of the floor
            timings.append(time.perf_counter() - started)
        return timings
    finally:
        cursor.execute("ROLLBACK")


@dataclass(frozen=True)
class Replay:
    """Median milliseconds of the whole set of statements, and of each statement (to find the slow one)."""

    total_p50_ms: float
    statement_p50_ms: tuple[float, ...]


def replay(statements: Sequence[CapturedStatement], iterations: int) -> Replay:
    """Time the statements alone, on the raw psycopg connection with Django's adapters."""
    if not statements:
        return Replay(total_p50_ms=0.0, statement_p50_ms=())
    connection.ensure_connection()
    raw_connection = connection.connection
    if raw_connection is None or not connection.get_autocommit():
        raise RuntimeError("the Django connection must be open and in autocommit mode to replay statements")
    with raw_connection.cursor() as cursor:
        for _ in range(WARMUP_ITERATIONS):
            _replay_once(cursor, statements)
        runs = [_replay_once(cursor, statements) for _ in range(iterations)]
    return Replay(
        total_p50_ms=statistics.median(sum(run) for run in runs) * 1000,
        statement_p50_ms=tuple(statistics.median(column) * 1000 for column in zip(*runs, strict=True)),
    )


def measure_floor(endpoint: Endpoint, credentials: Credentials, iterations: int) -> FloorResult:
    """Capture and replay one endpoint's SQL; a statement that cannot be replayed is reported, not fatal."""
    capture = capture_statements(endpoint, credentials)
    timed: Replay | None = None
    replay_error = ""
    try:
        timed = replay(capture.statements, iterations)
    except (psycopg.Error, RuntimeError) as replay_failure:
        replay_error = f"{type(replay_failure).__name__}: {replay_failure}"
    return FloorResult(
        status=capture.status,
        error=capture.error,
        statements=tuple(capture.statements),
        transaction_statements=capture.transaction_statements,
        floor_p50_ms=timed.total_p50_ms if timed else None,
        statement_p50_ms=timed.statement_p50_ms if timed else (),
        replay_error=replay_error,
    )
