"""Name the events of staff account and sign-in audit rows written before AccountEvent existed."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(
        apps,
        schema_editor,
        audit=[
            LegacyAuditRows("accounts.staff_account_created", "staff_account_created", "accounts.user"),
            LegacyAuditRows("accounts.signed_in", "signed_in", ""),
            LegacyAuditRows("accounts.sign_in_failed", "sign_in_failed", ""),
            LegacyAuditRows("accounts.signed_out", "signed_out", ""),
            LegacyAuditRows("accounts.mfa_enrolled", "mfa_enrolled", ""),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("accounts", "0003_create_role_groups"),
    ]

    operations = [migrations.RunPython(forward, noop)]
