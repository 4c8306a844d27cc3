"""Name the events of the rows this app wrote before it declared its events (core.events), so the returns count
them too. The app kept its own name for each event in `detail["event"]`; that, and all else recorded, stays."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

AUDIT = [
    LegacyAuditRows(
        "directory.service_created",
        "record_created",
        "directory.service",
        detail={"event": "directory_service_created"},
    ),
    LegacyAuditRows(
        "directory.change_proposed",
        "record_changed",
        "directory.service",
        detail={"event": "directory_change_proposed"},
    ),
    LegacyAuditRows(
        "directory.change_approved",
        "record_changed",
        "directory.service",
        detail={"event": "directory_change_approved"},
    ),
    LegacyAuditRows(
        "directory.change_rejected",
        "record_changed",
        "directory.service",
        detail={"event": "directory_change_rejected"},
    ),
    LegacyAuditRows(
        "directory.service_withdrawn",
        "record_changed",
        "directory.service",
        detail={"event": "directory_service_withdrawn"},
    ),
    LegacyAuditRows(
        "directory.service_assured",
        "record_changed",
        "directory.service",
        detail={"event": "directory_service_assured"},
    ),
    LegacyAuditRows(
        "directory.assurance_reminded",
        "record_changed",
        "directory.service",
        detail={"event": "directory_assurance_reminded"},
    ),
    LegacyAuditRows(
        "directory.service_imported",
        "record_changed",
        "directory.service",
        detail={"event": "directory_service_imported"},
    ),
    LegacyAuditRows(
        "directory.signposted", "record_created", "people.person", detail={"event": "directory_signposted"}
    ),
    LegacyAuditRows(
        "directory.signposting_sent", "exported", "people.person", detail={"event": "directory_signposting_sent"}
    ),
]

# The timeline kinds written before, by the same names.
TIMELINE = {
    "directory_signposted": "directory.signposted",
}


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT, timeline=TIMELINE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("directory", "0004_service_support_group"),
    ]

    operations = [migrations.RunPython(forward, noop)]
