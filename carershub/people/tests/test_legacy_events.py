"""Audit rows and timeline entries written before PersonEvent existed are named by the data migration, each by what
its detail says happened; nothing else about a row changes."""

import importlib
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import PersonFactory

CREATED, CHANGED, VIEWED = AuditEvent.Kind.RECORD_CREATED, AuditEvent.Kind.RECORD_CHANGED, AuditEvent.Kind.RECORD_VIEWED


def _legacy(kind: str, subject_type: str, detail: dict[str, Any], purpose: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind, subject_type=subject_type, subject_id="1", purpose=purpose, detail=detail
    )


def test_legacy_people_rows_are_named_by_what_their_detail_says_happened(home_area: Area) -> None:
    rows = {
        "people.registered": _legacy(CREATED, "people.person", {}),
        "people.details_changed": _legacy(CHANGED, "people.person", {"fields": ["phone"], "before": {}, "after": {}}),
        "people.merged": _legacy(CHANGED, "people.person", {"fields": ["merged_into"], "merged_into": 2}),
        "people.unmerged": _legacy(CHANGED, "people.person", {"unmerged": 2}, purpose="Twins, not one person"),
        "people.caring_details_changed": _legacy(CHANGED, "people.caringrelationship", {"before": {}}),
        "people.caring_ended": _legacy(CHANGED, "people.caringrelationship", {"fields": ["ended_on"]}),
        "people.competence_judged": _legacy(CHANGED, "people.consent", {"competence_outcome": "competent"}),
        "people.consent_withdrawn": _legacy(CHANGED, "people.consent", {"fields": ["withdrawn_at"]}),
    }
    viewed = _legacy(VIEWED, "people.person", {}, purpose="person record")
    person = PersonFactory.create(area=home_area)
    merged = TimelineEntry.objects.create(area=home_area, person=person, occurred_at=person.created_at, kind="merged")
    note = TimelineEntry.objects.create(area=home_area, person=person, occurred_at=person.created_at, kind="note")

    migration = importlib.import_module("carershub.people.migrations.0011_name_legacy_events")
    state = MigrationExecutor(connection).loader.project_state(("people", "0011_name_legacy_events"))
    migration.forward(state.apps, InTransactionSchemaEditor())

    assert {code: AuditEvent.objects.get(pk=row.pk).event for code, row in rows.items()} == {
        code: code for code in rows
    }
    unmerged = AuditEvent.objects.get(pk=rows["people.unmerged"].pk)
    assert (unmerged.purpose, unmerged.detail) == ("Twins, not one person", {"unmerged": 2})
    assert AuditEvent.objects.get(pk=viewed.pk).event == ""
    assert TimelineEntry.objects.get(pk=merged.pk).kind == "people.merged"
    assert TimelineEntry.objects.get(pk=note.pk).kind == "note"
    # The audit log is append-only again afterwards.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET purpose = 'changed' WHERE id = %s", [viewed.pk])
