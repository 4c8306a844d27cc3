"""bench/results.json and the table printed at the end of a run."""

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.config import REPO_ROOT
from bench.endpoints import Endpoint, one_user_limit_ms
from bench.load import LoadResult


@dataclass(frozen=True)
class EndpointReport:
    """One endpoint's load numbers next to its SQL floor, plus anything that went wrong measuring it."""

    endpoint: Endpoint
    users: int
    load: LoadResult
    sql_queries: int | None
    sql_transaction_statements: int | None
    sql_floor_p50_ms: float | None
    sql: tuple[tuple[str, float | None], ...]
    notes: tuple[str, ...]

    @property
    def ratio_p50_to_floor(self) -> float | None:
        """How many times longer the whole request takes than its SQL alone (None when either is unknown)."""
        if self.load.p50_ms is None or not self.sql_floor_p50_ms:
            return None
        return self.load.p50_ms / self.sql_floor_p50_ms

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.endpoint.name,
            "method": self.endpoint.method,
            "path": self.endpoint.path,
            "auth": self.endpoint.auth,
            "expected_status": self.endpoint.expected_status,
            "users": self.users,
            "requests": self.load.requests,
            "failures": self.load.failures,
            "failure_statuses": self.load.failure_statuses,
            "rps": _rounded(self.load.rps, 1),
            "p50_ms": _rounded(self.load.p50_ms, 2),
            "p95_ms": _rounded(self.load.p95_ms, 2),
            "p99_ms": _rounded(self.load.p99_ms, 2),
            "sql_queries": self.sql_queries,
            "sql_transaction_statements": self.sql_transaction_statements,
            "sql_floor_p50_ms": _rounded(self.sql_floor_p50_ms, 3),
            "ratio_p50_to_floor": _rounded(self.ratio_p50_to_floor, 1),
            "notes": list(self.notes),
            # Placeholders only: parameters can hold session keys and personal data.
            "sql": [{"statement": statement, "p50_ms": _rounded(p50_ms, 3)} for statement, p50_ms in self.sql],
        }


@dataclass(frozen=True)
class OneUserCheck:
    """Issue 10 for one staff page: its p50 with one user against three times its SQL floor plus 5 ms.

    `measured_as` names the endpoint whose one-user run gave the numbers: the page itself when it is measured by one
    user alone, else its variant in the one-user pass."""

    name: str
    path: str
    measured_as: str
    requests: int
    p50_ms: float | None
    sql_floor_p50_ms: float | None
    # Responses other than the expected status: a page that fails fast is not a fast page.
    failures: int = 0

    @property
    def limit_ms(self) -> float | None:
        return None if self.sql_floor_p50_ms is None else one_user_limit_ms(self.sql_floor_p50_ms)

    @property
    def within(self) -> bool | None:
        """None when either number is missing (a failed run or replay) or a request failed: unknown, not a pass."""
        limit = self.limit_ms
        if self.p50_ms is None or limit is None or self.failures:
            return None
        return self.p50_ms <= limit

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "measured_as": self.measured_as,
            "requests": self.requests,
            "failures": self.failures,
            "p50_ms": _rounded(self.p50_ms, 2),
            "sql_floor_p50_ms": _rounded(self.sql_floor_p50_ms, 3),
            "limit_ms": _rounded(self.limit_ms, 2),
            "within": self.within,
        }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def git_commit() -> str:
    """The commit measured. Read-only: `git rev-parse` never writes the index other engineers are using."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return completed.stdout.strip()


def write_results(
    path: Path,
    *,
    database: dict[str, str],
    scale: dict[str, int],
    settings: dict[str, Any],
    machine: dict[str, Any],
    endpoints: list[EndpointReport],
    operations: Sequence[Any] = (),
    one_user: Sequence[OneUserCheck] = (),
) -> None:
    """The machine-readable record a later run or a CI job compares against."""
    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "database": database,
        "scale": scale,
        "settings": settings,
        "machine": machine,
        "endpoints": [report.as_json() for report in endpoints],
        "operations": [report.as_json() for report in operations],
        # Issue 10: every staff page's p50 with one user, against 3 x its SQL floor + 5 ms.
        "staff_pages_one_user": [check.as_json() for check in one_user],
    }
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _cell(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def format_table(endpoints: list[EndpointReport]) -> str:
    """A fixed-width table for the terminal, followed by any notes (failures, replay problems)."""
    header = (
        "endpoint",
        "users",
        "requests",
        "fail",
        "rps",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "queries",
        "floor ms",
        "p50/floor",
    )
    rows = [
        (
            report.endpoint.name,
            _cell(report.users),
            _cell(report.load.requests),
            _cell(report.load.failures),
            _cell(report.load.rps),
            _cell(report.load.p50_ms, 2),
            _cell(report.load.p95_ms, 2),
            _cell(report.load.p99_ms, 2),
            _cell(report.sql_queries),
            _cell(report.sql_floor_p50_ms, 3),
            _cell(report.ratio_p50_to_floor),
        )
        for report in endpoints
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = [
        "  ".join(_align(text, width, column) for column, (text, width) in enumerate(zip(header, widths, strict=True)))
    ]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append(
            "  ".join(_align(text, width, column) for column, (text, width) in enumerate(zip(row, widths, strict=True)))
        )
    notes = [f"  {report.endpoint.name}: {note}" for report in endpoints for note in report.notes]
    if notes:
        lines.extend(["", "Notes:", *notes])
    return "\n".join(lines)


def _align(text: str, width: int, column: int) -> str:
    """The first column (the endpoint) reads left to right; numbers line up on the right."""
    return text.ljust(width) if column == 0 else text.rjust(width)


def format_one_user_table(checks: Sequence[OneUserCheck]) -> str:
    """Every staff page's one-user p50 beside its bound (issue 10), the pages over it marked."""
    header = ("staff page, one user", "requests", "fail", "p50 ms", "floor ms", "3 x floor + 5", "within")
    verdicts = {True: "yes", False: "NO", None: "-"}
    rows = [
        (
            check.name,
            _cell(check.requests),
            _cell(check.failures),
            _cell(check.p50_ms, 2),
            _cell(check.sql_floor_p50_ms, 3),
            _cell(check.limit_ms, 2),
            verdicts[check.within],
        )
        for check in checks
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = [
        "  ".join(_align(text, width, column) for column, (text, width) in enumerate(zip(row, widths, strict=True)))
        for row in [header, tuple("-" * width for width in widths), *rows]
    ]
    within = sum(1 for check in checks if check.within is True)
    lines.append(f"{within} of {len(checks)} staff pages within 3 x floor + 5 ms with one user.")
    return "\n".join(lines)
