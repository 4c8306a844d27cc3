"""Staff pages for the decisions on an assessment: its determination, check answers and sign-off, the written record,
and closing it (refused, or a transition request declined). Every page opens the assessment through the selector
(404 for anyone who cannot see the carer) and is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.assessments.events import AssessmentEvent
from carershub.assessments.forms.decisions import (
    DETERMINATION_FORMS,
    DeclineRequestForm,
    RefuseAssessmentForm,
    ReturnForChangesForm,
)
from carershub.assessments.models import Assessment
from carershub.assessments.selectors.assessment import (
    get_assessment_for_user,
    may_determine,
    may_sign_off,
    questionnaire_scores,
    section_rows,
)
from carershub.assessments.services.closing import decline_transition_request, refuse_assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.errors import (
    AssessmentClosed,
    AssessmentInvalid,
    NotPermitted,
    SectionsIncomplete,
)
from carershub.assessments.services.sign_off import return_for_changes, sign_off, submit_for_sign_off
from carershub.assessments.services.starting import TRANSITION_KINDS
from carershub.assessments.views.casework import assessment_to_work_on, require_casework, summary, viewed
from carershub.assessments.written_record import written_record, written_record_pdf
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def determination(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Record the decision: for a carer's assessment, eligibility under reg 3 with the significant impact
    judgement and reasons; for the other kinds, the decision their statute asks for."""
    require_casework(request)
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
                add_errors(form, invalid.errors)
            except SectionsIncomplete as incomplete:
                form.add_error(None, str(incomplete))
            except NotPermitted as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Determination recorded")
                return redirect(assessment)
    viewed(request, assessment, "assessment determination")
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


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def submit(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Check your answers, then send for sign-off."""
    assessment = assessment_to_work_on(request, reference)
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
    viewed(request, assessment, "assessment check answers")
    return render(
        request,
        "assessments/assessment/submit.html",
        {"assessment": assessment, "summary": summary(assessment), "problems": problems},
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def sign_off_page(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """A manager's review: sign off, or send back with a note."""
    require_casework(request)
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
    viewed(request, assessment, "assessment sign-off")
    return render(
        request,
        "assessments/assessment/sign_off.html",
        {
            "assessment": assessment,
            "summary": summary(assessment),
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
    require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if assessment.determined_at is None:
        raise Http404
    viewed(request, assessment, "written record")
    return render(
        request, "assessments/assessment/record.html", {"assessment": assessment, "record": written_record(assessment)}
    )


@login_required
@require_GET
@transaction.atomic
def record_pdf(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    require_casework(request)
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
        event=AssessmentEvent.WRITTEN_RECORD_EXPORTED,
    )
    response = HttpResponse(written_record_pdf(written_record(assessment)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.reference}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def refuse(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Record that the carer refuses the assessment (Care Act 2014 s.11)."""
    assessment = assessment_to_work_on(request, reference)
    form = RefuseAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            refuse_assessment(assessment, by=request.user, reason=form.cleaned_data["reason"])
        except AssessmentClosed:
            form.add_error(None, "This assessment is already closed")
        else:
            messages.success(request, "Refusal recorded")
            return redirect("assessments:letter", reference=assessment.reference)
    viewed(request, assessment, "refuse an assessment")
    return render(request, "assessments/assessment/refuse.html", {"assessment": assessment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def decline(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Decline a request for a transition assessment, with written reasons (s.60(6), s.63(5))."""
    assessment = assessment_to_work_on(request, reference)
    if assessment.kind not in TRANSITION_KINDS:
        raise Http404
    form = DeclineRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline_transition_request(assessment, by=request.user, **form.cleaned_data)
        except AssessmentInvalid as invalid:
            add_errors(form, invalid.errors)
        except AssessmentClosed:
            form.add_error(None, "This assessment is not in progress")
        else:
            messages.success(request, "Request declined: print the letter for the person who asked")
            return redirect("assessments:letter", reference=assessment.reference)
    viewed(request, assessment, "decline a transition assessment request")
    return render(request, "assessments/assessment/decline.html", {"assessment": assessment, "form": form})


@login_required
@require_GET
@transaction.atomic
def letter(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """A printable letter: the refusal confirmed, or the declined request with reasons and advice."""
    require_casework(request)
    assessment = get_assessment_for_user(request.user, reference)
    if assessment.status not in {Assessment.Status.REFUSED, Assessment.Status.REQUEST_DECLINED}:
        raise Http404
    viewed(request, assessment, "closure letter")
    return render(
        request,
        "assessments/assessment/letter.html",
        {"assessment": assessment, "record": written_record(assessment), "today": timezone.localdate()},
    )
