"""Start-up with production settings: bad configuration stops the service with a message saying what to fix, and
good configuration runs the service as a council would, MFA and all."""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
GOOD_SECRET = "a-real-production-secret-5f1c9e2b7a4d8063e1b2c3d4e5f60718293a4b5c6d7e8f9"


@pytest.fixture(autouse=True)
def _no_database_file_left_in_the_repository(tmp_path: Path) -> Iterator[None]:
    """A start-up check must never create (or change) the embedded database of a developer's `make run`."""
    repository_database = REPO_ROOT / "db.sqlite3"
    before = repository_database.stat().st_mtime_ns if repository_database.exists() else None
    yield
    after = repository_database.stat().st_mtime_ns if repository_database.exists() else None
    assert after == before, "the test wrote db.sqlite3 in the repository"


def run_django(command: list[str], *, database_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh interpreter with only the given configuration (plus PATH and the database).

    Without a DATABASE_URL in the suite's environment, the database is a file in `database_dir`, not the
    repository's db.sqlite3."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "carershub.config.settings", **environment}
    env.setdefault("DATABASE_URL", os.environ.get("DATABASE_URL", f"sqlite:///{database_dir / 'check.sqlite3'}"))
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
    environment: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = run_django(["check"], database_dir=tmp_path, **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(GOOD_SECRET)
    result = run_django(
        ["check"],
        database_dir=tmp_path,
        SECRET_KEY_FILE=str(secret_file),
        ALLOWED_HOSTS="carers.example.gov.uk",
        CARERSHUB_ENCRYPTION_KEYS=PRODUCTION["CARERSHUB_ENCRYPTION_KEYS"],
    )
    assert result.returncode == 0, result.stderr


def test_demo_mode_starts_without_a_secret(tmp_path: Path) -> None:
    result = run_django(["check"], database_dir=tmp_path, CARERSHUB_DEMO="true")
    assert result.returncode == 0, result.stderr


def test_deployment_checklist_reports_nothing_with_production_settings(tmp_path: Path) -> None:
    result = run_django(["check", "--deploy", "--fail-level", "DEBUG"], database_dir=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# Run in a fresh interpreter with the production settings module: signs a member of staff without an authenticator in
# with the right password, then asks for the staff pages. Prints what happened as JSON.
SIGN_IN_WITHOUT_MFA = """
import json

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import Role
from carershub.accounts.services import create_staff_user
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory

call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
organisation = ProviderFactory.create(areas=[AreaFactory.create()])
password = "a long production-test password"
user = create_staff_user(
    organisation, email="new-starter@council.example", full_name="New Starter", roles=[Role.PRACTITIONER],
    created_by=None, password=password,
)
client = Client(SERVER_NAME="carers.example.gov.uk")
signed_in = client.post(reverse("account_login"), {"login": user.email, "password": password}, secure=True)
pages = {}
for url in [reverse("core:home"), reverse("organisations:list"), reverse("people:search"), reverse("admin:index")]:
    response = client.get(url, secure=True)
    pages[url] = {"status": response.status_code, "location": response.get("Location"), "body": len(response.content)}
print(json.dumps({
    "settings_module": settings.SETTINGS_MODULE,
    "debug": settings.DEBUG,
    "demo_mode": settings.DEMO_MODE,
    "signed_in_status": signed_in.status_code,
    "session_user": client.session.get("_auth_user_id"),
    "user_id": str(user.pk),
    "mfa_set_up": reverse("mfa_activate_totp"),
    "pages": pages,
}))
"""


def test_production_settings_send_staff_without_mfa_to_set_it_up_and_nowhere_else(
    tmp_path: Path, migrated_database_file: Path | None
) -> None:
    production_database = tmp_path / "production.sqlite3"
    if migrated_database_file is not None:
        # The suite's database as the migrations left it: `migrate` below then has nothing left to apply, instead of
        # spending most of a minute on the same migrations again.
        shutil.copyfile(migrated_database_file, production_database)
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "carershub.config.settings",
        **PRODUCTION,
        # Only static file names differ: hashed names need `collectstatic`, which this test has no need of.
        "STATIC_MANIFEST": "false",
        "DATABASE_URL": f"sqlite:///{production_database}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SIGN_IN_WITHOUT_MFA],
        env=environment,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])

    assert (outcome["settings_module"], outcome["debug"], outcome["demo_mode"]) == (
        "carershub.config.settings",
        False,
        False,
    )
    # The password was right, so they are signed in; but every staff page sends them to set up MFA first.
    assert outcome["signed_in_status"] == 302
    assert outcome["session_user"] == outcome["user_id"]
    assert outcome["pages"] == {
        url: {"status": 302, "location": outcome["mfa_set_up"], "body": 0}
        for url in ["/", "/organisations/", "/people/search/", "/admin/"]
    }
