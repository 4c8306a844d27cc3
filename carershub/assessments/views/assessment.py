"""Staff pages for one assessment: start it, work through its sections, record the decision, sign it off, and give
the carer the written record. Every page opens the assessment through the selector (404 for anyone who cannot see
the carer) and is audited."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role
from carershub.assessments.forms.assessment import (
    DETERMINATION_FORMS,
    AcknowledgeAlertForm,
    DeclineRequestForm,
    RefuseAssessmentForm,
    ReturnForChangesForm,
    StartAssessmentForm,
)
from carershub.assessments.models import Assessment, SafetyAlert
from carershub.assessments.sections import section_definition, sections_for
from carershub.assessments.selectors.assessment import (
    current_relationships,
    get_assessment_for_user,
    may_determine,
    may_sign_off,
    may_work_on,
    open_safety_alerts,
    questionnaire_scores,
    section_rows,
    suggested_route,
    young_carer_referrals,
)
from carershub.assessments.services.assessment import (
    TRANSITION_KINDS,
    AssessmentClosed,
    AssessmentInvalid,
    NotPermitted,
    SectionsIncomplete,
    StaleEdit,
    acknowledge_safety_alert,
    decline_transition_request,
    named_children,
    record_determination,
    refuse_assessment,
    return_for_changes,
    save_section,
    sign_off,
    start_assessment,
    submit_for_sign_off,
)
from carershub.assessments.written_record import written_record, written_record_pdf
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.selectors import get_person_for_user
from carershub.referrals.selectors import referrals_visible_to

CASEWORK_ROLES = (Role.PRACTITIONER, Role.MANAGER)


def _require_casework(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_role(*CASEWORK_ROLES):
        raise Http404


def _viewed(request: AuthenticatedHttpRequest, assessment: Assessment, purpose: str) -> None:
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=assessment,
        area=assessment.area,
        purpose=purpose,
        detail={"assessment": assessment.reference, "carer": assessment.carer_id},
    )


def _add_errors(form: Form, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start an assessment from a carer's record (?person=) or an accepted referral (?referral=)."""
    _require_casework(request)
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
            _add_errors(form, invalid.errors)
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
    _require_casework(request)
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
    _viewed(request, assessment, "assessment task list")
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
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404  # another organisation's assessment: readable on its page, never changed
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
            was_determined = assessment.determined_at is not None
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
                _viewed(request, assessment, f"stale edit of {key}")
                return render(
                    request,
                    "assessments/assessment/conflict.html",
                    {
                        "assessment": assessment,
                        "definition": definition,
                        "form": definition.form_class(request.POST, draft=True),  # type: ignore[call-arg]
                        "theirs": _answer_lines(definition.form_class, stale.section.answers),
                        "their_version": stale.section.version,
                        "saved_by": stale.section.updated_by,
                        "saved_at": stale.section.updated_at,
                    },
                    status=409,
                )
            except AssessmentClosed:
                messages.error(request, "This assessment can no longer be changed")
                return redirect(assessment)
            assessment.refresh_from_db(fields=["determined_at"])
            if was_determined and assessment.determined_at is None:
                messages.warning(
                    request,
                    f"The determination no longer applies because {definition.title.lower()} changed: record it again.",
                )
            if draft:
                messages.success(request, f"{definition.title}: draft saved")
            else:
                messages.success(request, f"{definition.title}: completed")
            whole_family = key == "whole_family" and saved.answers.get("child_involved") == "yes" and not draft
            if whole_family and (referrals := young_carer_referrals(assessment)):
                children = "the child" if len(referrals) == 1 else "each child"
                references = ", ".join(referral.reference for referral in referrals)
                messages.info(request, f"A young carer's referral has been raised for {children} ({references}).")
            return redirect(assessment)
        version = expected_version
    else:
        form = definition.form_class(initial=row.answers)
        version = row.version
    _viewed(request, assessment, f"assessment section {key}")
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


