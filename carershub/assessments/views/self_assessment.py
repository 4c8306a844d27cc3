"""Supported self-assessment (Care and Support (Assessment) Regulations 2014 reg 2).

Public pages, for the carer, without an account: the link's secret is checked once, on the start page, and the
browser session then remembers which invitation it opened, so the secret does not travel on every later page (or in
their Referer headers). Every page checks again that the link still works; a link that does not gives one neutral
page, whatever the reason.

Staff pages, for the practitioner: create, show once and revoke the link, read the carer's answers and mark them
reviewed.
"""

from dataclasses import dataclass
from typing import Any, Final

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.assessments.events import AssessmentEvent
from carershub.assessments.forms.section_fields import SectionForm
from carershub.assessments.forms.self_assessment import CreateLinkForm
from carershub.assessments.models import Assessment, AssessmentSection, SelfAssessmentInvitation
from carershub.assessments.sections import SectionDefinition, section_definition
from carershub.assessments.selectors.self_assessment import (
    carer_section_keys,
    latest_invitation,
    saved_sections,
    usable_invitation,
    usable_invitation_for_token,
)
from carershub.assessments.selectors.timeliness import get_team_assessment
from carershub.assessments.services.errors import AssessmentClosed, StaleEdit
from carershub.assessments.services.self_assessment import (
    InvitationNotUsable,
    NothingToReview,
    SelfAssessmentNotPossible,
    create_invitation,
    is_usable,
    mark_answers_reviewed,
    record_opened,
    revoke_invitation,
    save_carer_answers,
    submit_answers,
)
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.ratelimit import client_address_digest, within_limit

SESSION_KEY: Final = "self_assessment_invitation"
# Opening a link, per address (IPv6: per /64) an hour. A carer opens theirs a few times; someone trying guesses at
# the 256-bit secret is stopped long before a guess could succeed.
OPENS_PER_HOUR: Final = 30


@dataclass(frozen=True)
class TaskRow:
    definition: SectionDefinition
    status: str
    status_label: str


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: list[str]


@dataclass(frozen=True)
class AnsweredSection:
    definition: SectionDefinition
    section: AssessmentSection | None
    answers: list[AnswerRow]


# --- Public pages ---------------------------------------------------------------------------------------------------


def _not_valid(request: HttpRequest) -> HttpResponse:
    # One page for unknown, expired, revoked and used links alike: nothing tells a guesser which it was.
    request.session.pop(SESSION_KEY, None)
    return render(request, "assessments/self_assessment/not_valid.html", status=404)


def _invitation_in_session(request: HttpRequest) -> SelfAssessmentInvitation | None:
    invitation_id = request.session.get(SESSION_KEY)
    if not isinstance(invitation_id, int):
        return None
    return usable_invitation(invitation_id)


@require_GET
def start(request: HttpRequest, token: str) -> HttpResponse:
    """The page the link opens: what happens next, and a start button."""
    if not within_limit(f"self-assessment:{client_address_digest(request)}", limit=OPENS_PER_HOUR, period_seconds=3600):
        return render(request, "assessments/self_assessment/too_many_requests.html", status=429)
    invitation = usable_invitation_for_token(token)
    if invitation is None:
        return _not_valid(request)
    try:
        invitation = record_opened(invitation)
    except InvitationNotUsable:
        return _not_valid(request)
    request.session.cycle_key()  # a fresh session id for the carer's answers
    request.session[SESSION_KEY] = invitation.pk
    return render(request, "assessments/self_assessment/start.html", {"invitation": invitation})


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """The carer's sections, how far each has got, and sending them to the practitioner."""
    invitation = _invitation_in_session(request)
    if invitation is None:
        return _not_valid(request)
    rows = _task_rows(invitation.assessment)
    _carer_viewed(invitation, "self-assessment task list")
    return render(
        request,
        "assessments/self_assessment/task_list.html",
        {
            "invitation": invitation,
            "rows": rows,
            "completed": sum(row.status == AssessmentSection.Status.COMPLETED for row in rows),
            "may_send": any(row.status != AssessmentSection.Status.NOT_STARTED for row in rows),
        },
    )


