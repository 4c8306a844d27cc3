"""Name the events of audit rows and timeline entries the referral services wrote before ReferralEvent existed.

A changed referral's event is told apart by its detail, as the services wrote it: the decision's status, the
provider it was transferred to, or the event the record was opened by.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

CHANGED = "record_changed"
REFERRAL = "referrals.referral"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(
        apps,
        schema_editor,
        audit=[
            LegacyAuditRows("referrals.received", "record_created", REFERRAL),
            LegacyAuditRows("referrals.accepted", CHANGED, REFERRAL, detail={"status": "accepted"}),
            LegacyAuditRows("referrals.rejected", CHANGED, REFERRAL, detail={"status": "rejected"}),
            LegacyAuditRows("referrals.transferred", CHANGED, REFERRAL, detail={"has_key": "transferred_to"}),
            LegacyAuditRows("referrals.consent_recorded", CHANGED, REFERRAL, detail={"event": "consent_recorded"}),
            LegacyAuditRows("referrals.consent_overridden", CHANGED, REFERRAL, detail={"event": "consent_overridden"}),
        ],
        timeline={
            "referral_received": "referrals.received",
            "referral_accepted": "referrals.accepted",
            "referral_rejected": "referrals.rejected",
            "referral_transferred": "referrals.transferred",
            "consent_recorded": "referrals.consent_recorded",
            "consent_overridden": "referrals.consent_overridden",
            "possible_duplicate": "referrals.possible_duplicate",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("referrals", "0007_referral_awaits_consent_to_share"),
    ]

    operations = [migrations.RunPython(forward, noop)]
