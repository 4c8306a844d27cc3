"""Get a PostgreSQL database ready before Django touches it: start the cluster and create the database."""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

from bench.config import HarnessError

POSTGRES_CONFIG_DIR = Path("/etc/postgresql")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", ""})
START_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the benchmark database lives, split out of the URL once."""

    host: str
    port: int
    user: str
    password: str
    name: str

    def conninfo(self, *, dbname: str | None = None) -> str:
        """A libpq connection string; `dbname` lets us reach the maintenance database to create ours."""
        return psycopg.conninfo.make_conninfo(
            host=self.host or None,
            port=self.port,
            user=self.user or None,
            password=self.password or None,
            dbname=dbname or self.name,
            connect_timeout=3,
        )


def parse_database_url(url: str) -> DatabaseTarget:
    """Only PostgreSQL URLs are accepted: the benchmark exists to measure the production database."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise HarnessError(f"BENCH_DATABASE_URL must be a PostgreSQL URL (postgres://...), not {url!r}.")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise HarnessError(f"BENCH_DATABASE_URL names no database: {url!r}.")
    return DatabaseTarget(
        host=parts.hostname or "",
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        name=name,
    )


def _accepts_connections(target: DatabaseTarget) -> bool:
    try:
        with psycopg.connect(target.conninfo(dbname="postgres")):
            return True
    except psycopg.OperationalError:
        return False


def _start_local_clusters() -> str:
    """Start each installed cluster the Debian way, returning what pg_ctlcluster said (for the error message).

    A cluster that is already running makes pg_ctlcluster complain; that is not an error here, since the
    connection check that follows is what decides.
    """
    versions = sorted(path.name for path in POSTGRES_CONFIG_DIR.iterdir()) if POSTGRES_CONFIG_DIR.is_dir() else []
    if not versions:
        raise HarnessError("PostgreSQL is not accepting connections and no cluster is installed under /etc/postgresql.")
    output = []
    for version in versions:
        print(f"Starting PostgreSQL {version} (pg_ctlcluster)...")
        try:
            completed = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            output.append(f"pg_ctlcluster {version}: {error}")
            continue
        output.append(f"pg_ctlcluster {version}: {(completed.stdout + completed.stderr).strip() or 'no output'}")
    return "\n".join(output)


def ensure_server_running(target: DatabaseTarget) -> None:
    """Start the local cluster if nothing answers; a remote server we cannot reach is a harness error."""
    if _accepts_connections(target):
        return
    if target.host not in LOCAL_HOSTS:
        raise HarnessError(f"PostgreSQL at {target.host}:{target.port} is not accepting connections.")
    start_output = _start_local_clusters()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if _accepts_connections(target):
            return
        time.sleep(0.5)
    raise HarnessError(
        f"PostgreSQL at {target.host}:{target.port} did not start within {START_TIMEOUT_SECONDS:.0f} s. "
        f"Try: pg_ctlcluster --skip-systemctl-redirect <version> main start, and read its log in /var/log/postgresql.\n"
        f"{start_output}"
    )


def ensure_database_exists(target: DatabaseTarget) -> bool:
    """Create the benchmark database on first use; return whether it was created (so the load is from scratch)."""
    with psycopg.connect(target.conninfo(dbname="postgres"), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))
        return True
