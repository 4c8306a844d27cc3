"""Team pages: open and overdue assessments, reviews due, transition prompts."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.forms.timeliness import (
    AssessmentListFilterForm,
    CancelReviewForm,
    CompleteReviewForm,
    DecidePromptForm,
    RequestReviewForm,
)
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.selectors.timeliness import (
    OPEN_STATUSES,
    get_prompt_for_user,
    get_review_for_user,
    get_team_assessment,
    open_counts,
    prompts_due,
    reviews_due,
    team_assessments,
    team_assessors,
    team_open_safety_alerts,
    waiting_days,
)
from carershub.assessments.services.errors import (
    NotReviewable,
    PromptAlreadyDecided,
    ReviewNotScheduled,
    TimelinessInvalid,
)
from carershub.assessments.services.reviews import cancel_review, complete_review, request_review
from carershub.assessments.services.transition_prompts import decide_transition_prompt
from carershub.assessments.team_sections import team_sections_for
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.links import RowUrl
from carershub.core.models import AuditEvent
from carershub.people.models import full_name_columns

PAGE_SIZE = 50
# How many reviews and transition decisions the assessment list shows before "View all".
SUMMARY_SIZE = 5
# Open safety alerts shown at the top of the assessment list; there should never be more than a handful.
ALERTS_SHOWN = 50


# The columns the team list shows: whole assessment, carer, assessor and organisation rows are about 120 columns,
# and building them for 50 rows cost more than the list's SQL (issue 10).
_LIST_COLUMNS = (
    "reference",
    "kind",
    "status",
    "requested_on",
    "completed_on",
    "organisation",
    "carer",
    "assessor",
    *full_name_columns("carer"),
    "assessor__full_name",
    "assessor__email",
    "organisation__name",
)


@dataclass(frozen=True)
class AssessmentRow:
    """One assessment as the team list shows it, worked out once in the view (no per-row template lookups)."""

    assessment: Assessment
    waiting_days: int
    is_overdue: bool
    url: str = ""
    carer_name: str = ""
    kind: str = ""
    assessor: str = ""
    # The organisation doing the assessment when it is not the user's own (a council sees its providers'), or "".
    other_organisation: str = ""
    status: str = ""


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    is_overdue: bool


def _require_team_role(request: AuthenticatedHttpRequest) -> None:
    # The team pages are casework: anyone else gets the same 404 as for a page that does not exist.
    if not request.user.has_role(Role.PRACTITIONER, Role.MANAGER):
        raise Http404


def _list_rows(assessments: Iterable[Assessment], *, today: date, organisation_id: int | None) -> list[AssessmentRow]:
    assessment_url = RowUrl("assessments:detail", marker="REFERENCEMARKER")
    kinds = {value: str(label) for value, label in Assessment.Kind.choices}
    statuses = {value: str(label) for value, label in Assessment.Status.choices}
    target_days = settings.CARERSHUB_ASSESSMENT_TARGET_DAYS
    rows = []
    for assessment in assessments:
        days = waiting_days(assessment, today=today)
        rows.append(
            AssessmentRow(
                assessment,
                days,
                assessment.status in OPEN_STATUSES and days > target_days,
                url=assessment_url(assessment.reference),
                carer_name=assessment.carer.full_name,
                kind=kinds.get(assessment.kind, assessment.kind),
                assessor=str(assessment.assessor),
                other_organisation=""
                if assessment.organisation_id == organisation_id
                else assessment.organisation.name,
                status=statuses.get(assessment.status, assessment.status),
            )
        )
    return rows


def _review_rows(reviews: list[Review], *, today: date) -> list[ReviewRow]:
    return [ReviewRow(review, review.due_on < today) for review in reviews]


@login_required
@require_GET
@transaction.atomic
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's open assessments, longest waiting first, with reviews and transition decisions coming up."""
    _require_team_role(request)
    user = request.user
    today = timezone.localdate()
    filter_form = AssessmentListFilterForm(request.GET, assessors=team_assessors(user))
    filters = filter_form.filters()
    assessments = team_assessments(user, today=today, **filters).only(*_LIST_COLUMNS)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _list_rows(page, today=today, organisation_id=user.organisation_id)
    due_reviews = list(reviews_due(user, today=today)[: SUMMARY_SIZE + 1])
    due_prompts = list(prompts_due(user)[: SUMMARY_SIZE + 1])
    alerts = list(team_open_safety_alerts(user)[:ALERTS_SHOWN])
    sections = team_sections_for(user, today)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="assessment list",
        detail={
            "references": [row.assessment.reference for row in rows],
            "safety_alerts": [alert.pk for alert in alerts],
            "reviews": [review.pk for review in due_reviews[:SUMMARY_SIZE]],
            "transition_prompts": [prompt.pk for prompt in due_prompts[:SUMMARY_SIZE]],
            **{name: ids for section in sections for name, ids in section.shown.items()},
        },
        event=AssessmentEvent.TEAM_LIST_VIEWED,
    )
    return render(
        request,
        "assessments/timeliness/list.html",
        {
            "filter_form": filter_form,
            "filtered": bool(filters["statuses"] or filters["overdue_only"] or filters["assessor_id"]),
            "counts": open_counts(user, today=today),
            "target_days": settings.CARERSHUB_ASSESSMENT_TARGET_DAYS,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "rows": rows,
            "review_rows": _review_rows(due_reviews[:SUMMARY_SIZE], today=today),
            "more_reviews": len(due_reviews) > SUMMARY_SIZE,
            "prompts": due_prompts[:SUMMARY_SIZE],
            "more_prompts": len(due_prompts) > SUMMARY_SIZE,
            "today": today,
            "alerts": alerts,
            "sections": sections,
        },
    )


