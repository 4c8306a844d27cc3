"""The audit log records who did or saw what, and nothing can change or remove an entry."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent, AuditLogIsAppendOnly
from carershub.organisations.models import Area, Organisation


@pytest.fixture
def event(practitioner: User, carers_centre: Organisation, home_area: Area) -> AuditEvent:
    return record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=practitioner,
        subject=carers_centre,
        area=home_area,
        purpose="checking the staff list",
        detail={"section": "staff"},
    )


def test_record_event_names_actor_organisation_area_and_subject(
    event: AuditEvent, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == practitioner
    assert stored.organisation == carers_centre  # taken from the actor when not named
    assert stored.area == home_area
    assert (stored.subject_type, stored.subject_id) == ("organisations.organisation", str(carers_centre.pk))
    assert stored.purpose == "checking the staff list"
    assert stored.detail == {"section": "staff"}


def test_saving_a_changed_audit_event_is_refused(event: AuditEvent) -> None:
    event.purpose = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "checking the staff list"


def test_deleting_an_audit_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_and_delete_through_the_queryset_are_refused(event: AuditEvent) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "checking the staff list"


def test_the_database_itself_refuses_an_sql_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET purpose = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "checking the staff list"


def test_the_database_itself_refuses_an_sql_delete(event: AuditEvent) -> None:
    """PostgreSQL by its row trigger (migration 0002), SQLite by core.triggers."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# Each engine's way of writing over a row in one INSERT: SQLite's REPLACE INTO deletes the old row first.
REWRITE_IN_ONE_INSERT = {
    "sqlite": "REPLACE INTO core_auditevent {columns} SELECT {values} FROM core_auditevent WHERE id = %s",
    "postgresql": "INSERT INTO core_auditevent {columns} SELECT {values} FROM core_auditevent WHERE id = %s "
    "ON CONFLICT (id) DO UPDATE SET purpose = EXCLUDED.purpose",
}


def test_the_database_refuses_to_rewrite_an_audit_event_by_inserting_over_it(event: AuditEvent) -> None:
    statement = REWRITE_IN_ONE_INSERT[connection.vendor].format(
        columns="(id, kind, occurred_at, subject_type, subject_id, purpose, request_id, detail)",
        values="id, kind, occurred_at, subject_type, subject_id, 'tampered', request_id, detail",
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "checking the staff list"


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_still_works_and_leaves_the_delete_refused() -> None:
    # The test runner empties the database after this test (manage.py flush): the owner's deliberate act.
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    event = record_event(AuditEvent.Kind.RECORD_VIEWED, actor=None, purpose="after the flush")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_admin_shows_the_log_but_offers_no_way_to_change_or_delete(
    event: AuditEvent, carers_centre: Organisation, sign_in: SignIn
) -> None:
    superuser = User.objects.create_superuser("root@test.example", "a-long-enough-password", full_name="Root")
    client: Client = sign_in(superuser)
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    delete_url = reverse("admin:core_auditevent_delete", args=[event.pk])

    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="purpose"' not in page.content  # shown read-only, never as an input

    assert client.post(change_url, {"purpose": "tampered"}).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).purpose == "checking the staff list"


def test_events_carry_the_request_id_sent_back_to_the_browser(
    practitioner: User, carers_centre: Organisation, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    response = client.get(reverse("organisations:detail", args=[carers_centre.slug]))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32


def test_djangos_base_manager_refuses_updates_and_deletes_too(event: AuditEvent) -> None:
    # Django's own machinery (saving, reloading, related lookups) reaches rows through the base manager.
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._base_manager.filter(pk=event.pk).update(purpose="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent._base_manager.filter(pk=event.pk).delete()
    assert AuditEvent._base_manager.get(pk=event.pk).purpose == "checking the staff list"


@transaction.atomic
def _create_account_twice(organisation: Organisation, *, created_by: User) -> None:
    """A service shaped as the house style has them: it audits, then a later step fails on a database constraint."""
    user = User.objects.create_user("twice@test.example", "a-long-enough-password", organisation=organisation)
    record_event(AuditEvent.Kind.STAFF_ACCOUNT_CREATED, actor=created_by, subject=user)
    User.objects.create_user("twice@test.example", "a-long-enough-password", organisation=organisation)


def test_a_service_that_fails_after_auditing_leaves_no_audit_event(
    administrator: User, carers_centre: Organisation
) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(IntegrityError):
        _create_account_twice(carers_centre, created_by=administrator)

    assert AuditEvent.objects.count() == events_before
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.STAFF_ACCOUNT_CREATED, actor=administrator).exists()
    assert not User.objects.filter(email="twice@test.example").exists()
