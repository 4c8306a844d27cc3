"""One call records an event: the audit row names it, and a person's timeline gets its line in the same
transaction. Rows written before the vocabulary get their event named without changing what was recorded."""

import pytest
from django.apps import apps as django_apps
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.audit import record_event
from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events
from carershub.core.events import EventChoices, OnTimeline, event_label, register_events
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area, Organisation
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import PersonFactory


class ExampleEvent(EventChoices):
    NOTE_ADDED = "example.note_added", "Note added"


register_events(ExampleEvent)


def test_an_event_on_a_timeline_writes_the_audit_row_and_the_line_together(practitioner: User, home_area: Area) -> None:
    carer = PersonFactory.create(area=home_area)
    audit = record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=practitioner,
        subject=carer,
        area=home_area,
        event=ExampleEvent.NOTE_ADDED,
        timeline=OnTimeline(carer, "A note was added", link="/people/1/"),
    )
    assert AuditEvent.objects.get(pk=audit.pk).event == "example.note_added"
    line = TimelineEntry.objects.get(person=carer)
    assert (line.kind, line.summary, line.link) == ("example.note_added", "A note was added", "/people/1/")
    assert line.organisation == practitioner.organisation
    assert event_label(line.kind) == "Note added"


def test_a_failed_change_leaves_neither_the_audit_row_nor_the_timeline_line(
    practitioner: User, home_area: Area
) -> None:
    carer = PersonFactory.create(area=home_area)

    def change_that_fails() -> None:
        with transaction.atomic():
            record_event(
                AuditEvent.Kind.RECORD_CHANGED,
                actor=practitioner,
                subject=carer,
                event=ExampleEvent.NOTE_ADDED,
                timeline=OnTimeline(carer, "A note was added"),
            )
            raise RuntimeError("the change itself failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not AuditEvent.objects.filter(event="example.note_added").exists()
    assert not TimelineEntry.objects.filter(person=carer).exists()


def test_a_timeline_line_without_its_event_is_refused(practitioner: User, home_area: Area) -> None:
    carer = PersonFactory.create(area=home_area)
    with pytest.raises(ValueError, match="needs the event"):
        record_event(AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, timeline=OnTimeline(carer, "x"))
    assert not TimelineEntry.objects.exists()


def test_two_apps_cannot_declare_the_same_event_code() -> None:
    class Clash(EventChoices):
        NOTE_ADDED = "example.note_added", "Another note"

    with pytest.raises(ValueError, match="declared by both"):
        register_events(Clash)


def test_an_event_code_must_name_its_app() -> None:
    class Unnamed(EventChoices):
        THING = "thing", "Thing"

    with pytest.raises(ValueError, match=r"<app>\.<event>"):
        register_events(Unnamed)


def test_naming_legacy_events_fills_only_the_empty_event_and_keeps_the_log_append_only(
    practitioner: User, home_area: Area
) -> None:
    carer = PersonFactory.create(area=home_area)
    legacy = record_event(AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=carer, purpose="old words")
    other = record_event(AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=carer, purpose="other words")
    named = record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=practitioner,
        subject=carer,
        purpose="old words",
        event=ExampleEvent.NOTE_ADDED,
    )
    TimelineEntry.objects.create(area=home_area, person=carer, occurred_at=legacy.occurred_at, kind="note", summary="s")

    with transaction.atomic():
        name_legacy_events(
            django_apps,  # type: ignore[arg-type]
            InTransactionSchemaEditor(),  # type: ignore[arg-type]
            audit=[
                LegacyAuditRows("example.legacy_note", AuditEvent.Kind.RECORD_CHANGED, "people.person", "old words")
            ],
            timeline={"note": "example.note_added"},
        )

    assert AuditEvent.objects.get(pk=legacy.pk).event == "example.legacy_note"
    assert AuditEvent.objects.get(pk=legacy.pk).purpose == "old words"  # what was recorded is kept
    assert AuditEvent.objects.get(pk=other.pk).event == ""
    assert AuditEvent.objects.get(pk=named.pk).event == "example.note_added"  # already named: left alone
    assert TimelineEntry.objects.get(person=carer).kind == "example.note_added"
    # The append-only trigger is back.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET purpose = 'rewritten' WHERE id = %s", [legacy.pk])


def test_legacy_rows_are_told_apart_by_the_name_an_app_kept_in_their_detail(
    practitioner: User, home_area: Area
) -> None:
    carer = PersonFactory.create(area=home_area)
    booked = record_event(
        AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=carer, purpose="same", detail={"event": "booked"}
    )
    cancelled = record_event(
        AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=carer, purpose="same", detail={"event": "cancelled"}
    )

    with transaction.atomic():
        name_legacy_events(
            django_apps,  # type: ignore[arg-type]
            InTransactionSchemaEditor(),  # type: ignore[arg-type]
            audit=[
                LegacyAuditRows(
                    "example.booked", AuditEvent.Kind.RECORD_CHANGED, "people.person", detail={"event": "booked"}
                )
            ],
        )

    assert AuditEvent.objects.get(pk=booked.pk).event == "example.booked"
    assert AuditEvent.objects.get(pk=booked.pk).detail == {"event": "booked"}  # what was recorded is kept
    assert AuditEvent.objects.get(pk=cancelled.pk).event == ""


def test_one_event_can_put_a_line_on_each_persons_timeline_and_name_whose_work_it_was(
    practitioner: User, home_area: Area, young_carers_service: Organisation
) -> None:
    carer = PersonFactory.create(area=home_area)
    cared_for = PersonFactory.create(area=home_area)

    audit = record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=practitioner,
        subject=carer,
        event=ExampleEvent.NOTE_ADDED,
        timeline=(
            OnTimeline(carer, "Caring for someone"),
            OnTimeline(cared_for, "Cared for by someone", organisation=young_carers_service),
        ),
    )

    assert AuditEvent.objects.filter(event="example.note_added").count() == 1
    assert audit.organisation == practitioner.organisation
    lines = {line.person_id: (line.summary, line.organisation) for line in TimelineEntry.objects.all()}
    assert lines == {
        carer.pk: ("Caring for someone", practitioner.organisation),
        cared_for.pk: ("Cared for by someone", young_carers_service),
    }


def test_the_admins_audit_list_shows_what_happened_in_words_and_filters_by_event(
    practitioner: User, home_area: Area, sign_in: SignIn
) -> None:
    record_event(
        AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=practitioner, event=ExampleEvent.NOTE_ADDED
    )
    record_event(AuditEvent.Kind.RECORD_VIEWED, actor=practitioner, subject=practitioner, purpose="checking")
    superuser = User.objects.create_superuser("root@test.example", "a-long-enough-password", full_name="Root")
    client = sign_in(superuser)

    page = client.get(reverse("admin:core_auditevent_changelist")).content.decode()
    filtered = client.get(reverse("admin:core_auditevent_changelist"), {"event": "example.note_added"})

    assert "Note added" in page
    assert [event.event for event in filtered.context["cl"].result_list] == ["example.note_added"]
