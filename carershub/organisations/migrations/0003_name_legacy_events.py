"""Name the events of API key audit rows written before OrganisationEvent existed."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(
        apps,
        schema_editor,
        audit=[
            LegacyAuditRows("organisations.api_key_created", "api_key_created", "organisations.apikey"),
            LegacyAuditRows("organisations.api_key_revoked", "api_key_revoked", "organisations.apikey"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("organisations", "0002_apikey_scope"),
    ]

    operations = [migrations.RunPython(forward, noop)]
