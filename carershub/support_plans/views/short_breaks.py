"""Short break pages: request for a carer, then approve (against the plan's budget), book, deliver or cancel."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors
from carershub.emergency_response.models import Activation
from carershub.organisations.models import Organisation
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.forms import (
    ApproveBreakForm,
    BookBreakForm,
    CancelBreakForm,
    DeliverBreakForm,
    ShortBreakRequestForm,
)
from carershub.support_plans.models import ShortBreak, ShortBreakKind, SupportPlan
from carershub.support_plans.selectors import get_break_for_user, get_carer_for_break_request, plans_visible_to
from carershub.support_plans.services.common import StaleEdit, SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.short_breaks import (
    approve_break,
    book_break,
    budget_left,
    cancel_break,
    record_delivery,
    request_break,
)
from carershub.support_plans.views.common import STALE_MESSAGE, record_view


def _providers(short_break: ShortBreak) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            areas=short_break.area_id, kind=Organisation.Kind.PROVIDER, is_active=True
        ).order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def new(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Request a short break for a carer, against their agreed support plan when they have one."""
    carer = get_carer_for_break_request(request.user, person_id)
    plan = (
        plans_visible_to(request.user)
        .filter(carer=carer, status=SupportPlan.Status.AGREED)
        .order_by("-agreed_at")
        .first()
    )
    # An emergency break is opened from the call to the emergency line that needed it (the last 90 days' calls).
    activations = list(
        Activation.objects.filter(
            area=carer.area_id, plan__carer=carer, opened_at__gte=timezone.now() - timedelta(days=90)
        ).order_by("-opened_at")
    )
    form = ShortBreakRequestForm(
        request.POST if request.method == "POST" else None,
        activations=activations,
        initial=_from_activation(request.GET.get("activation"), activations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            short_break = request_break(carer, by=request.user, plan=plan, **form.cleaned_data)
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{short_break.kind.name} requested")
            return redirect(short_break)
    record_view(request.user, SupportPlanEvent.BREAK_VIEWED, carer=carer, page="request")
    intro = f"Against support plan {plan.reference}." if plan else "The carer has no agreed support plan."
    return render(
        request,
        "support_plans/form.html",
        {
            "form": form,
            "title": f"Request a short break for {carer.full_name}",
            "submit": "Request the break",
            "intro": intro,
            "back": carer.get_absolute_url(),
        },
    )


def _from_activation(activation_id: str | None, activations: list[Activation]) -> dict[str, object]:
    """Opened from an emergency activation's "request an emergency short break": that activation and the kind chosen
    (only one of this carer's recent activations; any other id is ignored)."""
    chosen = next((activation for activation in activations if str(activation.pk) == activation_id), None)
    return {"kind": ShortBreakKind.EMERGENCY, "activation": chosen.pk} if chosen else {}


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, break_id: int) -> HttpResponse:
    short_break = get_break_for_user(request.user, break_id)
    record_view(request.user, SupportPlanEvent.BREAK_VIEWED, carer=short_break.carer, short_break=short_break.pk)
    return render(request, "support_plans/short_break.html", _context(short_break))


def _context(short_break: ShortBreak, **forms: Form) -> dict[str, object]:
    initial = {"lock_version": short_break.lock_version}
    return {
        "short_break": short_break,
        "budget_left": budget_left(short_break.plan) if short_break.plan else None,
        "approve_form": forms.get("approve_form") or ApproveBreakForm(initial=initial),
        "book_form": forms.get("book_form") or BookBreakForm(initial=initial, providers=_providers(short_break)),
        "deliver_form": forms.get("deliver_form") or DeliverBreakForm(initial=initial),
        "cancel_form": forms.get("cancel_form") or CancelBreakForm(initial=initial),
    }


def _step(
    request: AuthenticatedHttpRequest, short_break: ShortBreak, form: Form, form_name: str, step: object, done: str
) -> HttpResponse:
    """Run one step of the break's life from its form; errors go back beside the fields."""
    if form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("lock_version")
        try:
            step(short_break, expected_version=expected_version, by=request.user, **data)  # type: ignore[operator]
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except (StaleEdit, WrongStatus) as refused:
            messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
            return redirect(short_break)
        else:
            messages.success(request, done)
            return redirect(short_break)
    record_view(request.user, SupportPlanEvent.BREAK_VIEWED, carer=short_break.carer, short_break=short_break.pk)
    return render(request, "support_plans/short_break.html", _context(short_break, **{form_name: form}), status=200)


@login_required
@require_POST
@transaction.atomic
def approve(request: AuthenticatedHttpRequest, break_id: int) -> HttpResponse:
    short_break = get_break_for_user(request.user, break_id)
    return _step(request, short_break, ApproveBreakForm(request.POST), "approve_form", approve_break, "Break approved")


@login_required
@require_POST
@transaction.atomic
def book(request: AuthenticatedHttpRequest, break_id: int) -> HttpResponse:
    short_break = get_break_for_user(request.user, break_id)
    form = BookBreakForm(request.POST, providers=_providers(short_break))
    return _step(request, short_break, form, "book_form", book_break, "Break booked")


@login_required
@require_POST
@transaction.atomic
def deliver(request: AuthenticatedHttpRequest, break_id: int) -> HttpResponse:
    short_break = get_break_for_user(request.user, break_id)
    return _step(
        request,
        short_break,
        DeliverBreakForm(request.POST),
        "deliver_form",
        record_delivery,
        "Break recorded as delivered",
    )


@login_required
@require_POST
@transaction.atomic
def cancel(request: AuthenticatedHttpRequest, break_id: int) -> HttpResponse:
    short_break = get_break_for_user(request.user, break_id)
    return _step(request, short_break, CancelBreakForm(request.POST), "cancel_form", cancel_break, "Break cancelled")
