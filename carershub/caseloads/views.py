"""My work (a worker's carers and what is due), the team's unallocated cases, and allocating a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.caseloads.forms import AllocateForm
from carershub.caseloads.selectors import CASEWORK_ROLES, current_allocation, unallocated_cases, work_of, workers_of
from carershub.caseloads.services import AllocationInvalid, allocate_case
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.selectors import get_person_for_user

TEAM_PAGE_SIZE = 200


def _require_casework(request: AuthenticatedHttpRequest) -> None:
    # Commissioners, responders and administrators have no caseload: the page does not exist for them.
    if not request.user.roles & CASEWORK_ROLES or request.user.organisation_id is None:
        raise Http404


@login_required
@require_GET
@transaction.atomic
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_casework(request)
    user = request.user
    work = work_of(user, today=timezone.localdate())
    # The page names carers: who saw which is recorded like any other list of people.
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="my work",
        detail={"people": [allocation.person_id for allocation in work.carers]},
    )
    return render(request, "caseloads/my_work.html", {"work": work})


@login_required
@require_GET
@transaction.atomic
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's cases nobody is allocated (managers allocate them from here)."""
    _require_casework(request)
    user = request.user
    unallocated = list(unallocated_cases(user)[:TEAM_PAGE_SIZE])
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="unallocated cases",
        detail={"people": [person.pk for person in unallocated]},
    )
    return render(
        request,
        "caseloads/team.html",
        {"unallocated": unallocated, "may_allocate": user.has_role(Role.MANAGER)},
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
            for name, message in invalid.errors.items():
                form.add_error(name, message)
        else:
            messages.success(request, f"{person.full_name}'s case allocated to {allocated.allocation.worker.full_name}")
            return redirect(person)
    return render(
        request,
        "caseloads/allocate.html",
        {"person": person, "form": form, "current": current_allocation(person, user.organisation_id)},
    )