def _carer_viewed(invitation: SelfAssessmentInvitation, purpose: str) -> None:
    # The carer has no account: the event names the invitation, and the organisation carrying out the assessment.
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=None,
        subject=invitation.assessment,
        area=invitation.area,
        organisation=invitation.assessment.organisation,
        purpose=purpose,
        detail={"invitation": invitation.pk},
        event=AssessmentEvent.SELF_ASSESSMENT_OPENED,
    )


def _task_rows(assessment: Assessment) -> list[TaskRow]:
    keys = carer_section_keys(assessment)
    saved = saved_sections(assessment, keys)
    rows = []
    for key in keys:
        section = saved.get(key)
        status = section.status if section is not None else AssessmentSection.Status.NOT_STARTED
        rows.append(TaskRow(section_definition(assessment.kind, key), status, AssessmentSection.Status(status).label))
    return rows


def _section_form(
    definition: SectionDefinition, data: Any = None, *, initial: dict[str, Any] | None = None, draft: bool = False
) -> forms.Form:
    if issubclass(definition.form_class, SectionForm):
        return definition.form_class(data, initial=initial, draft=draft)
    return definition.form_class(data, initial=initial)


@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, key: str) -> HttpResponse:
    """One section's questions. "Save and continue" completes it; "Save and come back later" keeps a draft."""
    invitation = _invitation_in_session(request)
    if invitation is None:
        return _not_valid(request)
    assessment = invitation.assessment
    if key not in carer_section_keys(assessment):
        return _not_valid(request)
    definition = section_definition(assessment.kind, key)
    saved = saved_sections(assessment, [key]).get(key)
    if request.method != "POST":
        _carer_viewed(invitation, f"self-assessment section {key}")
        form = _section_form(definition, initial=dict(saved.answers) if saved else None)
        return _render_section(request, invitation, definition, form, version=saved.version if saved else 0)
    complete = request.POST.get("action") != "draft"
    form = _section_form(definition, request.POST, draft=not complete)
    version = _posted_version(request)
    if not form.is_valid():
        return _render_section(request, invitation, definition, form, version=version)
    try:
        save_carer_answers(
            invitation, key, answers=dict(form.cleaned_data), expected_version=version, complete=complete
        )
    except StaleEdit as stale:
        # Someone (the practitioner, or the carer in another tab) saved this section since the page was loaded.
        # Show what they saved beside what the carer typed, and let the carer save again on top of it.
        _carer_viewed(invitation, f"self-assessment section {key} (changed by someone else)")
        return _render_section(
            request, invitation, definition, form, version=stale.section.version, conflict=stale.section
        )
    except (InvitationNotUsable, AssessmentClosed):
        return _not_valid(request)
    confirmation = f"Your answers to {definition.title.lower()} have been saved"
    messages.success(request, confirmation if complete else f"{confirmation}. You can come back to them at any time")
    return redirect("self_assessment:task_list")


