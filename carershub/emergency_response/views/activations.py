"""The responder's screen for an activation: what to do now, the calls to the emergency contacts, and closing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.emergency_response.actions import actions_for
from carershub.emergency_response.encryption import ShownSecret, decrypt
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.forms import (
    ActivationDetailsForm,
    CloseActivationForm,
    ContactAttemptForm,
)
from carershub.emergency_response.models import Activation
from carershub.emergency_response.selectors import get_activation_for_responder, open_activations_for
from carershub.emergency_response.services.activations import (
    close_activation,
    record_contact_attempt,
    update_activation,
)
from carershub.emergency_response.services.common import ActivationClosed, PlanInvalid
from carershub.emergency_response.views.common import needs_of, require_responder


def _render_activation(
    request: AuthenticatedHttpRequest,
    activation: Activation,
    *,
    details_form: ActivationDetailsForm | None = None,
    attempt_form: ContactAttemptForm | None = None,
    close_form: CloseActivationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The responder's screen. Every view of it is recorded with the activation's reason (break the glass)."""
    contacts = activation.plan.current_contacts  # type: ignore[attr-defined]
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=activation.plan.carer,
        area=activation.area,
        purpose=activation.reason,
        event=EmergencyEvent.ACTIVATION_VIEWED,
        detail={"break_the_glass": True, "activation": activation.pk, "contingency_plan": activation.plan_id},
    )
    submitted = next(
        (form for form in (details_form, attempt_form, close_form) if form is not None and form.is_bound), None
    )
    return render(
        request,
        "emergency_response/activation.html",
        {
            "activation": activation,
            "plan": activation.plan,
            "needs": needs_of(activation.plan),
            "contacts": contacts,
            "attempts": list(activation.attempts.all()),
            "notifications": list(activation.notifications.all()),
            "actions": actions_for(request.user, activation),
            "line": getattr(activation.area, "emergency_line", None),
            # The key safe is decrypted here only, for an open activation; never for a closed one.
            # Wrapped so that a dump of this context (a DEBUG log, an error report) shows stars.
            "key_safe": ShownSecret(decrypt(activation.plan.key_safe_encrypted) if activation.is_open() else ""),
            "details_form": details_form or ActivationDetailsForm.for_activation(activation),
            "attempt_form": attempt_form or ContactAttemptForm(contacts=contacts),
            "close_form": close_form or CloseActivationForm(initial={"support_hours": activation.support_hours}),
            "form": submitted,
        },
        status=status,
    )


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_GET
@transaction.atomic
def activation(request: AuthenticatedHttpRequest, activation_id: int) -> HttpResponse:
    return _render_activation(request, get_activation_for_responder(request.user, activation_id))


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_POST
@transaction.atomic
def activation_details(request: AuthenticatedHttpRequest, activation_id: int) -> HttpResponse:
    current = get_activation_for_responder(request.user, activation_id)
    form = ActivationDetailsForm(request.POST)
    if form.is_valid():
        try:
            update_activation(current, by=request.user, **form.details())
        except ActivationClosed:
            messages.error(request, "This activation is closed: it cannot be changed")
            return redirect(current)
        except PlanInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Details saved")
            return redirect(current)
    return _render_activation(request, current, details_form=form, status=400)


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_POST
@transaction.atomic
def contact_attempt(request: AuthenticatedHttpRequest, activation_id: int) -> HttpResponse:
    current = get_activation_for_responder(request.user, activation_id)
    contacts = current.plan.current_contacts  # type: ignore[attr-defined]
    form = ContactAttemptForm(request.POST, contacts=contacts)
    if form.is_valid():
        contact = next(contact for contact in contacts if contact.pk == form.cleaned_data["contact"])
        try:
            record_contact_attempt(
                current,
                by=request.user,
                contact=contact,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except ActivationClosed:
            messages.error(request, "This activation is closed: it cannot be changed")
            return redirect(current)
        except PlanInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Call to {contact.name} recorded")
            return redirect(current)
    return _render_activation(request, current, attempt_form=form, status=400)


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_POST
@transaction.atomic
def close(request: AuthenticatedHttpRequest, activation_id: int) -> HttpResponse:
    current = get_activation_for_responder(request.user, activation_id)
    form = CloseActivationForm(request.POST)
    if form.is_valid():
        try:
            close_activation(
                current,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                follow_up=form.cleaned_data["follow_up"],
                support_hours=form.cleaned_data["support_hours"],
            )
        except ActivationClosed:
            messages.error(request, "This activation is already closed")
            return redirect(current)
        except PlanInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Activation closed")
            return redirect(current)
    return _render_activation(request, current, close_form=form, status=400)


@login_required
@require_GET
def open_activations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The activations still open on the lines the responder answers, to go back to one (card numbers and times
    only: the plan is opened from here as from the activation's own link)."""
    require_responder(request)
    return render(
        request, "emergency_response/open_activations.html", {"activations": open_activations_for(request.user)}
    )
