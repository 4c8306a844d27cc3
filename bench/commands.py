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
    total_seconds = migrate_seconds + cache_seconds + seed_seconds
    print(
        f"Data ready in {total_seconds:.1f} s: migrate {migrate_seconds:.1f} s, createcachetable "
        f"{cache_seconds:.1f} s, seed_demo --scale {scale} {seed_seconds:.1f} s."
    )


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
