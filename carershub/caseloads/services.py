"""A carer's case in an organisation: allocating it to a worker, closing it with a reason, a manager reopening it,
and the tasks its worker (or, with nobody allocated, its team) has to do. One service per change, each audited (and
put on the carer's timeline) in the same transaction."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.caseloads.events import CaseloadEvent
from carershub.caseloads.models import Allocation, CaseClosure, CaseClosureReason, Task
from carershub.caseloads.selectors import CASEWORK_ROLES, current_workers, follow_up_organisations, open_case
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation
from carershub.people.models import Involvement, Person
from carershub.people.selectors import people_visible_to
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.involvement import end_involvement, open_involvement

NOTE_LENGTH = 500
# A follow-up the emergency line offered is kept within a week: the carer was promised it at a crisis.
FOLLOW_UP_DUE_AFTER: Final = timedelta(days=7)
# What the carer's worker has to do for each follow-up the emergency line can offer when it closes an activation.
TASKS_FOR_FOLLOW_UP: Final[dict[str, tuple[Task.Kind, ...]]] = {
    Activation.FollowUp.NONE: (),
    Activation.FollowUp.CARERS_ASSESSMENT: (Task.Kind.OFFER_CARERS_ASSESSMENT,),
    Activation.FollowUp.PLAN_REVIEW: (Task.Kind.REVIEW_PLANS,),
    Activation.FollowUp.BOTH: (Task.Kind.OFFER_CARERS_ASSESSMENT, Task.Kind.REVIEW_PLANS),
}


class AllocationInvalid(FieldErrors):
    """The case cannot be allocated, closed or reopened as asked."""


class TaskInvalid(FieldErrors):
    """The task cannot be marked done as asked."""


@dataclass(frozen=True)
class CaseAllocated:
    allocation: Allocation
    previous_worker: User | None
    # The carer's open tasks in the organisation that moved to the worker now allocated.
    tasks_moved: int = 0


@dataclass(frozen=True)
class TaskDone:
    task: Task
    # Done after its due date (the team view's "overdue" list no longer shows it either way).
    was_overdue: bool


@dataclass(frozen=True)
class CaseClosed:
    closure: CaseClosure
    # A council keeps its statutory duty to every carer in its area, and another open involvement (a new referral)
    # keeps a provider's sight of the record: then the closer is taken back to the record, otherwise away from it.
    record_still_visible: bool


@dataclass(frozen=True)
class CaseReopened:
    closure: CaseClosure
    involvement: Involvement


def _lock_person(person: Person) -> None:
    Person.objects.select_for_update().only("pk").get(pk=person.pk)  # one change to a carer's case at a time


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
    _lock_person(person)
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
    # The carer's open tasks are the carer's worker's: the team's (nobody's) and the previous worker's move over.
    tasks_moved = (
        Task.objects.filter(person=person, organisation_id=by.organisation_id, done_at__isnull=True)
        .exclude(worker=to)
        .update(worker=to, updated_by=by, updated_at=now)
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=person,
        area=person.area,
        detail={"worker": to.pk, "previous_worker": current.worker_id if current else None, "tasks_moved": tasks_moved},
        event=CaseloadEvent.REALLOCATED if current is not None else CaseloadEvent.ALLOCATED,
        timeline=OnTimeline(
            person,
            f"Allocated to {to.full_name}" + (f" (was {current.worker.full_name})" if current else ""),
            at=now,
        ),
    )
    return CaseAllocated(allocation, previous_worker=current.worker if current else None, tasks_moved=tasks_moved)


def may_close_case(user: User, allocation: Allocation | None) -> bool:
    """A manager closes any of the organisation's cases; a practitioner closes the cases allocated to them."""
    if user.has_role(Role.MANAGER):
        return True
    return user.has_role(Role.PRACTITIONER) and allocation is not None and allocation.worker_id == user.pk


