"""Data migrations that name the events of rows written before each app declared its events (core.events).

An app's migration lists, for its own rows, which legacy audit rows (by kind, subject type, purpose and, where only
that tells them apart, detail) and which timeline kinds are which event. Only the audit row's new `event` column is
filled, and only where it is empty: what was recorded (kind, actor, subject, purpose, detail, time) is never
changed, so the trail keeps its evidential value. The append-only trigger is lifted for those statements and
restored in the same transaction.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core import triggers


@dataclass(frozen=True)
class LegacyAuditRows:
    """Audit rows of one kind and subject type, with this purpose (None matches any), are this event.

    Where only the row's detail tells two events apart, `detail` holds lookups on it, as Django writes them after
    `detail__`: {"status": "accepted"}, {"has_key": "merged_into"}. Rows are named in the order given, and a row
    keeps the first name it gets, so list the narrower rows first."""

    event: str
    kind: str
    subject_type: str
    purpose: str | None = None
    detail: Mapping[str, Any] | None = None


@contextmanager
def _update_trigger_lifted(schema_editor: BaseDatabaseSchemaEditor) -> Iterator[None]:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # PostgreSQL alters no table while foreign-key checks of rows written earlier in the same transaction are
        # pending (a migration's own transaction has none; a test's, or a data fix run with other writes, may).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(triggers.POSTGRESQL_DISABLE_UPDATE_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(triggers.SQLITE_DROP_UPDATE_TRIGGER)
    try:
        yield
    finally:
        if vendor == "postgresql":
            schema_editor.execute(triggers.POSTGRESQL_ENABLE_UPDATE_TRIGGER)
        elif vendor == "sqlite":
            schema_editor.execute(triggers.SQLITE_UPDATE_TRIGGER)


def name_legacy_events(
    apps: StateApps,
    schema_editor: BaseDatabaseSchemaEditor,
    *,
    audit: Sequence[LegacyAuditRows] = (),
    timeline: Mapping[str, str] | None = None,
) -> None:
    """Fill `event` on matching audit rows that have none, and rename legacy timeline kinds to event codes."""
    if audit:
        audit_event = apps.get_model("core", "AuditEvent")
        with _update_trigger_lifted(schema_editor), schema_editor.connection.cursor() as cursor:
            for rows in audit:
                if rows.detail:
                    matching = audit_event.objects.filter(
                        event="",
                        kind=rows.kind,
                        subject_type=rows.subject_type,
                        **{f"detail__{lookup}": value for lookup, value in rows.detail.items()},
                    )
                    if rows.purpose is not None:
                        matching = matching.filter(purpose=rows.purpose)
                    # The ORM finds the rows (JSON lookups differ by database); the update is plain SQL, as below,
                    # since the model refuses every update in Python as well.
                    ids = [str(pk) for pk in matching.values_list("pk", flat=True)]
                    for start in range(0, len(ids), 500):
                        chunk = ids[start : start + 500]
                        cursor.execute(
                            f"UPDATE core_auditevent SET event = %s WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608 (placeholders only)
                            [rows.event, *chunk],
                        )
                    continue
                sql = "UPDATE core_auditevent SET event = %s WHERE event = '' AND kind = %s AND subject_type = %s"
                params = [rows.event, rows.kind, rows.subject_type]
                if rows.purpose is not None:
                    sql += " AND purpose = %s"
                    params.append(rows.purpose)
                cursor.execute(sql, params)
    if timeline:
        entry = apps.get_model("people", "TimelineEntry")
        for legacy, code in timeline.items():
            entry.objects.filter(kind=legacy).update(kind=code)


def noop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Reversing leaves the names in place: they are true of the rows whatever the schema."""
