"""Name the events of audit rows and timeline entries written before the app declared its events (events.py).

Only what can be told apart by kind, subject and purpose is named; the codes are written out here as they were on
the day (a migration does not follow later changes to events.py). Rows whose purpose is a responder's own reason
(changes to an activation, calls recorded, closing, messages sent again, views of the responder's screen) cannot be
told from other apps' rows of the same kind, and keep no event. Rows written under one purpose for several changes
get the event that is true of them all: "contingency planning" changes are `plan_changed`, the review job's rows
`plan_review_due`, and plans opened by the emergency line (a responder's activation, a second responder joining it,
a call-centre system reading it through the API) `plan_opened`.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

PERSON = "people.person"
PLANNING = "contingency planning"

AUDIT = [
    LegacyAuditRows("emergency_response.plan_started", "record_created", PERSON, PLANNING),
    LegacyAuditRows("emergency_response.plan_changed", "record_changed", PERSON, PLANNING),
    LegacyAuditRows("emergency_response.plan_viewed", "record_viewed", PERSON, PLANNING),
    LegacyAuditRows("emergency_response.plans_listed", "record_viewed", "", "contingency plans list"),
    LegacyAuditRows("emergency_response.plan_printed", "exported", PERSON, "printed for the carer"),
    LegacyAuditRows("emergency_response.plan_pdf_given", "exported", PERSON, "plan PDF for the carer"),
    LegacyAuditRows("emergency_response.card_printed", "exported", PERSON, "emergency card printed"),
    LegacyAuditRows("emergency_response.card_looked_up", "emergency_card_lookup", PERSON),
    LegacyAuditRows("emergency_response.card_looked_up", "emergency_card_lookup", ""),
    LegacyAuditRows("emergency_response.lookups_paused", "emergency_lookups_flagged", ""),
    LegacyAuditRows(
        "emergency_response.lookup_pause_lifted",
        "record_changed",
        "accounts.user",
        "emergency card lookup pause lifted",
    ),
    LegacyAuditRows(
        "emergency_response.lookup_pause_lifted",
        "record_changed",
        "organisations.apikey",
        "emergency card lookup pause lifted",
    ),
    LegacyAuditRows("emergency_response.plan_review_due", "record_changed", PERSON, "contingency plan review reminder"),
    LegacyAuditRows("emergency_response.plan_opened", "emergency_plan_opened", PERSON),
    LegacyAuditRows("emergency_response.line_configured", "record_changed", "emergency_response.emergencyline"),
]
TIMELINE = {
    "contingency_plan_started": "emergency_response.plan_started",
    "contingency_plan_confirmed": "emergency_response.plan_agreed",
    "contingency_plan_withdrawn": "emergency_response.plan_withdrawn",
    "emergency_plan_activated": "emergency_response.activation_opened",
    "emergency_plan_activation_closed": "emergency_response.activation_closed",
}


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT, timeline=TIMELINE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("emergency_response", "0003_notification_next_attempt_at"),
    ]

    operations = [migrations.RunPython(forward, noop)]
