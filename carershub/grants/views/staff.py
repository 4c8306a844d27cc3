"""The fund team's and the panel's pages: a round's applications, and one application's eligibility check,
declarations, scores, decision, award letter, payments and end-of-grant return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.forms import DecisionForm, DeclarationForm, PaymentForm, ReturnForm, ScoreForm
from carershub.grants.models import Application
from carershub.grants.rules.scoring import remaining_budget
from carershub.grants.selectors import (
    applications_in,
    awarded_in,
    get_application_for_user,
    get_round_for_user,
    rounds_run_by,
    runs_funds,
)
from carershub.grants.services import GrantsInvalid
from carershub.grants.services.applications import check_application_eligibility
from carershub.grants.services.awards import decide_application, record_payment, record_return
from carershub.grants.services.panel import (
    declaration_of,
    declare_interest,
    panel_score_of,
    panel_seat,
    score_application,
)


@login_required
@require_GET
def rounds(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not runs_funds(request.user):
        raise Http404
    return render(request, "grants/rounds.html", {"rounds": list(rounds_run_by(request.user))})


@login_required
@require_GET
def funding_round(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    chosen = get_round_for_user(request.user, round_id)
    awarded = awarded_in(chosen)
    return render(
        request,
        "grants/round.html",
        {
            "round": chosen,
            "applications": applications_in(chosen),
            "awarded": awarded,
            "remaining": remaining_budget(chosen.budget, [awarded]),
        },
    )


def _application_page(
    request: AuthenticatedHttpRequest, application: Application, forms: dict[str, Form] | None = None
) -> HttpResponse:
    criteria = list(application.funding_round.scoring_criteria.all())
    mine = dict(application.scores.filter(scorer=request.user).values_list("criterion_id", "score"))
    award = getattr(application, "award", None)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=application,
        area=application.area,
        purpose="community fund application",
        event=GrantsEvent.APPLICATION_VIEWED,
    )
    context = {
        "application": application,
        "seat": panel_seat(application, request.user),
        "declaration": declaration_of(application, request.user),
        "panel": panel_score_of(application),
        "award": award,
        "payments": list(award.payments.all()) if award else [],
        "grant_return": getattr(award, "end_of_grant_return", None) if award else None,
        "declaration_form": DeclarationForm(),
        "score_form": ScoreForm(criteria=criteria, initial={f"criterion_{k}": v for k, v in mine.items()}),
        "decision_form": DecisionForm(),
        "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
        "return_form": ReturnForm(initial={"received_on": timezone.localdate()}),
        **(forms or {}),
    }
    return render(request, "grants/application.html", context, status=400 if forms else 200)


@login_required
@require_GET
@transaction.atomic
def application(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    return _application_page(request, get_application_for_user(request.user, application_id))


@login_required
@require_POST
@transaction.atomic
def check_eligibility(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    try:
        checked = check_application_eligibility(chosen, by=request.user)
    except GrantsInvalid as invalid:
        # Checked already (another tab, a second press): say so on the application, change nothing.
        for message in invalid.errors.values():
            messages.error(request, str(message))
        return redirect(chosen)
    messages.success(request, f"Eligibility checked: {checked.get_status_display()}")
    return redirect(checked)


@login_required
@require_POST
@transaction.atomic
def declare(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    form = DeclarationForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                declare_interest(chosen, by=request.user, **form.cleaned_data)
        except GrantsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Declaration recorded")
            return redirect(chosen)
    return _application_page(request, chosen, {"declaration_form": form})


@login_required
@require_POST
@transaction.atomic
def score(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    form = ScoreForm(request.POST, criteria=list(chosen.funding_round.scoring_criteria.all()), initial={})
    if form.is_valid():
        try:
            with transaction.atomic():
                scored = score_application(
                    chosen, by=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
                )
        except GrantsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Scores saved. {len(scored.panel.totals)} panel member(s) have scored it")
            return redirect(chosen)
    return _application_page(request, chosen, {"score_form": form})


@login_required
@require_POST
@transaction.atomic
def decide(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                decided = decide_application(
                    chosen,
                    by=request.user,
                    award=form.cleaned_data["outcome"] == "award",
                    amount=form.cleaned_data["amount"],
                    reasons=form.cleaned_data["reasons"],
                )
        except GrantsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(
                request,
                f"Decision recorded: {decided.application.get_status_display()}. "
                f"£{decided.remaining_budget:,.2f} left in the round",
            )
            return redirect(chosen)
    return _application_page(request, chosen, {"decision_form": form})


@login_required
@require_POST
@transaction.atomic
def pay(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    award = getattr(chosen, "award", None)
    if award is None:
        raise Http404
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                payment = record_payment(award, by=request.user, **form.cleaned_data)
        except GrantsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Payment of £{payment.amount:,.2f} recorded")
            return redirect(chosen)
    return _application_page(request, chosen, {"payment_form": form})


@login_required
@require_POST
@transaction.atomic
def end_of_grant(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    chosen = get_application_for_user(request.user, application_id)
    award = getattr(chosen, "award", None)
    if award is None:
        raise Http404
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                record_return(award, by=request.user, **form.cleaned_data)
        except GrantsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "End-of-grant return recorded")
            return redirect(chosen)
    return _application_page(request, chosen, {"return_form": form})


@login_required
@require_GET
@transaction.atomic
def letter(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The award letter, to print or save as PDF from the browser."""
    chosen = get_application_for_user(request.user, application_id)
    award = getattr(chosen, "award", None)
    if award is None:
        raise Http404
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=chosen,
        area=chosen.area,
        purpose="community fund award letter",
        event=GrantsEvent.APPLICATION_VIEWED,
        detail={"letter": True},
    )
    return render(request, "grants/letter.html", {"application": chosen, "award": award})
