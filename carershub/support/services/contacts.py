"""Logging contacts with carers, following them up, and series of 1:1 sessions (counselling and the like)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.support.events import SupportEvent
from carershub.support.models import Contact, ContactKind, SupportSeries
from carershub.support.models.contacts import MINUTES_IN_A_DAY


class SupportInvalid(FieldErrors):
    """What was asked of everyday support breaks one of its rules ("" is about the whole form)."""


@dataclass(frozen=True)
class ContactDetails:
    """What a practitioner says about a contact. Only `contacted_on`, `kind` and `channel` are required."""

    contacted_on: date
    kind: ContactKind
    channel: str
    minutes: int | None = None
    worker: User | None = None
    note: str = ""
    follow_up_on: date | None = None
    series: SupportSeries | None = None


def _organisation_of(user: User) -> Organisation:
    if user.organisation is None:
        raise SupportInvalid({"": "Only staff of an organisation can record support"})
    return user.organisation


def check_contact(carer: Person, details: ContactDetails, *, by: User, today: date) -> None:
    """Raise SupportInvalid naming each field that breaks a rule."""
    errors: dict[str, str] = {}
    if details.contacted_on > today:
        errors["contacted_on"] = "Date of contact must be today or in the past"
    if not details.kind.is_enabled():
        errors["kind"] = "Select a kind of contact that is in use"
    if details.channel not in Contact.Channel.values:
        errors["channel"] = "Select how the contact was made"
    if details.minutes is not None and not 1 <= details.minutes <= MINUTES_IN_A_DAY:
        errors["minutes"] = f"Minutes must be between 1 and {MINUTES_IN_A_DAY}"
    if details.follow_up_on is not None and details.follow_up_on < details.contacted_on:
        errors["follow_up_on"] = "Follow-up date must be on or after the date of contact"
    if details.worker is not None and details.worker.organisation_id != by.organisation_id:
        errors["worker"] = "Select someone from your organisation"
    if details.series is not None and (details.series.carer_id != carer.pk or not details.series.is_open()):
        errors["series"] = "Select an open series of sessions with this carer"
    if errors:
        raise SupportInvalid(errors)


@transaction.atomic
def log_contact(carer: Person, *, by: User, details: ContactDetails) -> Contact:
    """Record one contact with a carer (by default as the person logging it)."""
    organisation = _organisation_of(by)
    check_contact(carer, details, by=by, today=timezone.localdate())
    contact = Contact.objects.create(
        area_id=carer.area_id,
        carer=carer,
        organisation=organisation,
        contacted_on=details.contacted_on,
        kind=details.kind,
        channel=details.channel,
        minutes=details.minutes,
        worker=details.worker or by,
        note=details.note.strip(),
        follow_up_on=details.follow_up_on,
        series=details.series,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=carer.area,
        purpose="support contact",
        event=SupportEvent.CONTACT_LOGGED,
        detail={"contact": contact.pk, "kind": details.kind.code},
    )
    return contact


@transaction.atomic
def mark_followed_up(contact: Contact, *, by: User) -> Contact:
    """Close a contact's follow-up. Doing it twice changes nothing and records nothing the second time."""
    contact = Contact.objects.select_for_update().select_related("carer", "area").get(pk=contact.pk)
    if not contact.follow_up_is_open():
        return contact
    contact.followed_up_at = timezone.now()
    contact.updated_by = by
    contact.save(update_fields=["followed_up_at", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=contact.carer,
        area=contact.area,
        purpose="support contact",
        event=SupportEvent.FOLLOW_UP_DONE,
        detail={"contact": contact.pk},
    )
    return contact


@transaction.atomic
def start_series(
    carer: Person, *, by: User, kind: ContactKind, started_on: date, planned_sessions: int | None = None
) -> SupportSeries:
    """Start a piece of work made of several sessions (six counselling sessions, say)."""
    organisation = _organisation_of(by)
    errors: dict[str, str] = {}
    if started_on > timezone.localdate():
        errors["started_on"] = "Start date must be today or in the past"
    if not kind.is_enabled():
        errors["kind"] = "Select a kind of support that is in use"
    if planned_sessions is not None and not 1 <= planned_sessions <= 100:
        errors["planned_sessions"] = "Planned sessions must be between 1 and 100"
    if errors:
        raise SupportInvalid(errors)
    series = SupportSeries.objects.create(
        area_id=carer.area_id,
        carer=carer,
        organisation=organisation,
        kind=kind,
        worker=by,
        started_on=started_on,
        planned_sessions=planned_sessions,
        created_by=by,
        updated_by=by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=carer,
        area=carer.area,
        purpose="support series",
        event=SupportEvent.SERIES_STARTED,
        detail={"series": series.pk, "kind": kind.code},
    )
    return series


@transaction.atomic
def end_series(series: SupportSeries, *, by: User, ended_on: date, ending: str) -> SupportSeries:
    """End a series of sessions with the reason (completed, the carer stopped coming...)."""
    series = SupportSeries.objects.select_for_update().select_related("carer", "area").get(pk=series.pk)
    errors: dict[str, str] = {}
    if not series.is_open():
        errors[""] = "This series has already ended"
    elif ended_on < series.started_on or ended_on > timezone.localdate():
        errors["ended_on"] = "End date must be between the start date and today"
    if not ending.strip():
        errors["ending"] = "Enter why the series ended"
    if errors:
        raise SupportInvalid(errors)
    series.ended_on = ended_on
    series.ending = ending.strip()
    series.updated_by = by
    series.save(update_fields=["ended_on", "ending", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=series.carer,
        area=series.area,
        purpose="support series",
        event=SupportEvent.SERIES_ENDED,
        detail={"series": series.pk},
    )
    return series
