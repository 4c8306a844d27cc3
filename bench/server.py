"""Serve the application with gunicorn, as production does, for the length of the load runs."""

import http.client
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.config import BENCH_HOST, REPO_ROOT, VENV_BIN, HarnessError

READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
LOG_TAIL_LINES = 40


@dataclass(frozen=True)
class Server:
    """A running gunicorn: where to reach it and where it logs."""

    port: int
    log_file: Path

    @property
    def base_url(self) -> str:
        return f"http://{BENCH_HOST}:{self.port}"


def free_port() -> int:
    """Ask the kernel for an unused port, so a second checkout or a dev server on 8000 never collides."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((BENCH_HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def log_tail(log_file: Path) -> str:
    """The end of gunicorn's log, to explain why it did not come up."""
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-LOG_TAIL_LINES:])


def _is_healthy(port: int) -> bool:
    connection = http.client.HTTPConnection(BENCH_HOST, port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _wait_until_healthy(process: subprocess.Popen[bytes], server: Server) -> None:
    """Readiness is /healthz answering 200, which also proves the workers reach the database."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"gunicorn exited with status {process.returncode}:\n{log_tail(server.log_file)}")
        if _is_healthy(server.port):
            return
        time.sleep(0.25)
    raise HarnessError(
        f"gunicorn did not answer /healthz within {READY_TIMEOUT_SECONDS:.0f} s:\n{log_tail(server.log_file)}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets gunicorn stop its own workers; SIGKILL only if it does not within the timeout."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_server(environment: dict[str, str], *, workers: int, log_dir: Path) -> Iterator[Server]:
    """Start gunicorn, wait for it to be ready, and always stop it, whatever happens inside the block."""
    port = free_port()
    server = Server(port=port, log_file=log_dir / "gunicorn.log")
    command = [
        str(VENV_BIN / "gunicorn"),
        "carershub.config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"{BENCH_HOST}:{port}",
    ]
    with server.log_file.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_healthy(process, server)
            yield server
        finally:
            _stop(process)
