"""Allocating a carer's case to a worker: one service, audited in the same transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.caseloads.events import Event
from carershub.caseloads.models import Allocation
from carershub.caseloads.selectors import CASEWORK_ROLES
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.selectors import people_visible_to
from carershub.people.services.timeline import add_timeline_entry


class AllocationInvalid(Exception):
    """The case cannot be allocated as asked. `errors` maps a field to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class CaseAllocated:
    allocation: Allocation
    previous_worker: User | None


@transaction.atomic
def allocate_case(person: Person, *, to: User, by: User) -> CaseAllocated:
    """Allocate (or reallocate) a carer's case in the manager's organisation to one of its practitioners or
    managers. Only a manager allocates, and only a carer the organisation works with."""
    if not by.has_role(Role.MANAGER) or by.organisation_id is None:
        raise AllocationInvalid({"worker": "Only a manager can allocate a case"})
    if not people_visible_to(by).filter(pk=person.pk).exists():
        raise AllocationInvalid({"worker": "Your organisation is not working with this carer"})
    if to.organisation_id != by.organisation_id or not to.is_active or not to.roles & CASEWORK_ROLES:
        raise AllocationInvalid({"worker": "Select a practitioner or manager in your organisation"})
    Person.objects.select_for_update().only("pk").get(pk=person.pk)  # one allocation at a time per carer
    now = timezone.now()
    current = (
        Allocation.objects.select_for_update()
        .select_related("worker")
        .filter(person=person, organisation_id=by.organisation_id, ended_at__isnull=True)
        .first()
    )
    if current is not None and current.worker_id == to.pk:
        return CaseAllocated(current, previous_worker=current.worker)
    if current is not None:
        current.ended_at = now
        current.updated_by = by
        current.save(update_fields=["ended_at", "updated_by", "updated_at"])
    allocation = Allocation.objects.create(
        area=person.area,
        person=person,
        organisation_id=by.organisation_id,
        worker=to,
        allocated_at=now,
        allocated_by=by,
        created_by=by,
        updated_by=by,
    )
    event = Event.REALLOCATED if current is not None else Event.ALLOCATED
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=person,
        area=person.area,
        purpose="allocation",
        detail={"event": event, "worker": to.pk, "previous_worker": current.worker_id if current else None},
    )
    add_timeline_entry(
        person,
        kind=event,
        summary=f"Allocated to {to.full_name}" + (f" (was {current.worker.full_name})" if current else ""),
        actor=by,
        organisation=by.organisation,
        at=now,
    )
    return CaseAllocated(allocation, previous_worker=current.worker if current else None)
