"""Pages for contingency plans (practitioners) and the 24/7 emergency line (responders).

Practitioners reach plans through the carers they may see. Responders reach nothing but a plan opened by card
number with a reason, and see only what to do now."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.emergency_response.actions import actions_for
from carershub.emergency_response.card_pdf import card_pdf
from carershub.emergency_response.encryption import ShownSecret, decrypt
from carershub.emergency_response.forms import (
    KEY_SAFE_FIELDS,
    ActivationDetailsForm,
    CardLookupForm,
    CloseActivationForm,
    ConfirmPlanForm,
    ContactAttemptForm,
    EditPlanForm,
    EmergencyContactForm,
    NewPlanForm,
    OpenPlanForm,
)
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyContact
from carershub.emergency_response.plan_pdf import PrintedContact, PrintedPlan, plan_pdf
from carershub.emergency_response.rules import format_card_number
from carershub.emergency_response.selectors import (
    activations_of,
    active_card,
    current_contacts,
    current_plans_of,
    emergency_line_of,
    get_activation_for_responder,
    get_notification_for_responder,
    get_plan_for_user,
    lines_run_by,
    open_activations_for,
    paused_lookups_for,
    plan_list_for,
    plan_review_reminder_days,
    works_on_plans,
)
from carershub.emergency_response.services import (
    PLAN_DETAIL_FIELDS,
    ActivationClosed,
    LookupResult,
    PlanInvalid,
    add_emergency_contact,
    close_activation,
    confirm_plan,
    create_plan,
    lift_lookup_pause,
    look_up_card,
    open_activation,
    record_contact_attempt,
    reissue_card,
    remove_emergency_contact,
    retry_notification,
    update_activation,
    update_plan,
    withdraw_plan,
)
from carershub.people.models import CaringRelationship
from carershub.people.selectors import get_person_for_user

LOOKUP_MESSAGES = {
    LookupResult.MISTYPED: "Check the card number: it has a mistake in it. Card numbers have 10 digits",
    LookupResult.UNKNOWN: "There is no active plan with this card number",
    LookupResult.ENDED: "This card is no longer in use: it was replaced or the plan was withdrawn. No plan is shown",
    LookupResult.RATE_LIMITED: (
        "Too many card numbers were not found. Lookups from your account are paused for 15 minutes and your "
        "manager has been told. Call your supervisor if this is an emergency"
    ),
}


def _needs(plan: ContingencyPlan) -> list[tuple[str, str]]:
    """The plan's "next 72 hours" sections as (label, text), in the order a responder reads them."""
    return [
        # capfirst, not str.capitalize, which would lower-case the rest ("GP" would read "Gp").
        (capfirst(str(getattr(ContingencyPlan._meta.get_field(name), "verbose_name", name))), getattr(plan, name))
        for name in PLAN_DETAIL_FIELDS
        if name != "replacement_care"
    ]


def _add_errors(form: Form, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


def _audit_plan_view(request: AuthenticatedHttpRequest, plan: ContingencyPlan, purpose: str, **detail: Any) -> None:
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=plan.carer,
        area=plan.area,
        purpose=purpose,
        detail={"contingency_plan": plan.pk, **detail},
    )


# Practitioners ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
@transaction.atomic
def plans(request: AuthenticatedHttpRequest) -> HttpResponse:
    # For anyone who does no contingency planning the page does not exist: nothing looked up, nothing recorded.
    if not works_on_plans(request.user):
        raise Http404
    rows = plan_list_for(request.user)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        purpose="contingency plans list",
        detail={"contingency_plans": [plan.pk for plan in rows]},
    )
    return render(
        request, "emergency_response/plans.html", {"plans": rows, "reminder_days": plan_review_reminder_days()}
    )


