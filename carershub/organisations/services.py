"""State changes for organisations and their API keys."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.events import OrganisationEvent
from carershub.organisations.models import ApiKey, Organisation

# Staff accounts sit above organisations (each works for one), so the account model is named only in annotations.
if TYPE_CHECKING:
    from carershub.accounts.models import User

API_KEY_PREFIX = "chk"
# Writing last_used_at on every call would turn each API read into a write; once a minute is enough to answer
# "is this key still in use?".
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiKeyNameTaken(Exception):
    """The organisation already has a live key with this name."""


def _digest(secret: str) -> str:
    # Keys are 256-bit random values, so a fast hash is safe here (unlike passwords, they cannot be guessed).
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_key(
    organisation: Organisation,
    *,
    name: str,
    created_by: "User | None",
    scope: ApiKey.Scope = ApiKey.Scope.REFERRALS,
) -> tuple[ApiKey, str]:
    """Create a key for one scope and return it with its plain text, which is shown once and never stored."""
    if ApiKey.objects.filter(organisation=organisation, name=name, revoked_at__isnull=True).exists():
        raise ApiKeyNameTaken(name)
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=prefix,
        secret_hash=_digest(secret),
        created_by=created_by,
    )
    record_event(
        AuditEvent.Kind.API_KEY_CREATED,
        actor=created_by,
        organisation=organisation,
        subject=api_key,
        detail={"name": name, "prefix": prefix, "scope": scope.value},
        event=OrganisationEvent.API_KEY_CREATED,
    )
    return api_key, f"{API_KEY_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def revoke_api_key(api_key: ApiKey, *, revoked_by: "User | None") -> ApiKey:
    """Stop a key working at once. Revoking twice changes nothing."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    record_event(
        AuditEvent.Kind.API_KEY_REVOKED,
        actor=revoked_by,
        organisation=api_key.organisation,
        subject=api_key,
        detail={"name": api_key.name, "prefix": api_key.prefix},
        event=OrganisationEvent.API_KEY_REVOKED,
    )
    return api_key


def authenticate_api_key(presented: str) -> ApiKey | None:
    """Return the live key matching the presented text, or None. Records when the key was last used."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX:
        return None
    _, prefix, secret = parts
    api_key = ApiKey.objects.select_related("organisation").filter(prefix=prefix, revoked_at__isnull=True).first()
    if api_key is None or not hmac.compare_digest(api_key.secret_hash, _digest(secret)):
        return None
    if not api_key.organisation.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