def _answer_lines(form_class: type[Form], answers: dict[str, Any]) -> list[tuple[str, str]]:
    """A section's answers as (question, answer) pairs in the words the form shows."""
    form = form_class(initial=answers)
    lines = []
    for name, field in form.fields.items():
        value = answers.get(name)
        if value in (None, "", []):
            shown = "Not answered"
        else:
            choices = {str(key): str(label) for key, label in getattr(field, "choices", [])}
            if isinstance(value, list):
                shown = "; ".join(choices.get(str(item), str(item)) for item in value)
            else:
                shown = choices.get(str(value), str(value))
        lines.append((str(field.label), shown))
    return lines


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def determination(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Record the decision: for a carer's assessment, eligibility under reg 3 with the significant impact
    judgement and reasons; for the other kinds, the decision their statute asks for."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_determine(request.user, assessment):
        raise Http404
    form_class = DETERMINATION_FORMS[assessment.kind]
    initial = {
        "significant_impact": {True: "yes", False: "no"}.get(assessment.significant_impact),  # type: ignore[arg-type]
        "wellbeing_domains": assessment.impacted_wellbeing_domains,
        "reasons": assessment.significant_impact_reasons,
        "advice_and_information": assessment.advice_and_information,
        **assessment.decision,
    }
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if assessment.status != Assessment.Status.IN_PROGRESS:
            messages.error(request, "This assessment can no longer be changed")
            return redirect(assessment)
        if form.is_valid():
            try:
                record_determination(assessment, answers=form.cleaned_data, by=request.user)
            except AssessmentInvalid as invalid:
                _add_errors(form, invalid.errors)
            except SectionsIncomplete as incomplete:
                form.add_error(None, str(incomplete))
            except NotPermitted as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Determination recorded")
                return redirect(assessment)
    _viewed(request, assessment, "assessment determination")
    rows = section_rows(assessment)
    return render(
        request,
        "assessments/assessment/determination.html",
        {
            "assessment": assessment,
            "form": form,
            "rows": {row.key: row for row in rows},
            "scores": questionnaire_scores(assessment, rows),
        },
    )


def _summary(assessment: Assessment) -> list[tuple[Any, list[tuple[str, str]]]]:
    rows = {row.key: row for row in section_rows(assessment)}
    return [
        (definition, _answer_lines(definition.form_class, rows[definition.key].answers))
        for definition in sections_for(assessment.kind)
    ]


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def submit(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Check your answers, then send for sign-off."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404  # another organisation's assessment: readable on its page, never changed
    problems: list[str] = []
    if request.method == "POST":
        try:
            submit_for_sign_off(assessment, by=request.user)
        except SectionsIncomplete as incomplete:
            problems = [f"Complete the section: {section.title}" for section in incomplete.sections]
        except AssessmentInvalid as invalid:
            problems = list(invalid.errors.values())
        except AssessmentClosed:
            problems = ["This assessment is not in progress"]
        else:
            messages.success(request, "Sent for sign-off")
            return redirect(assessment)
    _viewed(request, assessment, "assessment check answers")
    return render(
        request,
        "assessments/assessment/submit.html",
        {"assessment": assessment, "summary": _summary(assessment), "problems": problems},
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def sign_off_page(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """A manager's review: sign off, or send back with a note."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_sign_off(request.user, assessment):
        raise Http404
    return_form = ReturnForChangesForm(request.POST if request.POST.get("action") == "return" else None)
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "return":
                if return_form.is_valid():
                    return_for_changes(assessment, by=request.user, note=return_form.cleaned_data["note"])
                    messages.success(request, "Returned to the assessor for changes")
                    return redirect(assessment)
            else:
                sign_off(assessment, by=request.user)
                messages.success(request, "Assessment signed off")
                return redirect("assessments:record", reference=assessment.reference)
        except (NotPermitted, AssessmentClosed) as refused:
            problems = [str(refused)]
        except SectionsIncomplete as incomplete:
            problems = [f"Complete the section: {section.title}" for section in incomplete.sections]
        except AssessmentInvalid as invalid:
            problems = list(invalid.errors.values())
    _viewed(request, assessment, "assessment sign-off")
    return render(
        request,
        "assessments/assessment/sign_off.html",
        {
            "assessment": assessment,
            "summary": _summary(assessment),
            "record": written_record(assessment),
            "form": return_form,
            "problems": problems,
        },
    )


@login_required
@require_GET
@transaction.atomic
def record(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The written record of the determination and its reasons (Care Act 2014 s.13(2)), to give the carer."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if assessment.determined_at is None:
        raise Http404
    _viewed(request, assessment, "written record")
    return render(
        request, "assessments/assessment/record.html", {"assessment": assessment, "record": written_record(assessment)}
    )


@login_required
@require_GET
@transaction.atomic
def record_pdf(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if assessment.determined_at is None:
        raise Http404
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=assessment,
        area=assessment.area,
        purpose="written record PDF",
        detail={"assessment": assessment.reference, "carer": assessment.carer_id},
    )
    response = HttpResponse(written_record_pdf(written_record(assessment)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.reference}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def refuse(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Record that the carer refuses the assessment (Care Act 2014 s.11)."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404  # another organisation's assessment: readable on its page, never changed
    form = RefuseAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refuse_assessment(assessment, by=request.user, reason=form.cleaned_data["reason"])
        except AssessmentClosed:
            form.add_error(None, "This assessment is already closed")
        else:
            messages.success(request, "Refusal recorded")
            return redirect("assessments:letter", reference=assessment.reference)
    _viewed(request, assessment, "refuse an assessment")
    return render(request, "assessments/assessment/refuse.html", {"assessment": assessment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def decline(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Decline a request for a transition assessment, with written reasons (s.60(6), s.63(5))."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404  # another organisation's assessment: readable on its page, never changed
    if assessment.kind not in TRANSITION_KINDS:
        raise Http404
    form = DeclineRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline_transition_request(assessment, by=request.user, **form.cleaned_data)
        except AssessmentInvalid as invalid:
            _add_errors(form, invalid.errors)
        except AssessmentClosed:
            form.add_error(None, "This assessment is not in progress")
        else:
            messages.success(request, "Request declined: print the letter for the person who asked")
            return redirect("assessments:letter", reference=assessment.reference)
    _viewed(request, assessment, "decline a transition assessment request")
    return render(request, "assessments/assessment/decline.html", {"assessment": assessment, "form": form})


@login_required
@require_GET
@transaction.atomic
def letter(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """A printable letter: the refusal confirmed, or the declined request with reasons and advice."""
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if assessment.status not in {Assessment.Status.REFUSED, Assessment.Status.REQUEST_DECLINED}:
        raise Http404
    _viewed(request, assessment, "closure letter")
    return render(
        request,
        "assessments/assessment/letter.html",
        {"assessment": assessment, "record": written_record(assessment), "today": timezone.localdate()},
    )


@login_required
@require_POST
@transaction.atomic
def acknowledge_alert(request: AuthenticatedHttpRequest, reference: str, alert_id: int) -> HttpResponse:
    _require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if not may_work_on(request.user, assessment):
        raise Http404  # another organisation's assessment: readable on its page, never changed
    alert = get_object_or_404(SafetyAlert, pk=alert_id, assessment=assessment, area=assessment.area)
    form = AcknowledgeAlertForm(request.POST)
    if form.is_valid():
        acknowledge_safety_alert(alert, by=request.user, action_taken=form.cleaned_data["action_taken"])
        messages.success(request, "Safety alert acknowledged")
        return redirect(assessment)
    return _render_detail(request, assessment, alert_form=form, alert_id=alert.pk)
