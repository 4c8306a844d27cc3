"""Staff pages for one assessment: start it, its task list, and its sections. Every page opens the assessment
through the selector (404 for anyone who cannot see the carer) and is audited. The decisions on it are in
`decisions`."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.assessments.events import AssessmentEvent
from carershub.assessments.forms.decisions import AcknowledgeAlertForm, StartAssessmentForm
from carershub.assessments.models import Assessment, SafetyAlert
from carershub.assessments.rules.whole_family import named_children
from carershub.assessments.sections import section_definition
from carershub.assessments.selectors.assessment import (
    current_relationships,
    get_assessment_for_user,
    may_determine,
    may_sign_off,
    open_safety_alerts,
    questionnaire_scores,
    section_rows,
    suggested_route,
    young_carer_referrals,
)
from carershub.assessments.services.errors import AssessmentClosed, AssessmentInvalid, StaleEdit
from carershub.assessments.services.safety_alerts import acknowledge_safety_alert
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.starting import TRANSITION_KINDS, start_assessment
from carershub.assessments.views.casework import answer_lines, assessment_to_work_on, require_casework, viewed
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.people.selectors import get_person_for_user
from carershub.referrals.selectors import referrals_visible_to


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start an assessment from a carer's record (?person=) or an accepted referral (?referral=)."""
    require_casework(request)
    user = request.user
    referral = None
    if reference := request.GET.get("referral"):
        referral = referrals_visible_to(user).select_related("carer").filter(reference=reference).first()
        if referral is None:
            raise Http404
        carer = get_person_for_user(user, referral.carer_id)
    else:
        try:
            person_id = int(request.GET.get("person", ""))
        except ValueError:
            raise Http404 from None
        carer = get_person_for_user(user, person_id)
    relationships = list(current_relationships(carer))
    choices = [(relationship.cared_for_id, relationship.cared_for.full_name) for relationship in relationships]
    today = timezone.localdate()
    initial_cared_for = (
        referral.cared_for_id if referral and referral.cared_for_id else (choices[0][0] if choices else None)
    )
    form = StartAssessmentForm(
        request.POST or None, cared_for_choices=choices, initial={"cared_for": initial_cared_for}
    )
    cared_for_id = form.data.get("cared_for") if form.is_bound else initial_cared_for
    cared_for = next((r.cared_for for r in relationships if str(r.cared_for_id) == str(cared_for_id)), None)
    route = suggested_route(carer, cared_for=cared_for, on=today)
    if route is not None and route.assessment and not form.is_bound:
        form.initial["kind"] = route.assessment.value
    if request.method == "POST" and form.is_valid():
        chosen = next(
            (r.cared_for for r in relationships if r.cared_for_id == form.cleaned_data.get("cared_for")), None
        )
        try:
            assessment = start_assessment(
                carer,
                kind=form.cleaned_data["kind"],
                started_by=user,
                cared_for=chosen,
                referral=referral,
                method=form.cleaned_data["method"],
                kind_override_reason=form.cleaned_data["kind_override_reason"],
            )
        except AssessmentInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{assessment.get_kind_display()} {assessment.reference} started")
            return redirect(assessment)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=carer,
        area=carer.area,
        purpose="start an assessment",
        detail={"referral": referral.reference if referral else None},
        event=AssessmentEvent.CARER_VIEWED,
    )
    return render(
        request,
        "assessments/assessment/start.html",
        {
            "form": form,
            "carer": carer,
            "referral": referral,
            "route": route,
            "suggested_label": Assessment.Kind(route.assessment.value).label if route and route.assessment else "",
        },
    )


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The assessment's task list, its status and what can be done next."""
    require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    return _render_detail(request, assessment)


def _render_detail(
    request: AuthenticatedHttpRequest,
    assessment: Assessment,
    *,
    alert_form: AcknowledgeAlertForm | None = None,
    alert_id: int | None = None,
) -> HttpResponse:
    user = request.user
    rows = section_rows(assessment)
    alerts = list(open_safety_alerts(assessment))
    referrals = young_carer_referrals(assessment)
    viewed(request, assessment, "assessment task list")
    completed = sum(1 for row in rows if row.is_completed)
    return render(
        request,
        "assessments/assessment/detail.html",
        {
            "assessment": assessment,
            "rows": rows,
            "completed_count": completed,
            "all_completed": completed == len(rows),
            "alerts": alerts,
            "alert_form": alert_form or AcknowledgeAlertForm(),
            "alert_id": alert_id,
            "form": alert_form,
            "may_determine": may_determine(user, assessment),
            "may_sign_off": may_sign_off(user, assessment),
            "is_transition": assessment.kind in TRANSITION_KINDS,
            "child_not_referred": _child_not_referred(assessment, rows, referrals),
            "young_carer_referrals": referrals,
            "scores": questionnaire_scores(assessment, rows),
        },
    )


