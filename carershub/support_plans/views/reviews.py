"""Plan reviews (Care Act 2014 s.27): the team's list with reviews due beside the plans, a review on request, and
recording a review with an outcome per need."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.assessments.selectors.timeliness import open_counts
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.links import RowUrl
from carershub.core.models import AuditEvent
from carershub.core.pagination import uncounted_page
from carershub.people.models import full_name_columns
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.forms import CompleteReviewForm, ReasonForm
from carershub.support_plans.models import SupportPlan
from carershub.support_plans.selectors import (
    direct_payment_reviews_due,
    get_plan_for_user,
    get_plan_review_for_user,
    needs_of,
    plan_reviews_due,
    team_breaks,
    team_plans,
)
from carershub.support_plans.services.common import SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.reviews import NeedOutcome, complete_review, request_review
from carershub.support_plans.views.common import record_view, require_team_role

PAGE_SIZE = 50
# What the team list shows of each plan: its link (reference, version), status, when it changed, the carer's name.
LISTED_COLUMNS = (
    "reference",
    "version",
    "status",
    "updated_at",
    *full_name_columns("carer"),
)
SUMMARY_SIZE = 10
# A plan's status as the list tags it: the words carry the meaning, the colour only repeats it.
STATUS_TAGS = {"agreed": "govuk-tag--green", "draft": "govuk-tag--blue"}


@dataclass(frozen=True)
class PlanRow:
    url: str
    label: str
    carer_name: str
    status: str
    tag_colour: str
    changed: datetime


def plan_rows(plans: list[SupportPlan]) -> list[PlanRow]:
    """The team list's rows with their links reversed once for the page (core.links.RowUrl), not once a row."""
    url, statuses = (
        RowUrl("support_plans:detail", markers=("REFERENCEMARKER", 2147483647)),
        dict(SupportPlan.Status.choices),
    )
    return [
        PlanRow(
            url(plan.reference, plan.version),
            f"{plan.reference} v{plan.version}",
            plan.carer.full_name,
            statuses[plan.status],
            STATUS_TAGS.get(plan.status, "govuk-tag--grey"),
            plan.updated_at,
        )
        for plan in plans
    ]


@login_required
@require_GET
@transaction.atomic
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's plans, with plan reviews and direct payment reviews due (overdue first) beside its overdue
    assessments, and the short breaks in progress."""
    require_team_role(request)
    user = request.user
    today = timezone.localdate()
    # Paged forward and back without counting the team's plans: at county scale the count (every plan checked against
    # the visibility rule) cost more than the rest of the page.
    page = uncounted_page(
        team_plans(user).select_related(None).select_related("carer").only(*LISTED_COLUMNS),
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    # The summaries read only the columns they show: fewer joins for PostgreSQL to plan, fewer columns to read.
    reviews = list(
        plan_reviews_due(user, today=today).only(
            "kind", "due_on", "plan__reference", *full_name_columns("plan__carer")
        )[:SUMMARY_SIZE]
    )
    payment_reviews = list(
        direct_payment_reviews_due(user, today=today)
        .select_related(None)
        .select_related("agreement__carer")
        .only("due_on", "agreement__payee_reference", *full_name_columns("agreement__carer"))[:SUMMARY_SIZE]
    )
    breaks = list(
        team_breaks(user)
        .select_related(None)
        .select_related("carer", "kind")
        .only("status", "kind__name", *full_name_columns("carer"))[:SUMMARY_SIZE]
    )
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="the team's support plans",
        detail={
            "plans": [plan.reference for plan in page],
            "reviews": [review.pk for review in reviews],
            "direct_payment_reviews": [review.pk for review in payment_reviews],
            "short_breaks": [short_break.pk for short_break in breaks],
        },
        event=SupportPlanEvent.PLAN_LIST_VIEWED,
    )
    return render(
        request,
        "support_plans/list.html",
        {
            "page": page,
            "plans": plan_rows(list(page)),
            "reviews": reviews,
            "payment_reviews": payment_reviews,
            "breaks": breaks,
            "assessment_counts": open_counts(user, today=today),
            "today": today,
            "is_manager": user.has_role(Role.MANAGER),
        },
    )


@login_required
@require_GET
@transaction.atomic
def reviews_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every plan review overdue or due in the next 30 days, the soonest first."""
    require_team_role(request)
    user = request.user
    today = timezone.localdate()
    page = Paginator(plan_reviews_due(user, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="plan reviews due",
        detail={"reviews": [review.pk for review in page]},
        event=SupportPlanEvent.PLAN_LIST_VIEWED,
    )
    return render(
        request,
        "support_plans/reviews.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review_request(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """The carer asked for a review, or their circumstances changed (s.27(1)(b))."""
    plan = get_plan_for_user(request.user, reference, version)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = request_review(plan, by=request.user, reason=form.cleaned_data["reason"])
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(plan)
        else:
            messages.success(request, f"Review scheduled for {review.due_on:%-d %B %Y}")
            return redirect(plan)
    record_view(
        request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="request review"
    )
    return render(
        request,
        "support_plans/form.html",
        {
            "plan": plan,
            "form": form,
            "title": "Ask for a review",
            "submit": "Schedule the review",
            "intro": "Say what the carer asked for, or what has changed in their circumstances.",
            "back": plan.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Record a review: an outcome for each need, what changes, and whether to continue, revise or end the plan."""
    plan_review = get_plan_review_for_user(request.user, review_id)
    plan = plan_review.plan
    needs = needs_of(plan)
    form = CompleteReviewForm(request.POST if request.method == "POST" else None, needs=needs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcomes = {
            need.pk: NeedOutcome(achieved=data[f"achieved_{need.pk}"], changes=data[f"changes_{need.pk}"])
            for need in needs
        }
        try:
            completed = complete_review(
                plan_review,
                by=request.user,
                decision=data["decision"],
                outcomes=outcomes,
                notes=data["notes"],
                revision_reason=data["revision_reason"],
                end_reason=data["end_reason"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(plan)
        else:
            messages.success(request, f"{plan_review.get_kind_display()} recorded")
            return redirect(completed.revision or plan)
    record_view(
        request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, review=plan_review.pk
    )
    return render(
        request,
        "support_plans/review.html",
        {"plan": plan, "review": plan_review, "form": form, "is_scheduled": plan_review.status == "scheduled"},
    )
