"""Name the events of the rows this app wrote before it declared its events (core.events), so the returns count
them too. The app kept its own name for each event in `detail["event"]`; that, and all else recorded, stays."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

AUDIT = [
    LegacyAuditRows(
        "grants.application_submitted",
        "record_created",
        "grants.application",
        detail={"event": "application_submitted"},
    ),
    LegacyAuditRows(
        "grants.application_viewed", "exported", "grants.application", detail={"event": "application_viewed"}
    ),
    LegacyAuditRows(
        "grants.application_viewed", "record_viewed", "grants.application", detail={"event": "application_viewed"}
    ),
    LegacyAuditRows(
        "grants.eligibility_checked", "record_changed", "grants.application", detail={"event": "eligibility_checked"}
    ),
    LegacyAuditRows(
        "grants.interest_declared", "record_created", "grants.application", detail={"event": "interest_declared"}
    ),
    LegacyAuditRows(
        "grants.application_scored", "record_changed", "grants.application", detail={"event": "application_scored"}
    ),
    LegacyAuditRows(
        "grants.application_decided", "record_changed", "grants.application", detail={"event": "application_decided"}
    ),
    LegacyAuditRows(
        "grants.payment_recorded", "record_created", "grants.application", detail={"event": "payment_recorded"}
    ),
    LegacyAuditRows(
        "grants.return_recorded", "record_created", "grants.application", detail={"event": "return_recorded"}
    ),
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("grants", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, noop)]
