"""Settings for the test suite: production behaviour (MFA, CSP, audit) with fast, local plumbing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Tests run as production does, so a real-looking secret must be present before settings are read.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-for-the-carershub-suite-9f8e7d6c5b4a3210zyxwvu")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("CARERSHUB_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LWNhcmVyc2g=")

from carershub.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SECURE_HSTS_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Tests look at figures straight after changing the records they count.
CARERSHUB_KPI_CACHE_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "carershub.core.sqlite":  # noqa: F405
    # A file, not Django's default shared in-memory database: several connections (threads racing to open the same
    # emergency card, the live server of the browser tests) then lock and wait as in production. It lives in RAM
    # where there is a /dev/shm, in a private directory made for this run (several runs may share a machine or a
    # checkout), removed when the run ends.
    _RAM_DISK = Path("/dev/shm")  # noqa: S108 - only the parent of a private mkdtemp directory
    _TEST_DATABASE_DIR = Path(tempfile.mkdtemp(prefix="carershub-test-", dir=_RAM_DISK if _RAM_DISK.is_dir() else None))
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DATABASE_DIR / "test.sqlite3")}  # noqa: F405
    atexit.register(shutil.rmtree, _TEST_DATABASE_DIR, ignore_errors=True)
