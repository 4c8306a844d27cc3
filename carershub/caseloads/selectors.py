"""Caseloads: a worker's allocated carers and what is due ("My work"), and the team's unallocated cases. Every list
composes people.selectors.whose_person_is_visible_to, so a case whose involvement ended drops out everywhere."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.selectors.timeliness import prompts_due, reviews_due, team_assessments_visible_to
from carershub.caseloads.models import Allocation, CaseClosure, Task
from carershub.emergency_response.models import ContingencyPlan
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.people.models import Involvement, Person, full_name_columns, full_name_from
from carershub.people.selectors import whose_person_is_visible_to
from carershub.referrals.models import Referral
from carershub.referrals.selectors import INBOX_SORTS, referrals_visible_to

CASEWORK_ROLES: Final = frozenset({Role.PRACTITIONER, Role.MANAGER})
# A manager may reopen a case their organisation closed within this time, while it still sees the carer's record (a
# council's statutory duty, or a new referral routed to it); a carer who comes back later is a new piece of work.
REOPEN_WITHIN: Final = timedelta(days=90)
# Each list on "My work" shows this many, with the total; the full lists are a link away.
SHOWN: Final = 20


@dataclass(frozen=True)
class DueList[RowT]:
    rows: list[RowT]
    total: int


@dataclass(frozen=True)
class Carer:
    """A carer allocated to the worker, as "My work" lists them (rows, not model instances: a caseload is hundreds)."""

    person_id: int
    full_name: str
    case_open: bool  # a case can be closed from "My work" only where one is open


@dataclass(frozen=True)
class MyWork:
    """What a worker has on: their carers and, across their organisation's lists, what is theirs to do next."""

    carers: list[Carer]
    tasks: DueList[Task]
    referrals_to_decide: DueList[Referral]
    assessments_in_progress: DueList[Assessment]
    awaiting_sign_off: DueList[Assessment]
    reviews_due: DueList[Review]
    transitions_due: DueList[TransitionPrompt]


def _due[RowT: Model](rows: QuerySet[RowT]) -> DueList[RowT]:
    """The first SHOWN rows with how many there are in all, in one query (a window count rather than a second query
    that builds and plans the same visibility filters again)."""
    shown = list(rows.annotate(due_total=Window(Count("pk")))[:SHOWN])
    return DueList(shown, getattr(shown[0], "due_total") if shown else 0)  # noqa: B009 (an annotation, not typed)


def allocations_of(worker: User) -> QuerySet[Allocation]:
    """The worker's current allocations in their organisation whose carer they may still see, by family name."""
    allocations = Allocation.objects.filter(worker=worker, organisation=worker.organisation, ended_at__isnull=True)
    return whose_person_is_visible_to(allocations, worker, person_field="person_id").order_by(
        Lower("person__family_name"), Lower("person__given_name"), "pk"
    )


def carers_of(worker: User) -> list[Carer]:
    """The worker's allocated carers (allocations_of), only the columns the list shows."""
    case_open = Involvement.objects.filter(
        person=OuterRef("person_id"),
        organisation_id=OuterRef("organisation_id"),
        reason=Involvement.Reason.CASE_OPEN,
        ended_at__isnull=True,
    )
    rows = allocations_of(worker).values_list(
        "person_id",
        *full_name_columns("person"),
        Exists(case_open),  # a case can be closed from "My work" only where one is open
    )
    # The name as Person.full_name writes it, without building a Person per row.
    return [
        Carer(person_id, full_name_from(given_name, preferred_name, family_name), case_open)
        for person_id, given_name, preferred_name, family_name, case_open in rows
    ]