def _posted_version(request: HttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1  # a missing version can only be stale


def _render_section(
    request: HttpRequest,
    invitation: SelfAssessmentInvitation,
    definition: SectionDefinition,
    form: forms.Form,
    *,
    version: int,
    conflict: AssessmentSection | None = None,
) -> HttpResponse:
    return render(
        request,
        "assessments/self_assessment/section.html",
        {
            "invitation": invitation,
            "definition": definition,
            "form": form,
            "version": version,
            "conflict": conflict,
            "conflict_answers": _answer_rows(definition, dict(conflict.answers)) if conflict else [],
        },
    )


@require_POST
def send(request: HttpRequest) -> HttpResponse:
    """Send the answers to the practitioner. After this the link no longer opens the answers."""
    invitation = _invitation_in_session(request)
    if invitation is None:
        return _not_valid(request)
    try:
        submit_answers(invitation)
    except InvitationNotUsable:
        return _not_valid(request)
    request.session.pop(SESSION_KEY, None)
    return redirect("self_assessment:sent")


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """Confirmation. Holds nothing about the carer, so it is safe to show to anyone who opens its address."""
    return render(request, "assessments/self_assessment/sent.html")


# --- Staff pages ----------------------------------------------------------------------------------------------------


def _answer_rows(definition: SectionDefinition, answers: dict[str, Any]) -> list[AnswerRow]:
    """Each question of a section with the answer given, in words (choice labels rather than stored values)."""
    rows = []
    for name, field in _section_form(definition).fields.items():
        value = answers.get(name)
        choices = {str(key): str(label) for key, label in getattr(field, "choices", [])}
        if value in (None, "", []):
            answer = ["Not answered"]
        elif isinstance(value, list):
            answer = [choices.get(str(item), str(item)) for item in value]
        else:
            answer = [choices.get(str(value), str(value))]
        rows.append(AnswerRow(str(field.label or name), answer))
    return rows


def _practitioner_page(
    request: AuthenticatedHttpRequest,
    assessment: Assessment,
    *,
    form: CreateLinkForm | None = None,
    new_link: str = "",
    status: int = 200,
) -> HttpResponse:
    invitation = latest_invitation(assessment)
    keys = carer_section_keys(assessment)
    saved = saved_sections(assessment, keys)
    answered = []
    for key in keys:
        definition = section_definition(assessment.kind, key)
        section = saved.get(key)
        answered.append(
            AnsweredSection(definition, section, _answer_rows(definition, dict(section.answers)) if section else [])
        )
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=assessment.carer,
        area=assessment.area,
        purpose="self-assessment review",
        detail={"assessment": assessment.reference, "invitation": invitation.pk if invitation else None},
        event=AssessmentEvent.CARER_VIEWED,
    )
    return render(
        request,
        "assessments/self_assessment/practitioner.html",
        {
            "assessment": assessment,
            "invitation": invitation,
            "is_live": invitation is not None and is_usable(invitation),
            "may_create": assessment.status == Assessment.Status.IN_PROGRESS and bool(keys),
            "form": form or CreateLinkForm(carer_email=assessment.carer.email),
            "new_link": new_link,
            "answered": answered,
        },
        status=status,
    )


@login_required
@require_GET
@transaction.atomic
def practitioner_view(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The self-assessment of one assessment: its link, and the carer's answers section by section."""
    assessment = get_team_assessment(request.user, reference)
    return _practitioner_page(request, assessment)


@login_required
@require_POST
@transaction.atomic
def create_link(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Create a new link and show it, once, for the practitioner to send to the carer."""
    assessment = get_team_assessment(request.user, reference)
    form = CreateLinkForm(request.POST, carer_email=assessment.carer.email)
    if not form.is_valid():
        return _practitioner_page(request, assessment, form=form)
    try:
        _, url = create_invitation(
            assessment,
            by=request.user,
            site_url=request.build_absolute_uri("/"),
            email_to_carer=bool(form.cleaned_data.get("email_to_carer")),
        )
    except SelfAssessmentNotPossible:
        form.add_error(None, "A self-assessment link can only be made for an assessment in progress")
        return _practitioner_page(request, assessment, form=form)
    # Rendered, not redirected: the link is in this response only, and never stored.
    return _practitioner_page(request, assessment, new_link=url)


@login_required
@require_POST
@transaction.atomic
def revoke_link(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    assessment = get_team_assessment(request.user, reference)
    invitation = latest_invitation(assessment)
    if invitation is None:
        messages.error(request, "There is no self-assessment link to stop")
    else:
        try:
            revoke_invitation(invitation, by=request.user)
        except InvitationNotUsable:
            messages.error(request, "The link had already stopped working")
        else:
            messages.success(request, "The self-assessment link no longer works")
    return redirect("assessments:self_assessment", reference=assessment.reference)


@login_required
@require_POST
@transaction.atomic
def mark_reviewed(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    assessment = get_team_assessment(request.user, reference)
    invitation = latest_invitation(assessment)
    try:
        if invitation is None:
            raise NothingToReview(reference)
        mark_answers_reviewed(invitation, by=request.user)
    except NothingToReview:
        messages.error(request, "There are no answers from the carer waiting to be reviewed")
    else:
        messages.success(request, "The carer's answers are marked as reviewed")
    return redirect("assessments:self_assessment", reference=assessment.reference)
