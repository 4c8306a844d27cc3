"""An organisation working with a person, for a reason (a referral received, a case open...): what lets its staff
see the person's record (people.selectors)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.events import PersonEvent
from carershub.people.models import Involvement, Person
from carershub.people.services.details import PersonDetailsInvalid


@transaction.atomic
def open_involvement(
    person: Person,
    organisation: Organisation,
    *,
    reason: str,
    at: datetime | None = None,
    opened_by: User | None = None,
) -> Involvement:
    """Start an organisation working with a person, which lets its staff see the record. An open involvement
    for the same reason is returned as it is."""
    if reason not in Involvement.Reason.values:
        raise PersonDetailsInvalid({"reason": "Select why the organisation is involved"})
    if not organisation.areas.filter(pk=person.area_id).exists():
        raise PersonDetailsInvalid({"organisation": "Select an organisation that works in the person's area"})
    # Locking the person makes two requests opening the same involvement at once produce one row.
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    existing = Involvement.objects.filter(
        person=person, organisation=organisation, reason=reason, ended_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    involvement = Involvement.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        reason=reason,
        started_at=at or timezone.now(),
        created_by=opened_by,
        updated_by=opened_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=opened_by,
        subject=involvement,
        area=person.area,
        detail={"person": person.pk, "organisation": organisation.pk, "reason": reason},
        event=PersonEvent.INVOLVEMENT_OPENED,
    )
    return involvement


@transaction.atomic
def end_involvement(
    person: Person,
    organisation: Organisation,
    *,
    reason: str,
    at: datetime | None = None,
    ended_by: User | None = None,
) -> None:
    """Stop an organisation working with a person for this reason. Its staff lose sight of the record unless it
    is involved for another reason. Ending what is not open changes nothing."""
    ended_at = at or timezone.now()
    open_involvements = Involvement.objects.select_for_update().filter(
        person=person, organisation=organisation, reason=reason, ended_at__isnull=True
    )
    for involvement in open_involvements:
        involvement.ended_at = ended_at
        involvement.updated_by = ended_by
        involvement.save(update_fields=["ended_at", "updated_by", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=ended_by,
            subject=involvement,
            area=person.area,
            detail={"fields": ["ended_at"]},
            event=PersonEvent.INVOLVEMENT_ENDED,
        )
