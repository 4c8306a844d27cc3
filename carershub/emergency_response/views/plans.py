"""Pages for contingency plans (practitioners): the list, starting and changing a plan, its emergency contacts,
agreeing and withdrawing it, and the carer's copies.

Practitioners reach plans through the carers they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.forms import (
    KEY_SAFE_FIELDS,
    ConfirmPlanForm,
    EditPlanForm,
    EmergencyContactForm,
    NewPlanForm,
)
from carershub.emergency_response.models import ContingencyPlan, EmergencyContact
from carershub.emergency_response.plan_pdf import PrintedContact, PrintedPlan, plan_pdf
from carershub.emergency_response.rules import MIN_EMERGENCY_CONTACTS, can_add_emergency_contact
from carershub.emergency_response.selectors import (
    activations_of,
    active_card,
    current_contacts,
    current_plans_of,
    emergency_line_of,
    get_plan_for_user,
    plan_list_for,
    plan_review_reminder_days,
    works_on_plans,
)
from carershub.emergency_response.services.common import PLANNING_PURPOSE, PlanInvalid
from carershub.emergency_response.services.plans import (
    add_emergency_contact,
    confirm_plan,
    create_plan,
    remove_emergency_contact,
    update_plan,
    withdraw_plan,
)
from carershub.emergency_response.views.common import audit_plan_view, needs_of
from carershub.people.models import CaringRelationship
from carershub.people.selectors import get_person_for_user


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
        event=EmergencyEvent.PLANS_LISTED,
        detail={"contingency_plans": [plan.pk for plan in rows]},
    )
    return render(
        request,
        "emergency_response/plans.html",
        {
            "plans": rows,
            "reminder_days": plan_review_reminder_days(),
            # A manager lifts their organisation's paused card lookups (the email telling them of one says so).
            "shows_paused_lookups": request.user.has_role(Role.MANAGER),
        },
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
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Contingency plan started. Add the emergency contacts next")
            return redirect(plan)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=carer,
        area=carer.area,
        purpose=PLANNING_PURPOSE,
        event=EmergencyEvent.PLAN_VIEWED,
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
    audit_plan_view(request, contingency_plan)
    contacts = current_contacts(contingency_plan)
    return render(
        request,
        "emergency_response/plan.html",
        {
            "plan": contingency_plan,
            "needs": needs_of(contingency_plan),
            "contacts": contacts,
            "can_add_contact": can_add_emergency_contact(len(contacts)),
            "min_contacts": MIN_EMERGENCY_CONTACTS,
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
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Plan updated")
            return redirect(contingency_plan)
    audit_plan_view(request, contingency_plan)
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
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{contact.name} added as emergency contact {contact.order}")
            return redirect(contingency_plan)
    audit_plan_view(request, contingency_plan)
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
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "The plan is active and has an emergency card")
            return redirect(contingency_plan)
    audit_plan_view(request, contingency_plan)
    return render(
        request,
        "emergency_response/confirm_plan.html",
        {"plan": contingency_plan, "form": form, "contacts": current_contacts(contingency_plan)},
    )


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


def _record_export(
    request: AuthenticatedHttpRequest, plan: ContingencyPlan, *, purpose: str, event: EmergencyEvent
) -> None:
    """A copy of the carer's plan leaves the service (printed or as a PDF): an export of their data."""
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=plan.carer,
        area=plan.area,
        purpose=purpose,
        event=event,
        detail={"contingency_plan": plan.pk},
    )


@login_required
@require_GET
@transaction.atomic
def print_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The carer's own copy of their plan, to print (the key safe is never printed)."""
    contingency_plan = get_plan_for_user(request.user, plan_id)
    _record_export(request, contingency_plan, purpose="printed for the carer", event=EmergencyEvent.PLAN_PRINTED)
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
        needs=tuple(needs_of(plan)),
    )


@login_required
@require_GET
@transaction.atomic
def plan_pdf_for_carer(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The carer's copy of their plan as a PDF, to print or give them: they need no account to keep it."""
    contingency_plan = get_plan_for_user(request.user, plan_id)
    _record_export(request, contingency_plan, purpose="plan PDF for the carer", event=EmergencyEvent.PLAN_PDF_GIVEN)
    response = HttpResponse(plan_pdf(_printed_plan(contingency_plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emergency-plan-{contingency_plan.pk}.pdf"'
    return response
