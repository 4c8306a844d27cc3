"""My work (a worker's carers, tasks and what is due), the team's unallocated cases and tasks, allocating a case,
closing and reopening one, and marking a task done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role, User
from carershub.caseloads.forms import AllocateForm, CloseCaseForm, CompleteTaskForm
from carershub.caseloads.rows import (
    assessment_rows,
    carer_list_items,
    carer_rows,
    case_rows,
    prompt_rows,
    referral_rows,
    review_rows,
    task_rows,
)
from carershub.caseloads.selectors import (
    CASEWORK_ROLES,
    REOPEN_WITHIN,
    closed_cases,
    current_allocation,
    get_task_to_complete,
    open_case,
    overdue_tasks,
    unallocated_cases,
    unassigned_tasks,
    work_of,
    workers_of,
)
from carershub.caseloads.services import (
    AllocationInvalid,
    TaskInvalid,
    allocate_case,
    close_case,
    complete_task,
    may_close_case,
    reopen_case,
)
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.selectors import get_person_for_user

TEAM_PAGE_SIZE = 200


def _require_casework(request: AuthenticatedHttpRequest) -> None:
    # Commissioners, responders and administrators have no caseload: the page does not exist for them.
    if not request.user.roles & CASEWORK_ROLES or request.user.organisation_id is None:
        raise Http404


def _viewed(user: User, person: Person, purpose: str) -> None:
    # The page names the carer: who saw whose name, and why, is recorded as for any page about a person.
    record_event(AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=person, area=person.area, purpose=purpose)


@login_required
@require_GET
@transaction.atomic
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_casework(request)
    user = request.user
    today = timezone.localdate()
    work = work_of(user, today=today)
    # The page names carers: who saw which is recorded like any other list of people. The assessments, reviews and
    # transition decisions name theirs too, who need not be among the worker's allocated carers.
    named = {
        *(assessment.carer_id for assessment in [*work.assessments_in_progress.rows, *work.awaiting_sign_off.rows]),
        *(review.assessment.carer_id for review in work.reviews_due.rows),
        *(prompt.person_id for prompt in work.transitions_due.rows),
    }
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="my work",
        detail={
            "people": [carer.person_id for carer in work.carers],
            "tasks": [task.person_id for task in work.tasks.rows],
            "also_named": sorted(named),
        },
    )
    carers = carer_rows(work.carers)
    return render(
        request,
        "caseloads/my_work.html",
        {
            "work": work,
            "carers": carers,
            "carer_items": carer_list_items(carers),
            "tasks": task_rows(work.tasks.rows, today=today),
            "referrals": referral_rows(work.referrals_to_decide.rows),
            "in_progress": assessment_rows(work.assessments_in_progress.rows),
            "awaiting_sign_off": assessment_rows(work.awaiting_sign_off.rows),
            "reviews": review_rows(work.reviews_due.rows),
            "transitions": prompt_rows(work.transitions_due.rows),
            "is_manager": user.has_role(Role.MANAGER),
        },
    )


@login_required
@require_GET
@transaction.atomic
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's cases nobody is allocated (managers allocate them from here), its tasks nobody has, and its overdue
    tasks."""
    _require_casework(request)
    user = request.user
    today = timezone.localdate()
    cases = list(unallocated_cases(user)[:TEAM_PAGE_SIZE])
    unallocated = [case.person for case in cases]
    team_tasks = list(unassigned_tasks(user)[:TEAM_PAGE_SIZE])
    overdue = list(overdue_tasks(user, today=today)[:TEAM_PAGE_SIZE])
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="unallocated cases",
        detail={
            "people": [person.pk for person in unallocated],
            "tasks": sorted({task.person_id for task in [*team_tasks, *overdue]}),
        },
    )
    is_manager = user.has_role(Role.MANAGER)
    return render(
        request,
        "caseloads/team.html",
        {
            "unallocated": unallocated,
            "cases": case_rows(cases),
            "unassigned_tasks": team_tasks,
            "team_tasks": task_rows(team_tasks, today=today, from_team=True),
            "overdue_tasks": overdue,
            "overdue": task_rows(overdue, today=today, show_worker=True),
            "may_allocate": is_manager,
            "may_complete_team_tasks": is_manager,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def allocate(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    if not user.has_role(Role.MANAGER):
        raise Http404
    person = get_person_for_user(user, person_id)
    form = AllocateForm(request.POST or None, workers=workers_of(user))
    if request.method == "POST" and form.is_valid():
        try:
            allocated = allocate_case(person, to=form.cleaned_data["worker"], by=user)
        except AllocationInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{person.full_name}'s case allocated to {allocated.allocation.worker.full_name}")
            return redirect(person)
    _viewed(user, person, "allocating the case")
    return render(
        request,
        "caseloads/allocate.html",
        {"person": person, "form": form, "current": current_allocation(person, user.organisation_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def close(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Close the organisation's case with a carer, with a reason (a manager, or the worker it is allocated to)."""
    _require_casework(request)
    user = request.user
    person = get_person_for_user(user, person_id)
    allocation = current_allocation(person, user.organisation_id)
    if open_case(person, user.organisation_id) is None or not may_close_case(user, allocation):
        raise Http404
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = close_case(person, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], by=user)
        except AllocationInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            if closed.record_still_visible:
                messages.success(request, f"{person.full_name}'s case is closed")
                return redirect(person)
            messages.success(
                request, f"{person.full_name}'s case is closed. Your organisation no longer has access to their record"
            )
            return redirect("caseloads:my_work")
    _viewed(user, person, "closing the case")
    return render(
        request,
        "caseloads/close.html",
        {
            "person": person,
            "form": form,
            "allocation": allocation,
            "back_to_my_work": request.GET.get("from") == "my-work",
            "reopen_days": REOPEN_WITHIN.days,
        },
    )


@login_required
@require_GET
@transaction.atomic
def closed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cases the manager's organisation closed recently, each with a way to reopen it."""
    user = request.user
    if not user.has_role(Role.MANAGER) or user.organisation_id is None:
        raise Http404
    closures = list(closed_cases(user)[:TEAM_PAGE_SIZE])
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="closed cases",
        detail={"people": [closure.person_id for closure in closures]},
    )
    return render(request, "caseloads/closed.html", {"closures": closures, "reopen_days": REOPEN_WITHIN.days})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def reopen(request: AuthenticatedHttpRequest, closure_id: int) -> HttpResponse:
    """A manager reopens a case their organisation closed (the confirmation, then the change)."""
    user = request.user
    closure = closed_cases(user).filter(pk=closure_id).first()
    if closure is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            reopened = reopen_case(closure, by=user)
        except AllocationInvalid as invalid:
            error = next(iter(invalid.errors.values()))
        else:
            person = reopened.closure.person
            messages.success(request, f"{person.full_name}'s case is open again. Allocate it to a worker")
            return redirect(reverse("caseloads:allocate", args=[person.pk]))
    _viewed(user, closure.person, "reopening the case")
    return render(request, "caseloads/reopen.html", {"closure": closure, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def complete(request: AuthenticatedHttpRequest, task_id: int) -> HttpResponse:
    """Mark a task done, with an optional note (the worker it is for; a manager for the team's)."""
    _require_casework(request)
    user = request.user
    task = get_task_to_complete(user, task_id)
    from_team = request.GET.get("from") == "team"
    form = CompleteTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complete_task(task, by=user, note=form.cleaned_data["note"])
        except TaskInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Task done: {task.get_kind_display()} for {task.person.full_name}")
            return redirect("caseloads:team" if from_team else "caseloads:my_work")
    _viewed(user, task.person, "marking a task done")
    return render(
        request,
        "caseloads/complete_task.html",
        {"task": task, "form": form, "from_team": from_team, "today": timezone.localdate()},
    )