def _child_not_referred(assessment: Assessment, rows: list[Any], referrals: list[Any]) -> bool:
    """The whole-family section says children provide care, but a young carer's referral could not be raised for
    each of them."""
    whole_family = next((row for row in rows if row.key == "whole_family"), None)
    if not (whole_family and whole_family.is_completed and whole_family.answers.get("child_involved") == "yes"):
        return False
    return len(referrals) < len(named_children(whole_family.answers))


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def section(request: AuthenticatedHttpRequest, reference: str, key: str) -> HttpResponse:
    """One section: Save and continue (completes it) or Save as draft. A save that would overwrite someone
    else's newer answers shows both, and keeps what was typed."""
    assessment = assessment_to_work_on(request, reference)
    try:
        definition = section_definition(assessment.kind, key)
    except KeyError:
        raise Http404 from None
    rows = section_rows(assessment)
    row = next(row for row in rows if row.key == key)
    editable = assessment.status == Assessment.Status.IN_PROGRESS
    if request.method == "POST":
        if not editable:
            messages.error(request, "This assessment can no longer be changed")
            return redirect(assessment)
        draft = "draft" in request.POST
        form = definition.form_class(request.POST, draft=draft)  # type: ignore[call-arg]
        try:
            expected_version = int(request.POST.get("version", ""))
        except ValueError:
            expected_version = -1
        if form.is_valid():
            try:
                saved = save_section(
                    assessment,
                    key,
                    answers=form.cleaned_data,
                    expected_version=expected_version,
                    complete=not draft,
                    saved_by=request.user,
                )
            except StaleEdit as stale:
                viewed(request, assessment, f"stale edit of {key}")
                return render(
                    request,
                    "assessments/assessment/conflict.html",
                    {
                        "assessment": assessment,
                        "definition": definition,
                        "form": definition.form_class(request.POST, draft=True),  # type: ignore[call-arg]
                        "theirs": answer_lines(definition.form_class, stale.section.answers),
                        "their_version": stale.section.version,
                        "saved_by": stale.section.updated_by,
                        "saved_at": stale.section.updated_at,
                    },
                    status=409,
                )
            except AssessmentClosed:
                messages.error(request, "This assessment can no longer be changed")
                return redirect(assessment)
            if saved.determination_cleared:
                messages.warning(
                    request,
                    f"The determination no longer applies because {definition.title.lower()} changed: record it again.",
                )
            if draft:
                messages.success(request, f"{definition.title}: draft saved")
            else:
                messages.success(request, f"{definition.title}: completed")
            if referrals := saved.young_carer_referrals:
                children = "the child" if len(referrals) == 1 else "each child"
                references = ", ".join(referrals)
                messages.info(request, f"A young carer's referral has been raised for {children} ({references}).")
            return redirect(assessment)
        version = expected_version
    else:
        form = definition.form_class(initial=row.answers)
        version = row.version
    viewed(request, assessment, f"assessment section {key}")
    return render(
        request,
        "assessments/assessment/section.html",
        {
            "assessment": assessment,
            "definition": definition,
            "form": form,
            "version": version,
            "editable": editable,
            # The scores of the questionnaire on its own page, from what is saved (not what is being typed).
            "scores": questionnaire_scores(assessment, rows) if key in {"maca_yc18", "panoc_yc20"} else None,
        },
    )


@login_required
@require_POST
@transaction.atomic
def acknowledge_alert(request: AuthenticatedHttpRequest, reference: str, alert_id: int) -> HttpResponse:
    assessment = assessment_to_work_on(request, reference)
    alert = get_object_or_404(SafetyAlert, pk=alert_id, assessment=assessment, area=assessment.area)
    form = AcknowledgeAlertForm(request.POST)
    if form.is_valid():
        acknowledge_safety_alert(alert, by=request.user, action_taken=form.cleaned_data["action_taken"])
        messages.success(request, "Safety alert acknowledged")
        return redirect(assessment)
    return _render_detail(request, assessment, alert_form=form, alert_id=alert.pk)