@transaction.atomic
def close_case(person: Person, *, reason: str, note: str = "", by: User) -> CaseClosed:
    """Close the organisation's case with the carer: its open-case involvement and any allocation end, and its staff
    keep sight of the record only if the involvement rules still give it (people.selectors.people_visible_to)."""
    organisation = by.organisation
    if organisation is None or not by.roles & CASEWORK_ROLES:
        raise AllocationInvalid({"reason": "Only a practitioner or manager can close a case"})
    if not people_visible_to(by).filter(pk=person.pk).exists():
        raise AllocationInvalid({"reason": "Your organisation is not working with this carer"})
    entry = CaseClosureReason.objects.filter(code=reason).first()
    if entry is None or not entry.is_enabled():  # a reason the council has switched off is not offered
        raise AllocationInvalid({"reason": "Select why the case is being closed"})
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise AllocationInvalid({"note": f"Note must be {NOTE_LENGTH} characters or fewer"})
    _lock_person(person)
    involvement = open_case(person, organisation.pk)
    if involvement is None:
        raise AllocationInvalid({"reason": "Your organisation has no open case with this carer"})
    allocation = (
        Allocation.objects.select_for_update()
        .filter(person=person, organisation=organisation, ended_at__isnull=True)
        .first()
    )
    if not may_close_case(by, allocation):
        raise AllocationInvalid({"reason": "Only a manager or the allocated worker can close this case"})
    now = timezone.now()
    if allocation is not None:
        allocation.ended_at = now
        allocation.updated_by = by
        allocation.save(update_fields=["ended_at", "updated_by", "updated_at"])
    end_involvement(person, organisation, reason=Involvement.Reason.CASE_OPEN, at=now, ended_by=by)
    closure = CaseClosure.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        involvement=involvement,
        reason=entry,
        note=note,
        closed_at=now,
        closed_by=by,
        created_by=by,
        updated_by=by,
    )
    label = entry.name
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=closure,
        area=person.area,
        detail={"person": person.pk, "reason": reason, "involvement": involvement.pk},
        event=CaseloadEvent.CASE_CLOSED,
        timeline=OnTimeline(person, f"Case closed by {organisation.name}: {label}", at=now),
    )
    return CaseClosed(closure, record_still_visible=people_visible_to(by).filter(pk=person.pk).exists())


