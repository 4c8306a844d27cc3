"""Groups, sessions, bookings and registers: the rules a facilitator relies on."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import born_years_ago
from carershub.support.events import SupportEvent
from carershub.support.models import Attendance, Booking, GroupKind, GroupSession, SupportGroup
from carershub.support.rules.bookings import Place
from carershub.support.services.contacts import SupportInvalid
from carershub.support.services.groups import (
    GroupDetails,
    StaleRegister,
    book_session,
    cancel_booking,
    cancel_session,
    create_group,
    take_register,
)
from carershub.support.tests.factories import carer_of

pytestmark = pytest.mark.django_db


def _group(organisation: Organisation, by: User, *, capacity: int = 2, **changes: object) -> SupportGroup:
    tomorrow = timezone.localtime() + timedelta(days=1)
    details = {
        "name": "Carers' café",
        "kind": GroupKind.objects.get(code="carers_cafe"),
        "schedule": "FREQ=WEEKLY",
        "first_starts_at": tomorrow.replace(hour=10, minute=0, second=0, microsecond=0),
        "venue": "Library",
        "capacity": capacity,
        **changes,
    }
    return create_group(organisation, by=by, details=GroupDetails(**details))  # type: ignore[arg-type]


def _first_session(group: SupportGroup) -> GroupSession:
    return group.sessions.order_by("starts_at").first()  # type: ignore[return-value]


def test_a_weekly_group_gets_its_sessions_for_three_months_at_the_same_local_time(
    practitioner: User, carers_centre: Organisation
) -> None:
    group = _group(carers_centre, practitioner)

    sessions = list(group.sessions.all())
    assert 13 <= len(sessions) <= 14
    assert {timezone.localtime(session.starts_at).hour for session in sessions} == {10}
    assert {(s.ends_at - s.starts_at) for s in sessions} == {timedelta(minutes=120)}


def test_a_schedule_outside_the_subset_is_refused(practitioner: User, carers_centre: Organisation) -> None:
    with pytest.raises(SupportInvalid) as refused:
        _group(carers_centre, practitioner, schedule="FREQ=YEARLY")

    assert list(refused.value.errors) == ["schedule"]
    assert not SupportGroup.objects.exists()


def test_bookings_past_capacity_go_on_the_waiting_list_and_move_up_in_order(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner, capacity=2))
    carers = [carer_of(carers_centre, home_area) for _ in range(4)]

    places = [book_session(session, carer, by=practitioner).place for carer in carers]
    first_booking = Booking.objects.get(carer=carers[0])
    cancelled = cancel_booking(first_booking, by=practitioner)

    assert places == [Place.BOOKED, Place.BOOKED, Place.WAITING, Place.WAITING]
    assert [booking.carer for booking in cancelled.promoted] == [carers[2]]
    assert session.bookings.filter(status=Booking.Status.BOOKED).count() == 2
    assert Booking.objects.get(carer=carers[3]).status == Booking.Status.WAITING


def test_a_carer_cannot_be_booked_twice(practitioner: User, carers_centre: Organisation, home_area: Area) -> None:
    session = _first_session(_group(carers_centre, practitioner))
    carer = carer_of(carers_centre, home_area)
    book_session(session, carer, by=practitioner)

    with pytest.raises(SupportInvalid, match="already booked"):
        book_session(session, carer, by=practitioner)
    assert session.bookings.count() == 1


def test_an_under_sixteen_needs_a_parents_consent(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner, minimum_age=8, maximum_age=17))
    child = carer_of(carers_centre, home_area, date_of_birth=born_years_ago(12))

    with pytest.raises(SupportInvalid) as refused:
        book_session(session, child, by=practitioner)
    made = book_session(
        session,
        child,
        by=practitioner,
        parental_consent_by="Sam Brook (mother)",
        parental_consent_on=timezone.localdate(),
    )

    assert list(refused.value.errors) == ["parental_consent_by"]
    assert made.booking.parental_consent_by == "Sam Brook (mother)"


def test_a_carer_outside_the_age_range_is_refused(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner, minimum_age=8, maximum_age=17))
    adult = carer_of(carers_centre, home_area, date_of_birth=born_years_ago(40))

    with pytest.raises(SupportInvalid, match="age range"):
        book_session(session, adult, by=practitioner)


def test_cancelling_a_session_emails_those_booked_and_lists_those_to_phone(
    practitioner: User, carers_centre: Organisation, home_area: Area, django_capture_on_commit_callbacks: object
) -> None:
    session = _first_session(_group(carers_centre, practitioner, capacity=1))
    emailed = carer_of(carers_centre, home_area, email="ada@example.com")
    phoned = carer_of(carers_centre, home_area, email="")
    book_session(session, emailed, by=practitioner)
    book_session(session, phoned, by=practitioner)  # on the waiting list: told too

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        cancelled = cancel_session(session, by=practitioner, reason="Venue flooded")

    assert cancelled.emailed == 1
    assert cancelled.to_phone == (phoned,)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert "Venue flooded" in mail.outbox[0].body
    with pytest.raises(SupportInvalid, match="cannot be booked"):
        book_session(session, carer_of(carers_centre, home_area), by=practitioner)


def test_the_register_counts_named_carers_once_and_a_head_count(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner, capacity=5))
    carers = [carer_of(carers_centre, home_area) for _ in range(3)]
    for carer in carers:
        book_session(session, carer, by=practitioner)

    take_register(session, by=practitioner, attended=[carers[0].pk, carers[1].pk], head_count=4, expected_version=0)
    taken = take_register(
        session, by=practitioner, attended=[carers[1].pk, carers[2].pk], head_count=2, expected_version=1
    )

    assert set(Attendance.objects.values_list("carer_id", flat=True)) == {carers[1].pk, carers[2].pk}
    assert (taken.session.head_count, taken.session.version) == (2, 2)
    assert AuditEvent.objects.filter(event=SupportEvent.REGISTER_TAKEN).count() == 2


def test_a_stale_register_is_refused_and_changes_nothing(
    practitioner: User, manager: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner, capacity=5))
    carer = carer_of(carers_centre, home_area)
    book_session(session, carer, by=practitioner)
    take_register(session, by=manager, attended=[carer.pk], head_count=1, expected_version=0)

    with pytest.raises(StaleRegister):
        take_register(session, by=practitioner, attended=[], head_count=0, expected_version=0)

    session.refresh_from_db()
    assert (session.head_count, Attendance.objects.count()) == (1, 1)


def test_only_carers_on_the_register_can_be_ticked(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner))
    stranger = carer_of(carers_centre, home_area)

    with pytest.raises(SupportInvalid):
        take_register(session, by=practitioner, attended=[stranger.pk], head_count=0, expected_version=0)
    assert not Attendance.objects.exists()


def test_the_database_counts_a_carer_once_per_session(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    session = _first_session(_group(carers_centre, practitioner))
    carer = carer_of(carers_centre, home_area)
    Attendance.objects.create(area=home_area, session=session, carer=carer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(area=home_area, session=session, carer=carer)