@login_required
@sensitive_post_parameters(*KEY_SAFE_FIELDS)  # never in an error report
@require_http_methods(["GET", "POST"])
@transaction.atomic
def new_plan(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    carer = get_person_for_user(request.user, person_id)
    relationships = CaringRelationship.objects.filter(carer=carer, ended_on__isnull=True).select_related("cared_for")
    cared_for = [relationship.cared_for for relationship in relationships]
    form = NewPlanForm(request.POST or None, cared_for=cared_for)
    if request.method == "POST" and form.is_valid():
        chosen = next(person for person in cared_for if person.pk == form.cleaned_data["cared_for"])
        try:
            with transaction.atomic():
                plan = create_plan(carer, cared_for=chosen, by=request.user, **form.plan_details())
                key_safe = form.key_safe_change()
                if key_safe:
                    update_plan(plan, by=request.user, key_safe=key_safe)
        except PlanInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "Contingency plan started. Add the emergency contacts next")
            return redirect(plan)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=carer,
        area=carer.area,
        purpose="contingency planning",
    )
    return render(
        request,
        "emergency_response/new_plan.html",
        {"carer": carer, "form": form, "cared_for": cared_for, "existing": current_plans_of(carer)},
    )


@login_required
@require_GET
@transaction.atomic
def plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    _audit_plan_view(request, contingency_plan, "contingency planning")
    return render(
        request,
        "emergency_response/plan.html",
        {
            "plan": contingency_plan,
            "needs": _needs(contingency_plan),
            "contacts": current_contacts(contingency_plan),
            "card": active_card(contingency_plan),
            "line": emergency_line_of(contingency_plan.area),
            "activations": activations_of(contingency_plan),
        },
    )