def work_of(user: User, *, today: date) -> MyWork:
    """Everything on the worker's "My work" page, in a fixed number of queries whatever their caseload."""
    is_manager = user.has_role(Role.MANAGER)
    assessments = team_assessments_visible_to(user)
    awaiting_sign_off = assessments.filter(status=Assessment.Status.AWAITING_SIGN_OFF)
    # Each list reads only the columns its rows show (an assessment's answers, for one, are kilobytes of JSON), and
    # none of what the full lists add for their own columns (the inbox's names, the team list's safety alerts).
    return MyWork(
        carers=carers_of(user),
        tasks=_due(open_tasks_of(user)),
        referrals_to_decide=_due(
            referrals_visible_to(user)
            .filter(status=Referral.Status.OPEN)
            .only("reference", "urgency", "received_at")
            .order_by(*INBOX_SORTS["urgency"])
        ),
        assessments_in_progress=_due(
            _assessment_rows(assessments.filter(status=Assessment.Status.IN_PROGRESS, assessor_id=user.pk))
        ),
        awaiting_sign_off=_due(
            _assessment_rows(
                awaiting_sign_off.exclude(assessor_id=user.pk)
                if is_manager
                else awaiting_sign_off.filter(assessor_id=user.pk)
            )
        ),
        reviews_due=_due(
            reviews_due(user, today=today)
            .filter(assessment__assessor_id=user.pk)
            .select_related(None)
            .select_related("assessment__carer")
            .only("kind", "due_on", *full_name_columns("assessment__carer"))
        ),
        transitions_due=_due(
            prompts_due(user)
            .select_related(None)
            .select_related("person")
            .only("kind", "due_on", *full_name_columns("person"))
        ),
    )


