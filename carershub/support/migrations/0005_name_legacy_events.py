"""Name the events of the rows this app wrote before it declared its events (core.events), so the returns count
them too. The app kept its own name for each event in `detail["event"]`; that, and all else recorded, stays."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

AUDIT = [
    LegacyAuditRows("support.contact_logged", "record_created", "people.person", detail={"event": "contact_logged"}),
    LegacyAuditRows("support.contacts_viewed", "record_viewed", "people.person", detail={"event": "contacts_viewed"}),
    LegacyAuditRows("support.follow_up_done", "record_changed", "people.person", detail={"event": "follow_up_done"}),
    LegacyAuditRows("support.follow_ups_viewed", "record_viewed", "", detail={"event": "follow_ups_viewed"}),
    LegacyAuditRows("support.series_started", "record_created", "people.person", detail={"event": "series_started"}),
    LegacyAuditRows("support.series_ended", "record_changed", "people.person", detail={"event": "series_ended"}),
    LegacyAuditRows("support.series_viewed", "record_viewed", "people.person", detail={"event": "series_viewed"}),
    LegacyAuditRows(
        "support.group_created", "record_created", "support.supportgroup", detail={"event": "group_created"}
    ),
    LegacyAuditRows(
        "support.sessions_scheduled", "record_created", "support.supportgroup", detail={"event": "sessions_scheduled"}
    ),
    LegacyAuditRows("support.session_booked", "record_created", "people.person", detail={"event": "session_booked"}),
    LegacyAuditRows(
        "support.booking_cancelled", "record_changed", "people.person", detail={"event": "booking_cancelled"}
    ),
    LegacyAuditRows(
        "support.booking_promoted", "record_changed", "people.person", detail={"event": "booking_promoted"}
    ),
    LegacyAuditRows(
        "support.session_cancelled", "record_changed", "support.groupsession", detail={"event": "session_cancelled"}
    ),
    LegacyAuditRows(
        "support.register_viewed", "record_viewed", "support.groupsession", detail={"event": "register_viewed"}
    ),
    LegacyAuditRows(
        "support.register_taken", "record_changed", "support.groupsession", detail={"event": "register_taken"}
    ),
    LegacyAuditRows(
        "support.course_created", "record_created", "support.trainingcourse", detail={"event": "course_created"}
    ),
    LegacyAuditRows(
        "support.training_session_added",
        "record_created",
        "support.trainingsession",
        detail={"event": "training_session_added"},
    ),
    LegacyAuditRows(
        "support.training_attended", "record_created", "people.person", detail={"event": "training_attended"}
    ),
    LegacyAuditRows(
        "support.training_attended", "record_created", "support.trainingsession", detail={"event": "training_attended"}
    ),
    LegacyAuditRows(
        "support.training_feedback_given",
        "record_created",
        "support.trainingsession",
        detail={"event": "training_feedback_given"},
    ),
    LegacyAuditRows(
        "support.feedback_requested", "record_created", "people.person", detail={"event": "feedback_requested"}
    ),
    LegacyAuditRows(
        "support.feedback_given", "record_created", "support.feedbackresponse", detail={"event": "feedback_given"}
    ),
    LegacyAuditRows(
        "support.you_said_we_did", "record_created", "support.yousaidwedid", detail={"event": "you_said_we_did"}
    ),
    LegacyAuditRows(
        "support.co_production_meeting",
        "record_created",
        "support.coproductionmeeting",
        detail={"event": "co_production_meeting"},
    ),
    LegacyAuditRows(
        "support.training_viewed", "record_viewed", "support.trainingsession", detail={"event": "training_viewed"}
    ),
    LegacyAuditRows("support.booking_viewed", "record_viewed", "people.person", detail={"event": "booking_viewed"}),
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("support", "0004_carer_voice"),
    ]

    operations = [migrations.RunPython(forward, noop)]