# --- Reviews --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
@transaction.atomic
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reviews overdue or due in the next 30 days, the soonest first."""
    _require_team_role(request)
    user = request.user
    today = timezone.localdate()
    page = Paginator(reviews_due(user, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _review_rows(list(page), today=today)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="reviews due",
        detail={"reviews": [row.review.pk for row in rows]},
        event=AssessmentEvent.TEAM_LIST_VIEWED,
    )
    return render(
        request,
        "assessments/timeliness/reviews.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "rows": rows,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review_complete(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Record a review as done, with what it found."""
    user = request.user
    review = get_review_for_user(user, review_id)
    form = CompleteReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and review.status == Review.Status.SCHEDULED and form.is_valid():
        try:
            complete_review(review, by=user, notes=form.cleaned_data["notes"])
        except TimelinessInvalid as invalid:
            add_errors(form, invalid.errors)
        except ReviewNotScheduled:
            messages.error(request, "This review has already been completed or cancelled")
            return redirect("assessments:reviews")
        else:
            messages.success(request, f"{review.get_kind_display()} of {review.assessment.reference} recorded")
            return redirect("assessments:reviews")
    return _render_review(request, review, form, template="assessments/timeliness/review_complete.html")


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review_cancel(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Cancel a scheduled review, with the reason."""
    user = request.user
    review = get_review_for_user(user, review_id)
    form = CancelReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and review.status == Review.Status.SCHEDULED and form.is_valid():
        try:
            cancel_review(review, by=user, reason=form.cleaned_data["reason"])
        except TimelinessInvalid as invalid:
            add_errors(form, invalid.errors)
        except ReviewNotScheduled:
            messages.error(request, "This review has already been completed or cancelled")
            return redirect("assessments:reviews")
        else:
            messages.success(request, f"{review.get_kind_display()} of {review.assessment.reference} cancelled")
            return redirect("assessments:reviews")
    return _render_review(request, review, form, template="assessments/timeliness/review_cancel.html")


def _render_review(request: AuthenticatedHttpRequest, review: Review, form: Form, *, template: str) -> HttpResponse:
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=review.assessment.carer,
        area=review.area,
        purpose="review",
        detail={"review": review.pk, "assessment": review.assessment.reference},
        event=AssessmentEvent.CARER_VIEWED,
    )
    return render(request, template, {"review": review, "form": form, "is_scheduled": review.status == "scheduled"})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review_request(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Record that the carer asked for a review (Care Act 2014 s.27(1)(b)) and schedule it."""
    user = request.user
    assessment = get_team_assessment(user, reference)
    form = RequestReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = request_review(assessment, by=user, reason=form.cleaned_data["reason"])
        except TimelinessInvalid as invalid:
            add_errors(form, invalid.errors)
        except NotReviewable:
            form.add_error(None, "Only a completed assessment can be reviewed")
        else:
            messages.success(request, f"Review of {assessment.reference} scheduled for {_long_date(review.due_on)}")
            return redirect("assessments:reviews")
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=assessment.carer,
        area=assessment.area,
        purpose="request a review",
        detail={"assessment": assessment.reference},
        event=AssessmentEvent.CARER_VIEWED,
    )
    return render(
        request,
        "assessments/timeliness/review_request.html",
        {"assessment": assessment, "form": form, "is_completed": assessment.status == Assessment.Status.COMPLETED},
    )


