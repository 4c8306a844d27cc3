"""Name the event of engagement audit rows written before IdentificationEvent existed."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(
        apps,
        schema_editor,
        audit=[
            LegacyAuditRows(
                "identification.engagement_recorded", "record_created", "identification.engagementactivity"
            ),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("identification", "0002_kpi_indexes"),
    ]

    operations = [migrations.RunPython(forward, noop)]
