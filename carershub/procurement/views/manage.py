"""The lead authority runs its arrangement: the quality questionnaire, authorities joining and leaving (health
partners opting in), joint extension decisions, admission windows and notices. Anyone else: 404."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carershub.core.access import AuthenticatedHttpRequest
from carershub.organisations.models import Organisation
from carershub.procurement.forms.arrangements import (
    ExtensionDecisionForm,
    LeaveForm,
    NoticeForm,
    ParticipantForm,
    QuestionForm,
    WindowForm,
)
from carershub.procurement.models import ArrangementParticipant, PurchasingArrangement
from carershub.procurement.selectors import BUYING_KINDS, get_arrangement_for_user, is_lead_commissioner
from carershub.procurement.services.arrangements import (
    ArrangementChangeRefused,
    add_question,
    decide_extension,
    join_arrangement,
    leave_arrangement,
    record_notice,
    set_admission_window,
)


def _led_arrangement(request: AuthenticatedHttpRequest, arrangement_reference: str) -> PurchasingArrangement:
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    if not is_lead_commissioner(request.user, arrangement):
        raise Http404
    return arrangement


def _form_page(
    request: AuthenticatedHttpRequest,
    arrangement: PurchasingArrangement,
    form: forms.Form,
    *,
    title: str,
    button: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ArrangementChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, done)
            return redirect(arrangement)
    return render(
        request,
        "procurement/form_page.html",
        {"arrangement": arrangement, "form": form, "title": title, "button": button},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    return _form_page(
        request,
        arrangement,
        QuestionForm(request.POST or None),
        title="Add a question to the quality questionnaire",
        button="Add the question",
        save=lambda data: add_question(
            arrangement,
            kind=data["kind"],
            text=data["text"],
            guidance=data["guidance"],
            weight=data["weight"] or 0,
            max_mark=data["max_mark"] or 0,
            minimum_mark=data["minimum_mark"] or 0,
            by=request.user,
        ),
        done="Question added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    current = arrangement.participants.filter(left_on__isnull=True).values("organisation_id")
    organisations = Organisation.objects.filter(kind__in=BUYING_KINDS, is_active=True).exclude(pk__in=current)
    return _form_page(
        request,
        arrangement,
        ParticipantForm(request.POST or None, organisations=organisations),
        title="Add a council or health partner",
        button="Add to the arrangement",
        save=lambda data: join_arrangement(
            arrangement,
            organisation=data["organisation"],
            kind=data["kind"],
            joined_on=data["joined_on"],
            by=request.user,
        ),
        done="Authority added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_leave(
    request: AuthenticatedHttpRequest, arrangement_reference: str, participant_id: int
) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    participant = get_object_or_404(
        arrangement.participants.select_related("organisation").filter(left_on__isnull=True), pk=participant_id
    )
    if participant.kind == ArrangementParticipant.Kind.LEAD:
        raise Http404
    return _form_page(
        request,
        arrangement,
        LeaveForm(request.POST or None),
        title=f"{participant.organisation} leaves the arrangement",
        button="Record leaving",
        save=lambda data: leave_arrangement(participant, left_on=data["left_on"], by=request.user),
        done=f"{participant.organisation} has left",
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    organisations = Organisation.objects.filter(
        pk__in=arrangement.participants.filter(left_on__isnull=True).values("organisation_id")
    )
    return _form_page(
        request,
        arrangement,
        ExtensionDecisionForm(request.POST or None, organisations=organisations),
        title="Record a joint extension decision",
        button="Record the decision",
        save=lambda data: decide_extension(
            arrangement,
            option_number=data["option_number"],
            is_taken=data["is_taken"] == "yes",
            decided_on=data["decided_on"],
            agreed_by=data["agreed_by"],
            decision_maker=data["decision_maker"],
            note=data["note"],
            by=request.user,
        ),
        done="Extension decision recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    return _form_page(
        request,
        arrangement,
        WindowForm(request.POST or None),
        title="Set an admission window",
        button="Set the window",
        save=lambda data: set_admission_window(
            arrangement,
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            assessment_date=data["assessment_date"],
            by=request.user,
        ),
        done="Admission window set",
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = _led_arrangement(request, arrangement_reference)
    return _form_page(
        request,
        arrangement,
        NoticeForm(request.POST or None),
        title="Record a notice",
        button="Record the notice",
        save=lambda data: record_notice(
            arrangement,
            kind=data["kind"],
            reference=data["reference"],
            published_on=data["published_on"],
            url=data["url"],
            by=request.user,
        ),
        done="Notice recorded",
    )
