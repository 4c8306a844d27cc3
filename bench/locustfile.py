"""Locust user for `make bench`. Run by bench/run.py; not meant to be started by hand.

The harness writes a plan (endpoints with their credentials) to the file named by BENCH_PLAN and chooses the
endpoints for this run with BENCH_ENDPOINTS (a JSON list of names). Each simulated user cycles through those
endpoints, pausing for each endpoint's think time (0: none) between calls, using its own session. Every response
time is written to BENCH_SAMPLES at exit so the harness computes exact percentiles (Locust rounds its own).
"""

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

import gevent  # type: ignore[import-untyped]  # Locust runs on gevent; it ships no type stubs
from locust import FastHttpUser, events, task
from locust.env import Environment

_PLAN: dict[str, Any] = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
_SELECTED: list[str] = json.loads(os.environ["BENCH_ENDPOINTS"])
_SAMPLES_FILE = Path(os.environ["BENCH_SAMPLES"])
_USER_NUMBERS = itertools.count()

# [endpoint name, start (epoch seconds), response time (ms), succeeded, HTTP status (0 if none)]
_samples: list[tuple[str, float, float, bool, int]] = []


def _record_sample(
    name: str, start_time: float, response_time: float, response: Any, exception: Exception | None, **_: Any
) -> None:
    status = int(getattr(response, "status_code", 0) or 0)
    _samples.append((name, start_time, response_time, exception is None, status))


def _write_samples(environment: Environment, **_: Any) -> None:
    _SAMPLES_FILE.write_text(json.dumps(_samples), encoding="utf-8")


# Locust's EventHook.add_listener has no annotations; the handlers above are typed.
events.request.add_listener(_record_sample)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_write_samples)  # type: ignore[no-untyped-call]


class EndpointUser(FastHttpUser):
    """A member of staff, a visitor or an integration, depending on the endpoint; pauses for the endpoint's think
    time (uniformly 0.5 to 1.5 times it) between calls."""

    def on_start(self) -> None:
        self.number = next(_USER_NUMBERS)
        self.endpoints = itertools.cycle([_PLAN["endpoints"][name] for name in _SELECTED])
        self.think_seconds = 0.0
        # Each user draws its pauses from its own seeded generator, so runs are repeatable.
        self.pacing = random.Random(self.number)
        # People reading pages do not all click at the same instant: start each one somewhere in their first pause,
        # as if they were already at work. Without this, every user's first request lands in the same millisecond
        # and the queue behind that one burst, not the steady load, sets the tail.
        first = _PLAN["endpoints"][_SELECTED[0]]
        gevent.sleep(float(first["think_seconds"]) * self.pacing.uniform(0.0, 1.0))

    def wait_time(self) -> float:
        return self.think_seconds * self.pacing.uniform(0.5, 1.5)

    @task
    def call_next_endpoint(self) -> None:
        endpoint = next(self.endpoints)
        self.think_seconds = float(endpoint["think_seconds"])
        credentials = endpoint["credentials"]
        headers: dict[str, str] = dict(credentials[self.number % len(credentials)])
        body = endpoint["json_body"]
        if body is not None:
            headers["Content-Type"] = "application/json"
        elif endpoint["form_body"] is not None:
            body = endpoint["form_body"]
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        with self.client.request(
            endpoint["method"],
            endpoint["path"],
            name=endpoint["name"],
            headers=headers,
            data=body,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == endpoint["expected_status"]:
                response.success()
            else:
                response.failure(f"status {response.status_code}, expected {endpoint['expected_status']}")