# --- Transition decisions -------------------------------------------------------------------------------------------


@login_required
@require_GET
@transaction.atomic
def prompt_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Transition decisions waiting to be made, the soonest due first."""
    _require_team_role(request)
    user = request.user
    page = Paginator(prompts_due(user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="transition decisions due",
        detail={"transition_prompts": [prompt.pk for prompt in page]},
        event=AssessmentEvent.TEAM_LIST_VIEWED,
    )
    return render(
        request,
        "assessments/timeliness/prompts.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "prompts": list(page),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def prompt_decide(request: AuthenticatedHttpRequest, prompt_id: int) -> HttpResponse:
    """Make a transition decision, with reasons; a decided one is shown with its outcome."""
    user = request.user
    prompt = get_prompt_for_user(user, prompt_id)
    form = DecidePromptForm(request.POST if request.method == "POST" else None, prompt=prompt)
    if request.method == "POST" and prompt.decided_at is None and form.is_valid():
        try:
            decided = decide_transition_prompt(
                prompt, by=user, decision=form.cleaned_data["decision"], reasons=form.cleaned_data["reasons"]
            )
        except TimelinessInvalid as invalid:
            add_errors(form, invalid.errors)
        except PromptAlreadyDecided:
            messages.error(request, "This decision has already been made")
            return redirect("assessments:prompt", prompt_id=prompt.pk)
        else:
            if decided.carers_assessment is not None:
                # The s.10 carer's assessment it started goes on to the eligibility determination (reg 3).
                messages.success(
                    request,
                    f"Decision recorded: carer's assessment {decided.carers_assessment.reference} started for the "
                    "eligibility determination",
                )
                return redirect(decided.carers_assessment)
            messages.success(request, "Decision recorded")
            return redirect("assessments:prompt", prompt_id=prompt.pk)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=prompt.person,
        area=prompt.area,
        purpose="transition decision",
        detail={"transition_prompt": prompt.pk},
        event=AssessmentEvent.CARER_VIEWED,
    )
    return render(
        request,
        "assessments/timeliness/prompt_decide.html",
        {
            "prompt": prompt,
            "form": form,
            "is_treat_as_carers_assessment": prompt.kind == TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT,
            "start_transition_assessment_url": _start_transition_assessment_url(prompt),
        },
    )


def _start_transition_assessment_url(prompt: TransitionPrompt) -> str:
    """Where to start the s.63 assessment the practitioner decided on; empty while that page does not exist."""
    if prompt.kind != TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT or prompt.decision != "yes":
        return ""
    try:
        start = reverse("assessments:start")
    except NoReverseMatch:
        return ""
    return f"{start}?{urlencode({'person': prompt.person_id, 'kind': Assessment.Kind.YOUNG_CARER_TRANSITION.value})}"


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