@login_required
@sensitive_post_parameters(*KEY_SAFE_FIELDS)  # never in an error report
@require_http_methods(["GET", "POST"])
@transaction.atomic
def edit_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    form = EditPlanForm(request.POST) if request.method == "POST" else EditPlanForm.for_plan(contingency_plan)
    if request.method == "POST" and form.is_valid():
        try:
            update_plan(contingency_plan, by=request.user, key_safe=form.key_safe_change(), **form.plan_details())
        except PlanInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "Plan updated")
            return redirect(contingency_plan)
    _audit_plan_view(request, contingency_plan, "contingency planning")
    return render(request, "emergency_response/edit_plan.html", {"plan": contingency_plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def add_contact(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    form = EmergencyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = add_emergency_contact(contingency_plan, by=request.user, **form.cleaned_data)
        except PlanInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{contact.name} added as emergency contact {contact.order}")
            return redirect(contingency_plan)
    _audit_plan_view(request, contingency_plan, "contingency planning")
    return render(request, "emergency_response/add_contact.html", {"plan": contingency_plan, "form": form})


@login_required
@require_POST
def remove_contact(request: AuthenticatedHttpRequest, plan_id: int, contact_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    contact = EmergencyContact.objects.filter(plan=contingency_plan, pk=contact_id, removed_at__isnull=True).first()
    if contact is None:
        raise Http404("No contact found")
    try:
        remove_emergency_contact(contact, by=request.user)
    except PlanInvalid as invalid:
        for message in invalid.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, f"{contact.name} removed from the plan")
    return redirect(contingency_plan)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def confirm(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    form = ConfirmPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_plan(contingency_plan, by=request.user, review_date=form.cleaned_data["review_date"])
        except PlanInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "The plan is active and has an emergency card")
            return redirect(contingency_plan)
    _audit_plan_view(request, contingency_plan, "contingency planning")
    return render(
        request,
        "emergency_response/confirm_plan.html",
        {"plan": contingency_plan, "form": form, "contacts": current_contacts(contingency_plan)},
    )


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
@require_POST
def withdraw(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    contingency_plan = get_plan_for_user(request.user, plan_id)
    try:
        withdraw_plan(contingency_plan, by=request.user)
    except PlanInvalid as invalid:
        for message in invalid.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, "Plan withdrawn: its card no longer works")
    return redirect(contingency_plan)


def _record_export(request: AuthenticatedHttpRequest, plan: ContingencyPlan, *, purpose: str) -> None:
    """A copy of the carer's plan leaves the service (printed or as a PDF): an export of their data."""
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=plan.carer,
        area=plan.area,
        purpose=purpose,
        detail={"contingency_plan": plan.pk},
    )


@login_required
@require_GET
@transaction.atomic
def print_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The carer's own copy of their plan, to print (the key safe is never printed)."""
    contingency_plan = get_plan_for_user(request.user, plan_id)
    _record_export(request, contingency_plan, purpose="printed for the carer")
    return render(
        request,
        "emergency_response/print_plan.html",
        {"plan": contingency_plan, "printed": _printed_plan(contingency_plan)},
    )


def _printed_plan(plan: ContingencyPlan) -> PrintedPlan:
    emergency_card = active_card(plan)
    line = emergency_line_of(plan.area)
    return PrintedPlan(
        carer_name=plan.carer.full_name,
        cared_for_name=plan.cared_for.full_name,
        status=plan.get_status_display(),
        review_date=plan.review_date,
        card_number=emergency_card.number if emergency_card is not None else "",
        line_phone_number=line.phone_number if line is not None else "",
        contacts=tuple(
            PrintedContact(
                order=contact.order,
                name=contact.name,
                relationship=contact.relationship,
                phone=contact.phone,
                availability=contact.availability,
            )
            for contact in current_contacts(plan)
        ),
        replacement_care=plan.replacement_care,
        needs=tuple(_needs(plan)),
    )


@login_required
@require_GET
@transaction.atomic
def plan_pdf_for_carer(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The carer's copy of their plan as a PDF, to print or give them: they need no account to keep it."""
    contingency_plan = get_plan_for_user(request.user, plan_id)
    _record_export(request, contingency_plan, purpose="plan PDF for the carer")
    response = HttpResponse(plan_pdf(_printed_plan(contingency_plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emergency-plan-{contingency_plan.pk}.pdf"'
    return response


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
    )
    response = HttpResponse(
        card_pdf(card_number=emergency_card.number, line_phone_number=line.phone_number),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="emergency-card-{emergency_card.number}.pdf"'
    return response


# The emergency line -------------------------------------------------------------------------------------------------


def _require_responder(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_role(Role.EMERGENCY_RESPONDER):
        raise Http404


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_http_methods(["GET", "POST"])
def lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Type a card number; if it is a live card, say why you are opening it; then the plan opens."""
    _require_responder(request)
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
                    activation, opened = open_activation(
                        found.card, by=request.user, reason=open_form.cleaned_data["reason"]
                    )
                except PlanInvalid as invalid:
                    _add_errors(open_form, invalid.errors)
                else:
                    if not opened:
                        opened_at = timezone.localtime(activation.opened_at)
                        messages.info(
                            request,
                            f"{activation.opened_by} already opened this plan at {opened_at:%H:%M}: "
                            "you are working on the same activation",
                        )
                    return redirect(activation)
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
            "needs": _needs(activation.plan),
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
            _add_errors(form, invalid.errors)
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
            _add_errors(form, invalid.errors)
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
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "Activation closed")
            return redirect(current)
    return _render_activation(request, current, close_form=form, status=400)


@never_cache  # the responder screen holds the key safe: no copy in any cache or back-button store
@login_required
@require_POST
def retry(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = get_notification_for_responder(request.user, notification_id)
    try:
        notification = retry_notification(notification, by=request.user)
    except ActivationClosed:
        messages.error(request, "This activation is closed: its messages cannot be sent again")
        return redirect(notification.activation)
    notification.refresh_from_db()  # the send ran (or was queued) when the retry was committed
    messages.info(
        request,
        f"{notification.get_channel_display()} to {notification.contact.name}: {notification.get_status_display()}",
    )
    return redirect(notification.activation)


# Managers -------------------------------------------------------------------------------------------------------------


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