@transaction.atomic
def reopen_case(closure: CaseClosure, *, by: User) -> CaseReopened:
    """A manager of the organisation that closed the case opens it again: a new open-case involvement (so its staff
    see the record again), unallocated until a manager allocates it."""
    if not by.has_role(Role.MANAGER) or by.organisation_id != closure.organisation_id:
        raise AllocationInvalid({"closure": "Only a manager of the organisation that closed the case can reopen it"})
    person = closure.person
    if not people_visible_to(by).filter(pk=person.pk).exists():
        # Visibility ended with the work: the case can be reopened only once the organisation sees the carer again.
        raise AllocationInvalid({"closure": "Your organisation is not working with this carer"})
    _lock_person(person)
    closure = CaseClosure.objects.select_for_update().select_related("organisation").get(pk=closure.pk)
    if closure.reopened_at is not None:
        raise AllocationInvalid({"closure": "This case has already been reopened"})
    if person.merged_into_id is not None:
        raise AllocationInvalid({"closure": "This record was merged into another: reopen the case from that record"})
    organisation = closure.organisation
    if open_case(person, organisation.pk) is not None:
        raise AllocationInvalid({"closure": "Your organisation already has a case open with this carer"})
    now = timezone.now()
    try:
        involvement = open_involvement(person, organisation, reason=Involvement.Reason.CASE_OPEN, at=now, opened_by=by)
    except PersonDetailsInvalid as invalid:
        raise AllocationInvalid({"closure": next(iter(invalid.errors.values()))}) from invalid
    closure.reopened_at = now
    closure.reopened_by = by
    closure.updated_by = by
    closure.save(update_fields=["reopened_at", "reopened_by", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=closure,
        area=person.area,
        detail={"person": person.pk, "involvement": involvement.pk},
        event=CaseloadEvent.CASE_REOPENED,
        timeline=OnTimeline(person, f"Case reopened by {organisation.name}", at=now),
    )
    return CaseReopened(closure, involvement)


def follow_up_due_on(activation: Activation) -> date:
    """A week from the day the emergency line closed the activation (today, when it has just closed it)."""
    closed_on = timezone.localdate(activation.closed_at) if activation.closed_at else timezone.localdate()
    return closed_on + FOLLOW_UP_DUE_AFTER


def follow_up_text(kind: Task.Kind, activation: Activation) -> str:
    situation = (
        f"The emergency line offered this when it closed the emergency response for "
        f"{activation.plan.cared_for.full_name} ({activation.get_outcome_display()})."
    )
    if kind == Task.Kind.OFFER_CARERS_ASSESSMENT:
        return f"{situation} Contact the carer to arrange their carer's assessment."
    return f"{situation} Review the carer's support plan and contingency plan with them: what worked, what must change."


@transaction.atomic
def create_follow_up_tasks(activation: Activation, *, by: User) -> list[Task]:
    """Give the carer's worker the task of keeping each follow-up the emergency line offered on closing the activation
    (Care Act 2014 s.10: a carer who appears to need support is offered an assessment; the plan that was just used is
    reviewed). One task per organisation with a case open with the carer, or, with none, for the organisation whose
    practitioner made the plan; for the worker allocated the case there, or the organisation's team if nobody is."""
    kinds = TASKS_FOR_FOLLOW_UP.get(activation.follow_up, ())
    plan = activation.plan
    organisations = follow_up_organisations(plan) if kinds else []
    if not organisations:
        return []
    person = plan.carer
    workers = current_workers(person, [organisation.pk for organisation in organisations])
    due_on = follow_up_due_on(activation)
    tasks = []
    for organisation in organisations:
        worker = workers.get(organisation.pk)
        for kind in kinds:
            task = Task.objects.create(
                area=activation.area,
                person=person,
                organisation=organisation,
                worker=worker,
                kind=kind,
                text=follow_up_text(kind, activation),
                due_on=due_on,
                activation=activation,
                created_by=by,
                updated_by=by,
            )
            record_event(
                AuditEvent.Kind.RECORD_CREATED,
                actor=by,
                subject=task,
                area=task.area,
                detail={
                    "person": person.pk,
                    "kind": kind.value,
                    "organisation": organisation.pk,
                    "worker": worker.pk if worker else None,
                    "activation": activation.pk,
                },
                event=CaseloadEvent.TASK_CREATED,
                timeline=OnTimeline(
                    person,
                    f"Task for {worker.full_name if worker else organisation.name}: {kind.label}, due "
                    f"{_day(due_on)} (offered by the emergency line)",
                    link=task.source_url(),
                    organisation=organisation,
                ),
            )
            tasks.append(task)
    return tasks


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def may_complete_task(user: User, task: Task) -> bool:
    """A task is done by the worker it is for; the team's (nobody's) by a manager of the organisation."""
    if user.organisation_id != task.organisation_id or not user.roles & CASEWORK_ROLES:
        return False
    if task.worker_id is None:
        return user.has_role(Role.MANAGER)
    return task.worker_id == user.pk


@transaction.atomic
def complete_task(task: Task, *, by: User, note: str = "") -> TaskDone:
    """Mark the task done, with an optional short note of what was done."""
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise TaskInvalid({"note": f"Note must be {NOTE_LENGTH} characters or fewer"})
    task = Task.objects.select_for_update(of=("self",)).select_related("person", "activation").get(pk=task.pk)
    if not may_complete_task(by, task) or not people_visible_to(by).filter(pk=task.person_id).exists():
        raise TaskInvalid({"task": "Only the worker the task is for, or a manager for the team's, can mark it done"})
    if task.is_done():
        raise TaskInvalid({"task": "This task is already done"})
    now = timezone.now()
    today = timezone.localdate()
    was_overdue = task.is_overdue(today)
    task.done_at = now
    task.done_by = by
    task.done_note = note
    task.updated_by = by
    task.save(update_fields=["done_at", "done_by", "done_note", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=task,
        area=task.area,
        detail={"person": task.person_id, "kind": task.kind, "was_overdue": was_overdue, "with_note": bool(note)},
        event=CaseloadEvent.TASK_DONE,
        timeline=OnTimeline(task.person, f"Task done by {by.full_name}: {task.get_kind_display()}", at=now),
    )
    return TaskDone(task, was_overdue=was_overdue)
