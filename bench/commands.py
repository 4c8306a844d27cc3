"""Run the application's own management commands, in the production environment the harness built."""

import hashlib
import os
import subprocess
import sysconfig
import time
from pathlib import Path

from bench.config import PYTHON, REPO_ROOT, RESULTS_DIR, HarnessError

STATIC_SOURCE_DIR = REPO_ROOT / "carershub" / "static"
DIST_DIR = STATIC_SOURCE_DIR / "dist"
STATIC_MANIFEST = REPO_ROOT / "staticfiles" / "staticfiles.json"
STATIC_FINGERPRINT = RESULTS_DIR / "static-fingerprint"


def run_manage(environment: dict[str, str], *arguments: str) -> float:
    """Run `manage.py <arguments>` with output streamed through, and return how long it took in seconds.

    The commands run as separate processes, as they would in a deployment, so the data load is measured the
    way an operator would experience it.
    """
    started = time.perf_counter()
    completed = subprocess.run([str(PYTHON), "manage.py", *arguments], cwd=REPO_ROOT, env=environment, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise HarnessError(f"manage.py {' '.join(arguments)} failed with exit status {completed.returncode}.")
    return elapsed


def load_data(environment: dict[str, str], *, scale: str, seed: int) -> None:
    """Migrate and seed. Seeders skip what is already present, so a re-run reuses the loaded county."""
    migrate_seconds = run_manage(environment, "migrate", "--no-input")
    cache_seconds = run_manage(environment, "createcachetable")
    seed_seconds = run_manage(environment, "seed_demo", "--scale", scale, "--seed", str(seed))
    volume_seconds = top_up_volumes(environment) if scale == "county" else 0.0
    total_seconds = migrate_seconds + cache_seconds + seed_seconds + volume_seconds
    print(
        f"Data ready in {total_seconds:.1f} s: migrate {migrate_seconds:.1f} s, createcachetable "
        f"{cache_seconds:.1f} s, seed_demo --scale {scale} {seed_seconds:.1f} s, volumes {volume_seconds:.1f} s."
    )


# Volumes the issues set targets at, beyond the county's carers: emergency cards (issue 5: 1,000,000 cards) and
# the activity a county contract's KPIs read (issue 6: about 1,000,000 rows of referrals, cases, engagement and
# assessments). Each is topped up only when missing, so a loaded database is reused.
EMERGENCY_CARDS = 1_000_000
ACTIVITY_ROWS = 1_000_000
# seed_commissioning_activity makes 35% of its rows referrals; the county itself has about 42,000.
ACTIVITY_REFERRALS_PRESENT = 300_000
# Issue 16: 200 suppliers, 2,000 package requests and 10,000 bids.
PACKAGE_REQUESTS = 2_000
# Issue 13: about 10,000 support plans, each with ten direct payments and two short breaks.
SUPPORT_PLANS = 10_000
# Everyday support (issue 14): contacts and named group attendances.
SUPPORT_CONTACTS = 1_000_000
SUPPORT_ATTENDANCES = 200_000
# Issue 15: the public directory's targets are set at 5,000 services.
DIRECTORY_SERVICES = 5_000


def _count(environment: dict[str, str], expression: str) -> int:
    """A number the application computes, e.g. a row count, read through `manage.py shell`."""
    completed = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", f"print({expression})"],
        cwd=REPO_ROOT,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise HarnessError(f"Could not count {expression}: {completed.stderr[-2000:]}")
    return int(completed.stdout.strip().splitlines()[-1])


def top_up_volumes(environment: dict[str, str]) -> float:
    """Load the emergency cards and the contract activity the targets are set at, if they are not there yet."""
    seconds = 0.0
    cards = _count(
        environment,
        "__import__('carershub.emergency_response.models').emergency_response.models.EmergencyCard.objects.count()",
    )
    if cards < EMERGENCY_CARDS:
        seconds += run_manage(environment, "seed_emergency_cards", "--count", str(EMERGENCY_CARDS - cards))
    referrals = _count(
        environment, "__import__('carershub.referrals.models').referrals.models.Referral.objects.count()"
    )
    if referrals < ACTIVITY_REFERRALS_PRESENT:
        seconds += run_manage(environment, "seed_commissioning_activity", "--rows", str(ACTIVITY_ROWS))
    package_requests = _count(
        environment, "__import__('carershub.procurement.models').procurement.models.PackageRequest.objects.count()"
    )
    if package_requests < PACKAGE_REQUESTS:
        seconds += run_manage(environment, "seed_procurement_volume", "--requests", str(PACKAGE_REQUESTS))
    plans = _count(
        environment, "__import__('carershub.support_plans.models').support_plans.models.SupportPlan.objects.count()"
    )
    if plans < SUPPORT_PLANS:
        seconds += run_manage(environment, "seed_support_plans", "--plans", str(SUPPORT_PLANS - plans))
    contacts = _count(environment, "__import__('carershub.support.models').support.models.Contact.objects.count()")
    attendances = _count(
        environment, "__import__('carershub.support.models').support.models.Attendance.objects.count()"
    )
    if contacts < SUPPORT_CONTACTS or attendances < SUPPORT_ATTENDANCES:
        seconds += run_manage(
            environment,
            "seed_support_activity",
            "--contacts",
            str(max(0, SUPPORT_CONTACTS - contacts)),
            "--attendances",
            str(max(0, SUPPORT_ATTENDANCES - attendances)),
        )
    services = _count(environment, "__import__('carershub.directory.models').directory.models.Service.objects.count()")
    if services < DIRECTORY_SERVICES:
        seconds += run_manage(environment, "seed_directory_services", "--count", str(DIRECTORY_SERVICES - services))
    if seconds:
        seconds += run_manage(
            environment, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"
        )
    return seconds


def _stat_line(path: Path) -> str:
    status = path.stat()
    return f"{path} {status.st_size} {status.st_mtime_ns}"


def static_fingerprint() -> str | None:
    """A digest of everything collectstatic reads and writes, or None when there is no manifest yet.

    Our own static files are listed one by one; installed apps' static files (admin, allauth, ninja) change only
    when packages are installed, which changes site-packages itself. The manifest is included so anything else
    rewriting the collected files invalidates the fingerprint.
    """
    if not STATIC_MANIFEST.is_file():
        return None
    lines = [_stat_line(STATIC_MANIFEST), _stat_line(Path(sysconfig.get_paths()["purelib"]))]
    for directory, _, files in sorted(os.walk(STATIC_SOURCE_DIR)):
        lines.extend(_stat_line(Path(directory) / name) for name in sorted(files))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _static_is_current() -> bool:
    current = static_fingerprint()
    return current is not None and STATIC_FINGERPRINT.is_file() and STATIC_FINGERPRINT.read_text() == current


def collect_static(environment: dict[str, str], *, force: bool) -> None:
    """Production serves hashed files from the manifest; without it every page that links a stylesheet fails.

    Compressing every file takes tens of seconds, so a run skips it when nothing collectstatic reads or writes
    has changed since the last run (BENCH_COLLECTSTATIC=always forces it). A failure is reported rather than
    fatal: the pages then fail under load, which the report shows.
    """
    if not DIST_DIR.is_dir():
        print(
            "WARNING: carershub/static/dist is missing. Run `make setup` (it runs `npm run build`); "
            "pages that link the front end will fail."
        )
    if not force and _static_is_current():
        print("Static files unchanged since the last run; collectstatic skipped.")
        return
    STATIC_FINGERPRINT.unlink(missing_ok=True)
    try:
        seconds = run_manage(environment, "collectstatic", "--no-input", "--verbosity", "0")
    except HarnessError as error:
        print(f"WARNING: {error} Pages that link static files will fail.")
        return
    fingerprint = static_fingerprint()
    if fingerprint is not None:
        STATIC_FINGERPRINT.parent.mkdir(parents=True, exist_ok=True)
        STATIC_FINGERPRINT.write_text(fingerprint)
    print(f"Static files collected in {seconds:.1f} s.")
