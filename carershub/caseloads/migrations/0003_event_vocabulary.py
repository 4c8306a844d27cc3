"""Name the events of the allocations recorded before caseloads declared its events (caseloads.events).

Allocation rows were audited as record changes of the person with purpose "allocation" and `detail["event"]` saying
"allocated" or "reallocated"; their timeline lines had those kinds. Only the audit row's empty `event` column is
filled (core.event_migrations): what was recorded is not changed.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core import event_migrations, triggers

LEGACY = {"allocated": "caseloads.allocated", "reallocated": "caseloads.reallocated"}
NAME_BY_DETAIL = {
    "postgresql": """
        UPDATE core_auditevent SET event = %s
        WHERE event = '' AND kind = 'record_changed' AND subject_type = 'people.person' AND purpose = 'allocation'
        AND detail->>'event' = %s""",
    "sqlite": """
        UPDATE core_auditevent SET event = %s
        WHERE event = '' AND kind = 'record_changed' AND subject_type = 'people.person' AND purpose = 'allocation'
        AND json_extract(detail, '$.event') = %s""",
}


def _name_allocation_audit_rows(schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The two events share kind, subject type and purpose, so they are told apart by the word the detail recorded,
    # which core.event_migrations.LegacyAuditRows cannot match on; the UPDATE trigger is lifted the same way.
    vendor = schema_editor.connection.vendor
    sql = NAME_BY_DETAIL.get(vendor)
    if sql is None:
        return
    lift, restore = (
        (triggers.POSTGRESQL_DISABLE_UPDATE_TRIGGER, triggers.POSTGRESQL_ENABLE_UPDATE_TRIGGER)
        if vendor == "postgresql"
        else (triggers.SQLITE_DROP_UPDATE_TRIGGER, triggers.SQLITE_UPDATE_TRIGGER)
    )
    schema_editor.execute(lift)
    try:
        with schema_editor.connection.cursor() as cursor:
            for legacy, code in LEGACY.items():
                cursor.execute(sql, [code, legacy])
    finally:
        schema_editor.execute(restore)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _name_allocation_audit_rows(schema_editor)
    event_migrations.name_legacy_events(apps, schema_editor, timeline=LEGACY)


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0002_case_closure"),
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
    ]

    operations = [migrations.RunPython(forward, event_migrations.noop)]