def _assessment_rows(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """As the team's list orders them (team_assessments: the longest waiting first), with what a row shows."""
    return (
        assessments.select_related("carer")
        .only("reference", "kind", *full_name_columns("carer"))
        .order_by("requested_on", "pk")
    )


def current_allocation(person: Person, organisation_id: int | None) -> Allocation | None:
    """Who in the organisation has the person's case now, if anyone."""
    if organisation_id is None:
        return None
    return (
        Allocation.objects.filter(person=person, organisation_id=organisation_id, ended_at__isnull=True)
        .select_related("worker")
        .first()
    )


def unallocated_cases(user: User) -> QuerySet[Involvement]:
    """The organisation's open cases (its open-case involvements) with nobody allocated, of people the user may see,
    the longest open first, each with the person's name and postcode. Written from the organisation's open cases
    (caseloads_open_case_queue_idx walks them oldest first) so that PostgreSQL never walks every person in the area
    in name order looking for the few unallocated ones."""
    if user.organisation_id is None:
        return Involvement.objects.none()
    allocated = Allocation.objects.filter(
        person=OuterRef("person_id"), organisation_id=OuterRef("organisation_id"), ended_at__isnull=True
    )
    cases = Involvement.objects.filter(
        organisation_id=user.organisation_id, reason=Involvement.Reason.CASE_OPEN, ended_at__isnull=True
    ).exclude(Exists(allocated))
    return (
        whose_person_is_visible_to(cases, user, person_field="person_id")
        .select_related("person")
        .only(*_CASE_COLUMNS)
        .order_by("started_at", "pk")
    )


# What a row about an open case shows: the person's name (Person.full_name) and postcode.
_CASE_COLUMNS: Final = (
    "person_id",
    "started_at",
    *full_name_columns("person"),
    "person__postcode",
)


def workers_of(user: User) -> QuerySet[User]:
    """The active practitioners and managers of the user's organisation: who a case may be allocated to."""
    if user.organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            organisation_id=user.organisation_id,
            is_active=True,
            groups__name__in=[role.value for role in CASEWORK_ROLES],
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def open_case(person: Person, organisation_id: int | None) -> Involvement | None:
    """The organisation's open case with the person (its open-case involvement), if it has one."""
    if organisation_id is None:
        return None
    return Involvement.objects.filter(
        person=person,
        organisation_id=organisation_id,
        reason=Involvement.Reason.CASE_OPEN,
        ended_at__isnull=True,
    ).first()


def closed_cases(user: User) -> QuerySet[CaseClosure]:
    """The cases the manager's organisation closed recently and has not reopened, of carers whose record it still
    sees: what they may reopen, the most recently closed first. Visibility ends with the work (people.selectors), so
    a provider whose only involvement was the closed case has none of them. Nobody but a manager has the list."""
    if not user.has_role(Role.MANAGER) or user.organisation_id is None:
        return CaseClosure.objects.none()
    closures = CaseClosure.objects.filter(
        organisation_id=user.organisation_id,
        area__in=area_ids_of(user),
        reopened_at__isnull=True,
        closed_at__gte=timezone.now() - REOPEN_WITHIN,
    )
    return (
        whose_person_is_visible_to(closures, user, person_field="person_id")
        .select_related("person", "closed_by", "reason")
        .order_by("-closed_at", "-pk")
    )


def latest_closure(person: Person, organisation_id: int | None) -> CaseClosure | None:
    """The organisation's closure of its case with the person that has not been reopened, if any."""
    if organisation_id is None:
        return None
    return (
        CaseClosure.objects.filter(person=person, organisation_id=organisation_id, reopened_at__isnull=True)
        .select_related("closed_by", "reason")
        .first()
    )


def _tasks_visible_to(user: User) -> QuerySet[Task]:
    """The open tasks of the user's organisation about carers its staff may see now (a task about a carer whose case
    ended drops out with the record), with what their rows show."""
    if user.organisation_id is None or not user.roles & CASEWORK_ROLES:
        return Task.objects.none()
    tasks = Task.objects.filter(organisation_id=user.organisation_id, done_at__isnull=True)
    return whose_person_is_visible_to(tasks, user, person_field="person_id").select_related("person", "activation")


def open_tasks_of(worker: User) -> QuerySet[Task]:
    """The worker's open tasks, overdue first (the soonest due date first puts them there), then by due date."""
    return _tasks_visible_to(worker).filter(worker=worker).order_by("due_on", "pk")


def unassigned_tasks(user: User) -> QuerySet[Task]:
    """The organisation's open tasks for nobody in particular (its team), soonest due first."""
    return _tasks_visible_to(user).filter(worker__isnull=True).order_by("due_on", "pk")


def overdue_tasks(user: User, *, today: date) -> QuerySet[Task]:
    """The organisation's open tasks past their due date, whoever they are for, the longest overdue first."""
    return _tasks_visible_to(user).filter(due_on__lt=today).select_related("worker").order_by("due_on", "pk")


def get_task_to_complete(user: User, task_id: int) -> Task:
    """An open task the user may mark done (theirs; a manager's team's), or the same 404 as for a missing one."""
    tasks = _tasks_visible_to(user)
    mine = Q(worker=user)
    if user.has_role(Role.MANAGER):
        mine |= Q(worker__isnull=True)
    task = tasks.filter(mine, pk=task_id).first()
    if task is None:
        raise Http404("No task found")
    return task


def follow_up_organisations(plan: ContingencyPlan) -> list[Organisation]:
    """Who keeps a follow-up the emergency line offered: each active organisation with a case open with the carer;
    with none, the organisation whose practitioner made the plan (as for the plan's review reminders)."""
    with_case = Organisation.objects.filter(
        Exists(
            Involvement.objects.filter(
                organisation=OuterRef("pk"),
                person_id=plan.carer_id,
                reason=Involvement.Reason.CASE_OPEN,
                ended_at__isnull=True,
            )
        ),
        is_active=True,
    ).order_by("pk")
    organisations = list(with_case)
    if organisations or plan.created_by_id is None:
        return organisations
    return list(
        Organisation.objects.filter(pk__in=User.objects.filter(pk=plan.created_by_id).values("organisation_id"))
    )


def current_workers(person: Person, organisation_ids: list[int]) -> dict[int, User]:
    """The worker allocated the person's case now in each of the organisations that has allocated it."""
    allocations = Allocation.objects.filter(
        person=person, organisation_id__in=organisation_ids, ended_at__isnull=True
    ).select_related("worker")
    return {allocation.organisation_id: allocation.worker for allocation in allocations}
