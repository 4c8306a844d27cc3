"""Name the events of audit rows and timeline entries people's services wrote before PersonEvent existed.

Which event a changed person, caring relationship or consent row records is told apart by its detail, as the
services wrote it: merges name the records merged, consent judgements their outcome, and so on.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

CREATED = "record_created"
CHANGED = "record_changed"
PERSON = "people.person"
RELATIONSHIP = "people.caringrelationship"
CONSENT = "people.consent"
INVOLVEMENT = "people.involvement"


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(
        apps,
        schema_editor,
        audit=[
            LegacyAuditRows("people.registered", CREATED, PERSON),
            # A merge writes a row on each record (the duplicate names the one it went into; the other, the duplicate).
            LegacyAuditRows("people.merged", CHANGED, PERSON, detail={"has_key": "merged_into"}),
            LegacyAuditRows("people.merged", CHANGED, PERSON, detail={"has_key": "merged"}),
            LegacyAuditRows("people.unmerged", CHANGED, PERSON, detail={"has_key": "unmerged_from"}),
            LegacyAuditRows("people.unmerged", CHANGED, PERSON, detail={"has_key": "unmerged"}),
            LegacyAuditRows("people.details_changed", CHANGED, PERSON),
            LegacyAuditRows("people.caring_started", CREATED, RELATIONSHIP),
            LegacyAuditRows("people.caring_details_changed", CHANGED, RELATIONSHIP, detail={"has_key": "before"}),
            LegacyAuditRows("people.caring_ended", CHANGED, RELATIONSHIP),
            LegacyAuditRows("people.consent_given", CREATED, CONSENT),
            LegacyAuditRows("people.competence_judged", CHANGED, CONSENT, detail={"has_key": "competence_outcome"}),
            LegacyAuditRows("people.consent_withdrawn", CHANGED, CONSENT),
            LegacyAuditRows("people.involvement_opened", CREATED, INVOLVEMENT),
            LegacyAuditRows("people.involvement_ended", CHANGED, INVOLVEMENT),
        ],
        timeline={
            "registered": "people.registered",
            "caring_started": "people.caring_started",
            "caring_ended": "people.caring_ended",
            "consent_given": "people.consent_given",
            "consent_withdrawn": "people.consent_withdrawn",
            "competence_judged": "people.competence_judged",
            "merged": "people.merged",
            "unmerged": "people.unmerged",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
    ]

    operations = [migrations.RunPython(forward, noop)]
