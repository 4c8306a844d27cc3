"""Drive the served application with Locust, headless, in a separate process, one endpoint per run."""

import json
import os
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.config import BENCH_DIR, REPO_ROOT, VENV_BIN
from bench.endpoints import Endpoint

LOCUSTFILE = BENCH_DIR / "locustfile.py"
# Locust needs a moment to start (gevent, imports) and to stop its users; past this the run is stuck.
RUN_OVERHEAD_SECONDS = 60


@dataclass(frozen=True)
class LoadResult:
    """What the clients saw for one endpoint: counts, throughput and latency percentiles in milliseconds."""

    requests: int
    failures: int
    rps: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    failure_statuses: dict[str, int] = field(default_factory=dict)
    error: str = ""


def slug(name: str) -> str:
    """A file-name-safe form of an endpoint's name, for its log file."""
    return "".join(character if character.isalnum() else "-" for character in name.lower()).strip("-")


def write_plan(path: Path, endpoints: tuple[Endpoint, ...], headers_for: dict[str, list[dict[str, str]]]) -> None:
    """Hand the load generator what to call and as whom. The file holds live credentials, so only we read it."""
    plan = {
        "endpoints": {
            endpoint.name: {
                "name": endpoint.name,
                "method": endpoint.method,
                "path": endpoint.path,
                "expected_status": endpoint.expected_status,
                "think_seconds": endpoint.think_seconds,
                "json_body": endpoint.json_body,
                "form_body": endpoint.form_body,
                "credentials": headers_for[endpoint.name],
            }
            for endpoint in endpoints
        }
    }
    path.touch(mode=0o600)
    path.write_text(json.dumps(plan), encoding="utf-8")


def _percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Percentile by linear interpolation between closest ranks (what numpy and Locust's reports approximate)."""
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return sorted_values[0]
    cuts = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


def summarise(samples: list[list[Any]]) -> LoadResult:
    """Turn raw samples into the report's numbers; throughput is over the span the requests actually ran."""
    if not samples:
        return LoadResult(requests=0, failures=0, rps=0.0, p50_ms=None, p95_ms=None, p99_ms=None)
    times = sorted(float(sample[2]) for sample in samples)
    started = min(float(sample[1]) for sample in samples)
    finished = max(float(sample[1]) + float(sample[2]) / 1000 for sample in samples)
    failed = [sample for sample in samples if not sample[3]]
    statuses = Counter(str(sample[4]) for sample in failed)
    return LoadResult(
        requests=len(samples),
        failures=len(failed),
        rps=len(samples) / max(finished - started, 1e-9),
        p50_ms=_percentile(times, 0.50),
        p95_ms=_percentile(times, 0.95),
        p99_ms=_percentile(times, 0.99),
        failure_statuses=dict(sorted(statuses.items())),
    )


def run_locust(
    *,
    base_url: str,
    plan_file: Path,
    endpoint_names: list[str],
    users: int,
    seconds: int,
    work_dir: Path,
    log_file: Path,
) -> list[list[Any]]:
    """One headless Locust run against the named endpoints; returns its raw samples.

    Locust's exit status only says whether any request failed, which the report counts itself, so it is not
    treated as an error; missing samples are.
    """
    samples_file = work_dir / "samples.json"
    samples_file.unlink(missing_ok=True)
    environment = {
        **os.environ,
        "BENCH_PLAN": str(plan_file),
        "BENCH_ENDPOINTS": json.dumps(endpoint_names),
        "BENCH_SAMPLES": str(samples_file),
    }
    command = [
        str(VENV_BIN / "locust"),
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        base_url,
        "--only-summary",
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with log_file.open("wb") as log:
        subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=seconds + RUN_OVERHEAD_SECONDS,
            check=False,
        )
    if not samples_file.exists():
        log_text = log_file.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"Locust wrote no samples:\n{log_text[-3000:]}")
    samples: list[list[Any]] = json.loads(samples_file.read_text(encoding="utf-8"))
    return samples


def measure_endpoint(
    endpoint: Endpoint, *, base_url: str, plan_file: Path, users: int, seconds: int, work_dir: Path, log_dir: Path
) -> LoadResult:
    """Measure one endpoint on its own, so another endpoint's load never skews its numbers."""
    try:
        samples = run_locust(
            base_url=base_url,
            plan_file=plan_file,
            endpoint_names=[endpoint.name],
            users=users,
            seconds=seconds,
            work_dir=work_dir,
            log_file=log_dir / f"locust-{slug(endpoint.name)}.log",
        )
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        return LoadResult(
            requests=0, failures=0, rps=0.0, p50_ms=None, p95_ms=None, p99_ms=None, error=str(error).strip()
        )
    return summarise(samples)


def measure_one_user_pass(
    endpoints: tuple[Endpoint, ...],
    *,
    base_url: str,
    plan_file: Path,
    seconds_each: int,
    work_dir: Path,
    log_dir: Path,
) -> dict[str, LoadResult]:
    """One user clicking through every page in turn, with no pause, in a single Locust run (one start-up instead of
    one per page): each request has the server to itself, so each page's p50 is its own time, not a queue's."""
    if not endpoints:
        return {}
    names = [endpoint.name for endpoint in endpoints]
    try:
        samples = run_locust(
            base_url=base_url,
            plan_file=plan_file,
            endpoint_names=names,
            users=1,
            seconds=seconds_each * len(endpoints),
            work_dir=work_dir,
            log_file=log_dir / "locust-one-user-pass.log",
        )
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        failed = LoadResult(
            requests=0, failures=0, rps=0.0, p50_ms=None, p95_ms=None, p99_ms=None, error=str(error).strip()
        )
        return dict.fromkeys(names, failed)
    return {name: summarise([sample for sample in samples if sample[0] == name]) for name in names}
