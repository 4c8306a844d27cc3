"""Name the events of the allocations recorded before caseloads declared its events (caseloads.events).

Allocation rows were audited as record changes of the person with purpose "allocation" and `detail["event"]` saying
"allocated" or "reallocated"; their timeline lines had those kinds. Only the audit row's empty `event` column is
filled (core.event_migrations): what was recorded is not changed.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core import event_migrations
from carershub.core.event_migrations import LegacyAuditRows

LEGACY = {"allocated": "caseloads.allocated", "reallocated": "caseloads.reallocated"}
AUDIT = [
    LegacyAuditRows(code, "record_changed", "people.person", "allocation", detail={"event": legacy})
    for legacy, code in LEGACY.items()
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    event_migrations.name_legacy_events(apps, schema_editor, audit=AUDIT, timeline=LEGACY)


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0002_case_closure"),
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
    ]

    operations = [migrations.RunPython(forward, event_migrations.noop)]
