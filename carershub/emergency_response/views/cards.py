"""Pages for emergency cards and their lookups: reissuing and printing a card (practitioners), typing a card number
on the emergency line (responders), and lifting a pause on lookups (managers).

Responders reach nothing but a plan opened by card number with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.emergency_response.card_pdf import card_pdf
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.forms import (
    CardLookupForm,
    OpenPlanForm,
)
from carershub.emergency_response.rules import format_card_number
from carershub.emergency_response.selectors import (
    active_card,
    emergency_line_of,
    get_plan_for_user,
    lines_run_by,
    open_activations_for,
    paused_lookups_for,
)
from carershub.emergency_response.services.activations import (
    open_activation,
)
from carershub.emergency_response.services.cards import LookupResult, lift_lookup_pause, look_up_card, reissue_card
from carershub.emergency_response.services.common import PlanInvalid
from carershub.emergency_response.views.common import require_responder


@login_required
@require_POST
def reissue(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    try:
        card = reissue_card(contingency_plan, by=request.user)
    except PlanInvalid as invalid:
        for message in invalid.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, f"New card {card.formatted_number} issued: the old number no longer works")
    return redirect(contingency_plan)


@login_required
@require_GET
@transaction.atomic
def card(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    emergency_card = active_card(contingency_plan)
    line = emergency_line_of(contingency_plan.area)
    if emergency_card is None or line is None:
        raise Http404("No card to print")
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=contingency_plan.carer,
        area=contingency_plan.area,
        purpose="emergency card printed",
        detail={"contingency_plan": contingency_plan.pk, "card_number": emergency_card.number},
        event=EmergencyEvent.CARD_PRINTED,
    )
    response = HttpResponse(
        card_pdf(card_number=emergency_card.number, line_phone_number=line.phone_number),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="emergency-card-{emergency_card.number}.pdf"'
    return response


LOOKUP_MESSAGES = {
    LookupResult.MISTYPED: "Check the card number: it has a mistake in it. Card numbers have 10 digits",
    LookupResult.UNKNOWN: "There is no active plan with this card number",
    LookupResult.ENDED: "This card is no longer in use: it was replaced or the plan was withdrawn. No plan is shown",
    LookupResult.RATE_LIMITED: (
        "Too many card numbers were not found. Lookups from your account are paused for 15 minutes and your "
        "manager has been told. Call your supervisor if this is an emergency"
    ),
}


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_http_methods(["GET", "POST"])
def lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Type a card number; if it is a live card, say why you are opening it; then the plan opens."""
    require_responder(request)
    lines = lines_run_by(request.user)
    lookup_form = CardLookupForm(request.POST if request.method == "POST" and "reason" not in request.POST else None)
    open_form: OpenPlanForm | None = None
    warning = ""
    if request.method == "POST":
        typed = request.POST.get("number", "")
        if "reason" in request.POST:
            open_form = OpenPlanForm(request.POST)
            found = look_up_card(typed, lines=lines, by=request.user)
            if found.result != LookupResult.FOUND or found.card is None:
                lookup_form = CardLookupForm({"number": typed})
                lookup_form.is_valid()
                lookup_form.add_error("number", LOOKUP_MESSAGES[found.result])
                open_form = None
                warning = LOOKUP_MESSAGES[found.result] if found.result == LookupResult.RATE_LIMITED else ""
            elif open_form.is_valid():
                try:
                    result = open_activation(found.card, by=request.user, reason=open_form.cleaned_data["reason"])
                except PlanInvalid as invalid:
                    add_errors(open_form, invalid.errors)
                else:
                    if not result.opened:
                        opened_at = timezone.localtime(result.activation.opened_at)
                        messages.info(
                            request,
                            f"{result.activation.opened_by} already opened this plan at {opened_at:%H:%M}: "
                            "you are working on the same activation",
                        )
                    return redirect(result.activation)
        elif lookup_form.is_valid():
            found = look_up_card(lookup_form.cleaned_data["number"], lines=lines, by=request.user)
            if found.result == LookupResult.FOUND:
                open_form = OpenPlanForm(initial={"number": found.number})
            else:
                lookup_form.add_error("number", LOOKUP_MESSAGES[found.result])
                warning = LOOKUP_MESSAGES[found.result] if found.result == LookupResult.RATE_LIMITED else ""
    if open_form is not None:
        return render(
            request,
            "emergency_response/open_plan.html",
            {"form": open_form, "number": format_card_number(open_form["number"].value() or "")},
        )
    return render(
        request,
        "emergency_response/lookup.html",
        {
            "form": lookup_form,
            "warning": warning,
            "has_lines": bool(lines),
            "open_activations": open_activations_for(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paused_lookups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager sees their organisation's responders and keys whose card lookups are paused, and lifts a pause."""
    if not request.user.has_role(Role.MANAGER):
        raise Http404
    paused = paused_lookups_for(request.user)
    if request.method == "POST":
        responder = next((user for user in paused.responders if str(user.pk) == request.POST.get("user")), None)
        api_key = next((key for key in paused.api_keys if str(key.pk) == request.POST.get("key")), None)
        if responder is None and api_key is None:
            raise Http404
        try:
            lift_lookup_pause(by=request.user, responder=responder, api_key=api_key)
        except PlanInvalid:
            raise Http404 from None
        name = responder.full_name if responder is not None else api_key.name if api_key is not None else ""
        messages.success(request, f"Card lookups by {name} can start again")
        return redirect("emergency_response:paused_lookups")
    return render(request, "emergency_response/paused_lookups.html", {"paused": paused})
