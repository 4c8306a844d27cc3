"""Typed helpers that read settings from the environment and fail fast with a clear message."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# A secret shorter than this, or with few distinct characters, is treated as a placeholder.
MINIMUM_SECRET_LENGTH = 50
MINIMUM_SECRET_DISTINCT_CHARACTERS = 5


def env_str(name: str, default: str = "") -> str:
    """Return a string setting, or the default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool = False) -> bool:
    """Return a yes/no setting; anything other than a recognised word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}.")


def env_int(name: str, *, default: int) -> int:
    """Return a whole-number setting."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Return a comma-separated setting as a list with blanks removed."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """Return a mandatory secret, read from NAME or from the file named by NAME_FILE.

    A missing, short or low-variety secret stops start-up: a guessable SECRET_KEY lets anyone
    forge sessions, password-reset links and signed values.
    """
    value = os.environ.get(name, "")
    file_name = os.environ.get(f"{name}_FILE", "")
    if not value and file_name:
        try:
            with open(file_name, encoding="utf-8") as secret_file:
                value = secret_file.read().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE points at {file_name!r}, which cannot be read: {error}.") from None
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it (or {name}_FILE) to a random value of at least "
            f"{MINIMUM_SECRET_LENGTH} characters, for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if len(value) < MINIMUM_SECRET_LENGTH or len(set(value)) < MINIMUM_SECRET_DISTINCT_CHARACTERS:
        raise ImproperlyConfigured(
            f"{name} is too weak: it needs at least {MINIMUM_SECRET_LENGTH} characters with at least "
            f"{MINIMUM_SECRET_DISTINCT_CHARACTERS} different ones."
        )
    if value.startswith("django-insecure"):
        raise ImproperlyConfigured(f"{name} is Django's insecure development placeholder; generate a real one.")
    return value
