"""`make bench`: load county-scale data into PostgreSQL, serve with gunicorn, and measure the hot paths.

Usage, from the repository root: `.venv/bin/python bench/run.py` (or `make bench`).
Environment: BENCH_ONLY (comma-separated words: only endpoints whose names contain one),
BENCH_SECONDS (per endpoint, default 15), BENCH_USERS (default 4), BENCH_WARMUP_SECONDS (5),
BENCH_WORKERS (gunicorn workers, 2), BENCH_FLOOR_ITERATIONS (200), BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/carershub_bench), BENCH_ONE_USER_SECONDS (5: seconds per staff page in
the one-user pass of issue 10, which checks every staff page's one-user p50 against 3 times its SQL floor plus 5 ms;
0 leaves the pass out), BENCH_ONE_USER=only (measure the one-user pass alone). Results go to bench/results.json.
"""

import sys
from pathlib import Path

# Run as a script, Python puts bench/ itself on the path; the harness is imported as the `bench` package.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.harness import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
