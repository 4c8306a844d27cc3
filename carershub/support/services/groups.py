"""Groups and their sessions: setting a group up, making its sessions from its schedule, bookings (capacity, then a
waiting list), cancelling a session (telling those booked), and the register."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.people.rules import age_on
from carershub.support.events import SupportEvent
from carershub.support.listeners import group_set_up
from carershub.support.models import Attendance, Booking, GroupKind, GroupSession, SupportGroup
from carershub.support.rules.bookings import (
    Place,
    SessionPlaces,
    age_fits,
    needs_parental_consent,
    place_for_new_booking,
    places_to_offer,
)
from carershub.support.rules.recurrence import RecurrenceInvalid, occurrence_dates, parse_rule
from carershub.support.services.contacts import SupportInvalid

# Sessions are made this far ahead, so bookings can be taken for the next few months.
SCHEDULE_AHEAD = timedelta(days=92)


class StaleRegister(Exception):
    """Someone else saved the register since this form was opened; nothing was saved."""


@dataclass(frozen=True)
class GroupDetails:
    name: str
    kind: GroupKind
    schedule: str
    first_starts_at: datetime
    venue: str
    capacity: int
    duration_minutes: int = 120
    district: str = ""
    description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None


@dataclass(frozen=True)
class BookingMade:
    booking: Booking
    place: Place


@dataclass(frozen=True)
class BookingCancelled:
    booking: Booking
    promoted: tuple[Booking, ...]


@dataclass(frozen=True)
class SessionCancelled:
    session: GroupSession
    emailed: int
    to_phone: tuple[Person, ...]


@dataclass(frozen=True)
class RegisterTaken:
    session: GroupSession
    attended: int
    head_count: int


def _check_group(details: GroupDetails) -> None:
    errors: dict[str, str] = {}
    try:
        parse_rule(details.schedule)
    except RecurrenceInvalid as invalid:
        errors["schedule"] = str(invalid)
    if details.capacity < 1:
        errors["capacity"] = "Places must be 1 or more"
    if (
        details.minimum_age is not None
        and details.maximum_age is not None
        and details.maximum_age < details.minimum_age
    ):
        errors["maximum_age"] = "Oldest age must be the same as or more than the youngest age"
    if not 15 <= details.duration_minutes <= 12 * 60:
        errors["duration_minutes"] = "Length must be between 15 minutes and 12 hours"
    if errors:
        raise SupportInvalid(errors)


@transaction.atomic
def create_group(
    organisation: Organisation, *, by: User, details: GroupDetails, facilitators: Sequence[User] = ()
) -> SupportGroup:
    """Set up a recurring group and make its sessions for the next three months."""
    _check_group(details)
    area = organisation.areas.order_by("pk").first()
    if area is None or any(user.organisation_id != organisation.pk for user in facilitators):
        raise SupportInvalid({"facilitators": "Facilitators must work for the organisation running the group"})
    group = SupportGroup.objects.create(
        area=area,
        organisation=organisation,
        name=details.name.strip(),
        kind=details.kind,
        description=details.description.strip(),
        schedule=details.schedule.strip().removeprefix("RRULE:").upper(),
        first_starts_at=details.first_starts_at,
        duration_minutes=details.duration_minutes,
        venue=details.venue.strip(),
        district=details.district.strip(),
        minimum_age=details.minimum_age,
        maximum_age=details.maximum_age,
        capacity=details.capacity,
        created_by=by,
        updated_by=by,
    )
    group.facilitators.set(facilitators)
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=group,
        area=area,
        event=SupportEvent.GROUP_CREATED,
    )
    schedule_sessions(group, by=by, through=timezone.localdate() + SCHEDULE_AHEAD)
    group_set_up(group)  # the directory lists it (support/listeners.py)
    return group


@transaction.atomic
def schedule_sessions(group: SupportGroup, *, by: User | None, through: date) -> int:
    """Make the group's sessions from its schedule up to `through`; those already made are left as they are.
    Returns how many were made. Times are local: a 10am group stays at 10am across the clock change."""
    first = timezone.localtime(group.first_starts_at)
    dates = occurrence_dates(parse_rule(group.schedule), first.date(), through=through)
    existing = set(GroupSession.objects.filter(group=group).values_list("starts_at", flat=True))
    length = timedelta(minutes=group.duration_minutes)
    new_sessions = []
    for day in dates:
        starts_at = timezone.make_aware(datetime.combine(day, first.time().replace(tzinfo=None)))
        if starts_at not in existing:
            new_sessions.append(
                GroupSession(
                    area_id=group.area_id,
                    group=group,
                    starts_at=starts_at,
                    ends_at=starts_at + length,
                    venue=group.venue,
                    capacity=group.capacity,
                    created_by=by,
                    updated_by=by,
                )
            )
    GroupSession.objects.bulk_create(new_sessions)
    if new_sessions:
        record_event(
            AuditEvent.Kind.RECORD_CREATED,
            actor=by,
            subject=group,
            area=group.area,
            event=SupportEvent.SESSIONS_SCHEDULED,
            detail={"sessions": len(new_sessions)},
        )
    return len(new_sessions)


def _locked(session: GroupSession) -> GroupSession:
    return GroupSession.objects.select_for_update().select_related("group", "area").get(pk=session.pk)


def _booked_count(session: GroupSession) -> int:
    return session.bookings.filter(status=Booking.Status.BOOKED).count()


@transaction.atomic
def book_session(
    session: GroupSession,
    carer: Person,
    *,
    by: User,
    needs_replacement_care: bool = False,
    needs_transport: bool = False,
    parental_consent_by: str = "",
    parental_consent_on: date | None = None,
) -> BookingMade:
    """Book a carer a place, or a place on the waiting list once the session is full (never over capacity: the
    session row is locked while places are counted)."""
    session = _locked(session)
    group = session.group
    session_day = timezone.localtime(session.starts_at).date()
    age = age_on(carer.date_of_birth, session_day) if carer.date_of_birth else None
    errors: dict[str, str] = {}
    if session.is_cancelled() or session.starts_at < timezone.now():
        errors[""] = "This session cannot be booked: it is cancelled or has started"
    elif carer.area_id != session.area_id:
        errors["carer"] = "Select a carer in the group's area"
    elif session.bookings.filter(carer=carer).exclude(status=Booking.Status.CANCELLED).exists():
        errors["carer"] = f"{carer.full_name} is already booked on this session"
    elif not age_fits(age, minimum=group.minimum_age, maximum=group.maximum_age):
        errors["carer"] = f"{carer.full_name} is outside the group's age range"
    elif needs_parental_consent(age, group_maximum_age=group.maximum_age) and not (
        parental_consent_by.strip() and parental_consent_on
    ):
        errors["parental_consent_by"] = "Enter who gave a parent's consent and when: the carer is under 16"
    if errors:
        raise SupportInvalid(errors)
    place = place_for_new_booking(SessionPlaces(capacity=session.capacity, booked=_booked_count(session)))
    booking = Booking.objects.create(
        area_id=session.area_id,
        session=session,
        carer=carer,
        status=Booking.Status.BOOKED if place == Place.BOOKED else Booking.Status.WAITING,
        booked_at=timezone.now(),
        needs_replacement_care=needs_replacement_care,
        needs_transport=needs_transport,
        parental_consent_by=parental_consent_by.strip(),
        parental_consent_on=parental_consent_on,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=session.area,
        purpose="group booking",
        event=SupportEvent.SESSION_BOOKED,
        detail={"session": session.pk, "place": place.value},
    )
    return BookingMade(booking=booking, place=place)


@transaction.atomic
def cancel_booking(booking: Booking, *, by: User) -> BookingCancelled:
    """Cancel a booking; the first people on the waiting list move into any place it frees."""
    session = _locked(booking.session)
    booking = Booking.objects.select_related("carer").get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        return BookingCancelled(booking=booking, promoted=())
    booking.status = Booking.Status.CANCELLED
    booking.updated_by = by
    booking.save(update_fields=["status", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=booking.carer,
        area=session.area,
        purpose="group booking",
        event=SupportEvent.BOOKING_CANCELLED,
        detail={"session": session.pk},
    )
    waiting = list(
        session.bookings.filter(status=Booking.Status.WAITING).select_related("carer").order_by("booked_at", "pk")
    )
    offered = places_to_offer(SessionPlaces(session.capacity, _booked_count(session)), waiting=len(waiting))
    promoted = tuple(waiting[:offered])
    for moved_up in promoted:
        moved_up.status = Booking.Status.BOOKED
        moved_up.updated_by = by
        moved_up.save(update_fields=["status", "updated_by", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=by,
            subject=moved_up.carer,
            area=session.area,
            purpose="group booking",
            event=SupportEvent.BOOKING_PROMOTED,
            detail={"session": session.pk},
        )
    return BookingCancelled(booking=booking, promoted=promoted)


@transaction.atomic
def cancel_session(session: GroupSession, *, by: User, reason: str) -> SessionCancelled:
    """Cancel a session and tell everyone booked or waiting: by email where the carer has an address (sent once
    the cancellation is committed), otherwise listed for a phone call."""
    session = _locked(session)
    if session.is_cancelled():
        raise SupportInvalid({"": "This session is already cancelled"})
    if not reason.strip():
        raise SupportInvalid({"reason": "Enter why the session is cancelled"})
    session.status = GroupSession.Status.CANCELLED
    session.cancelled_reason = reason.strip()
    session.updated_by = by
    session.save(update_fields=["status", "cancelled_reason", "updated_by", "updated_at"])
    carers = [
        booking.carer for booking in session.bookings.exclude(status=Booking.Status.CANCELLED).select_related("carer")
    ]
    to_email = [carer for carer in carers if carer.email]
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=session,
        area=session.area,
        event=SupportEvent.SESSION_CANCELLED,
        detail={"told": len(carers), "emailed": len(to_email)},
    )
    when = timezone.localtime(session.starts_at)
    subject = f"{session.group.name} on {when:%-d %B} is cancelled"
    for carer in to_email:
        body = (
            f"Hello {carer.full_name},\n\n"
            f"Sorry: {session.group.name} on {when:%A %-d %B at %H:%M} at {session.venue} is cancelled "
            f"({session.cancelled_reason}).\n\nYour carers' service will be in touch about the next session."
        )
        # Each carer's own message, after the commit; a mail failure is logged and never undoes the cancellation.
        email_each_after_commit(subject, body, [carer.email], about="a session cancellation")
    return SessionCancelled(
        session=session, emailed=len(to_email), to_phone=tuple(carer for carer in carers if not carer.email)
    )


@transaction.atomic
def take_register(
    session: GroupSession,
    *,
    by: User,
    attended: Collection[int],
    head_count: int,
    expected_version: int,
) -> RegisterTaken:
    """Record who came: named carers from the session's bookings (each once) and a head count of people not on
    it. Saving again replaces the earlier register. Raises StaleRegister if someone saved it meanwhile."""
    session = _locked(session)
    if session.version != expected_version:
        raise StaleRegister
    if session.is_cancelled():
        raise SupportInvalid({"": "A cancelled session has no register"})
    if not 0 <= head_count <= 500:
        raise SupportInvalid({"head_count": "Others who came must be between 0 and 500"})
    on_register = set(session.bookings.exclude(status=Booking.Status.CANCELLED).values_list("carer_id", flat=True))
    if not set(attended) <= on_register:
        raise SupportInvalid({"attended": "Select carers from the register"})
    already = set(session.attendances.values_list("carer_id", flat=True))
    session.attendances.filter(carer_id__in=already - set(attended)).delete()
    Attendance.objects.bulk_create(
        Attendance(area_id=session.area_id, session=session, carer_id=carer_id, created_by=by, updated_by=by)
        for carer_id in sorted(set(attended) - already)
    )
    session.head_count = head_count
    session.register_taken_at = timezone.now()
    session.register_taken_by = by
    session.version = expected_version + 1
    session.updated_by = by
    session.save(
        update_fields=["head_count", "register_taken_at", "register_taken_by", "version", "updated_by", "updated_at"]
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=session,
        area=session.area,
        purpose="group register",
        event=SupportEvent.REGISTER_TAKEN,
        detail={"attended": sorted(attended), "head_count": head_count},
    )
    return RegisterTaken(session=session, attended=len(set(attended)), head_count=head_count)
