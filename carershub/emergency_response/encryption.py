"""Secrets stored encrypted at rest (key safe details, the area's GOV.UK Notify API key).

The database holds Fernet tokens; settings.CARERSHUB_ENCRYPTION_KEYS lists the keys, newest first, so that values
written under an older key still decrypt while they are rotated. Plaintext is produced only by `decrypt`, which is
called only where a secret must be used or shown (an open activation, a Notify send).
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class CannotDecrypt(Exception):
    """The stored value was not written with any of the configured keys."""


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.CARERSHUB_ENCRYPTION_KEYS])


def encrypt(plaintext: str) -> str:
    """A token for the text, or "" for no text (so that "nothing recorded" needs no key)."""
    if not plaintext:
        return ""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """The text behind a token written by `encrypt`."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise CannotDecrypt("The value was encrypted with a key that is no longer configured.") from None


class ShownSecret:
    """Decrypted text for one page: a template prints it, but its repr is stars, so a log line or an error report
    that dumps the template context (Django's template logger does at DEBUG) never carries it."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return "ShownSecret('********')"

    def __bool__(self) -> bool:
        return bool(self._text)
