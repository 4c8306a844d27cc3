"""Referral audit rows and timeline entries written before ReferralEvent existed are named by the data migration,
each by what its detail says happened."""

import importlib
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import PersonFactory

CREATED, CHANGED = AuditEvent.Kind.RECORD_CREATED, AuditEvent.Kind.RECORD_CHANGED


def _legacy(kind: str, detail: dict[str, Any], purpose: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind, subject_type="referrals.referral", subject_id="1", purpose=purpose, detail=detail
    )


def test_legacy_referral_rows_are_named_by_what_their_detail_says_happened(home_area: Area) -> None:
    rows = {
        "referrals.received": _legacy(CREATED, {"reference": "R1"}),
        "referrals.accepted": _legacy(CHANGED, {"status": "accepted"}),
        "referrals.rejected": _legacy(CHANGED, {"status": "rejected"}),
        "referrals.transferred": _legacy(CHANGED, {"transferred_to": "elsewhere", "consent_overridden": True}, "Risk"),
        "referrals.consent_recorded": _legacy(CHANGED, {"event": "consent_recorded"}),
        "referrals.consent_overridden": _legacy(CHANGED, {"event": "consent_overridden"}, purpose="At risk tonight"),
    }
    person = PersonFactory.create(area=home_area)
    entries = {
        kind: TimelineEntry.objects.create(area=home_area, person=person, occurred_at=person.created_at, kind=kind)
        for kind in ("referral_received", "referral_accepted", "possible_duplicate", "consent_overridden")
    }

    migration = importlib.import_module("carershub.referrals.migrations.0008_name_legacy_events")
    state = MigrationExecutor(connection).loader.project_state(("referrals", "0008_name_legacy_events"))
    migration.forward(state.apps, InTransactionSchemaEditor())

    assert {code: AuditEvent.objects.get(pk=row.pk).event for code, row in rows.items()} == {
        code: code for code in rows
    }
    assert {kind: TimelineEntry.objects.get(pk=entry.pk).kind for kind, entry in entries.items()} == {
        "referral_received": "referrals.received",
        "referral_accepted": "referrals.accepted",
        "possible_duplicate": "referrals.possible_duplicate",
        "consent_overridden": "referrals.consent_overridden",
    }
