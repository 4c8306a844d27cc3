"""Harness settings read from the environment, and the environment the application runs with."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
VENV_BIN = REPO_ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
RESULTS_FILE = BENCH_DIR / "results.json"
# Ignored by git: logs from the last run and the harness's own bookkeeping.
RESULTS_DIR = BENCH_DIR / "results"
LOG_DIR = RESULTS_DIR / "logs"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/carershub_bench"
SETTINGS_MODULE = "carershub.config.settings"
BENCH_HOST = "127.0.0.1"

# Variables that would switch production behaviour off or point the app elsewhere; the harness owns them.
_APP_VARIABLES_TO_DROP = (
    "DEBUG",
    "CARERSHUB_DEMO",
    "STATIC_MANIFEST",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "SECURE_PROXY_SSL_HEADER_ENABLED",
)


class HarnessError(Exception):
    """The harness itself cannot run (as opposed to an endpoint being slow or failing, which is reported)."""


@dataclass(frozen=True)
class BenchConfig:
    """How hard and how long to drive each endpoint. Every knob is an environment variable."""

    database_url: str
    seconds: int
    users: int
    warmup_seconds: int
    workers: int
    floor_iterations: int
    scale: str
    seed: int
    always_collect_static: bool
    # Issue 10's one-user pass over every staff page: seconds per page (0: no pass), and whether to measure nothing
    # else (BENCH_ONE_USER=only: the pass and the endpoints that are one user already).
    one_user_seconds: int
    one_user_only: bool


def _env_int(name: str, default: int, *, minimum: int = 1) -> int:
    """Read a positive whole number, failing with the variable's name rather than a traceback."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HarnessError(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise HarnessError(f"{name} must be at least {minimum}, not {value}.")
    return value


def load_config() -> BenchConfig:
    """Defaults keep a full run to a few minutes on two cores (about 15 s per endpoint)."""
    config = BenchConfig(
        database_url=os.environ.get("BENCH_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        seconds=_env_int("BENCH_SECONDS", 15),
        users=_env_int("BENCH_USERS", 4),
        warmup_seconds=_env_int("BENCH_WARMUP_SECONDS", 5, minimum=0),
        workers=_env_int("BENCH_WORKERS", 2),
        floor_iterations=_env_int("BENCH_FLOOR_ITERATIONS", 200),
        scale=os.environ.get("BENCH_SCALE", "").strip() or "county",
        seed=_env_int("BENCH_SEED", 2026, minimum=0),
        always_collect_static=os.environ.get("BENCH_COLLECTSTATIC", "").strip().lower() == "always",
        one_user_seconds=_env_int("BENCH_ONE_USER_SECONDS", 5, minimum=0),
        one_user_only=_one_user_only(),
    )
    if config.one_user_only and not config.one_user_seconds:
        raise HarnessError("BENCH_ONE_USER=only measures the one-user pass, which BENCH_ONE_USER_SECONDS=0 leaves out.")
    return config


def _one_user_only() -> bool:
    raw = os.environ.get("BENCH_ONE_USER", "").strip().lower()
    if raw not in {"", "only"}:
        raise HarnessError(f"BENCH_ONE_USER may only be 'only' (measure just the one-user pass), not {raw!r}.")
    return raw == "only"


# Not a secret: it protects only the synthetic benchmark data.
BENCH_ENCRYPTION_KEY = "YmVuY2gtb25seS1rZXktY2FyZXJzaHViLWJlbmNoLTE="


def application_environment(database_url: str) -> dict[str, str]:
    """Production settings exactly as a council would run them, apart from TLS (we serve plain HTTP locally).

    The secret key is random per run: sessions the harness creates are signed with it, so the harness and
    gunicorn must share this one environment.
    """
    environment = {name: value for name, value in os.environ.items() if name not in _APP_VARIABLES_TO_DROP}
    python_path = [str(REPO_ROOT), *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": database_url,
            # Fixed, so values encrypted by one run's seeding (key safe details) can be read by the next.
            "CARERSHUB_ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEY,
            # Every simulated caller comes from 127.0.0.1; the per-address limit would turn the run into 429s.
            "CARERSHUB_RULES_API_REQUESTS_PER_MINUTE": "100000000",
            # The load test reads the referrals API with one key per organisation, far faster than an integration.
            "CARERSHUB_API_KEY_REQUESTS_PER_MINUTE": "100000000",
            "PYTHONPATH": os.pathsep.join(python_path),
        }
    )
    return environment
