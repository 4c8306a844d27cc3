"""Start-up with production settings: bad configuration stops the service with a message saying what to fix."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
GOOD_SECRET = "a-real-production-secret-5f1c9e2b7a4d8063e1b2c3d4e5f60718293a4b5c6d7e8f9"


def run_django(command: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh interpreter with only the given configuration (plus PATH and the database)."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "carershub.config.settings", **environment}
    if "DATABASE_URL" in os.environ:
        env.setdefault("DATABASE_URL", os.environ["DATABASE_URL"])
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), *command],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "carers.example.gov.uk",
    "CARERSHUB_ENCRYPTION_KEYS": "cHJvZHVjdGlvbi1saWtlLWtleS1mb3ItdGhlLXRlc3Q=",
}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        pytest.param({"ALLOWED_HOSTS": "carers.example.gov.uk"}, "SECRET_KEY is not set", id="missing_secret"),
        pytest.param({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY is too weak", id="short_secret"),
        pytest.param({**PRODUCTION, "SECRET_KEY": "a" * 60}, "SECRET_KEY is too weak", id="repetitive_secret"),
        pytest.param(
            {**PRODUCTION, "SECRET_KEY": "django-insecure-" + GOOD_SECRET},
            "insecure development placeholder",
            id="django_placeholder_secret",
        ),
        pytest.param({"SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS is not set", id="missing_allowed_hosts"),
        pytest.param(
            {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "carers.example.gov.uk"},
            "CARERSHUB_ENCRYPTION_KEYS is not set",
            id="missing_encryption_key",
        ),
        pytest.param(
            {**PRODUCTION, "CARERSHUB_ENCRYPTION_KEYS": "not-a-key"},
            "CARERSHUB_ENCRYPTION_KEYS holds a value that is not a Fernet key",
            id="malformed_encryption_key",
        ),
        pytest.param({**PRODUCTION, "DEBUG": "perhaps"}, "DEBUG must be one of", id="unreadable_flag"),
        pytest.param({**PRODUCTION, "SESSION_IDLE_MINUTES": "half an hour"}, "must be a whole number", id="bad_number"),
        pytest.param(
            {**PRODUCTION, "SECRET_KEY_FILE": "/nonexistent/secret", "SECRET_KEY": ""},
            "cannot be read",
            id="unreadable_secret_file",
        ),
    ],
)
def test_bad_production_configuration_stops_start_up_with_a_clear_message(
    environment: dict[str, str], message: str
) -> None:
    result = run_django(["check"], **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(GOOD_SECRET)
    result = run_django(
        ["check"],
        SECRET_KEY_FILE=str(secret_file),
        ALLOWED_HOSTS="carers.example.gov.uk",
        CARERSHUB_ENCRYPTION_KEYS=PRODUCTION["CARERSHUB_ENCRYPTION_KEYS"],
    )
    assert result.returncode == 0, result.stderr


def test_demo_mode_starts_without_a_secret() -> None:
    result = run_django(["check"], CARERSHUB_DEMO="true")
    assert result.returncode == 0, result.stderr


def test_deployment_checklist_reports_nothing_with_production_settings() -> None:
    result = run_django(["check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
