"""The operators' commands for API keys (in organisations/management) do what the README says."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import authenticate_api_key, create_api_key


def test_revoke_api_key_stops_the_key_working(council: Organisation) -> None:
    api_key, plain_text = create_api_key(council, name="GP referrals", created_by=None)
    assert authenticate_api_key(plain_text) == api_key

    output = StringIO()
    call_command("revoke_api_key", "--prefix", api_key.prefix, stdout=output)

    assert output.getvalue().startswith("Revoked ")
    assert authenticate_api_key(plain_text) is None
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at is not None
    revoked = AuditEvent.objects.get(kind=AuditEvent.Kind.API_KEY_REVOKED)
    assert (revoked.subject_id, revoked.detail["prefix"]) == (str(api_key.pk), api_key.prefix)


def test_revoke_api_key_leaves_other_keys_working(council: Organisation) -> None:
    revoked, _ = create_api_key(council, name="old", created_by=None)
    kept, kept_plain_text = create_api_key(council, name="new", created_by=None)

    call_command("revoke_api_key", "--prefix", revoked.prefix, stdout=StringIO())

    assert authenticate_api_key(kept_plain_text) == kept


def test_revoke_api_key_with_an_unknown_prefix_says_so_and_changes_nothing(council: Organisation) -> None:
    api_key, plain_text = create_api_key(council, name="GP referrals", created_by=None)

    with pytest.raises(CommandError, match="No API key has the prefix 'nosuchprefix'"):
        call_command("revoke_api_key", "--prefix", "nosuchprefix")

    assert authenticate_api_key(plain_text) == api_key
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.API_KEY_REVOKED).exists()
