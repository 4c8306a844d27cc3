"""The support plan pages: start from an assessment, the plan and its versions, details and needs, the budget's
approval, agreement, revision, ending, and the carer's copy (page and PDF)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.assessments.selectors.timeliness import get_team_assessment
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors
from carershub.emergency_response.models import ContingencyPlan
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.forms import AgreeForm, EndPlanForm, NeedForm, PlanDetailsForm, ReasonForm
from carershub.support_plans.models import DirectPaymentAgreement, PlanNeed, SupportPlan
from carershub.support_plans.plan_copy import carer_copy, carer_copy_pdf
from carershub.support_plans.selectors import (
    agreements_of,
    get_plan_for_user,
    needs_of,
    reviews_of,
    versions_of,
)
from carershub.support_plans.services.budget import (
    approval_threshold,
    approve_budget,
    budget_total,
    may_approve_budget,
    needs_budget_approval,
)
from carershub.support_plans.services.common import NotPermitted, StaleEdit, SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.plans import (
    NeedDetails,
    agree_plan,
    check_ready_to_agree,
    remove_need,
    save_need,
    start_plan,
    update_plan,
)
from carershub.support_plans.services.versions import end_plan, start_revision
from carershub.support_plans.views.common import STALE_MESSAGE, record_view, require_team_role


@login_required
@require_POST
@transaction.atomic
def start(request: AuthenticatedHttpRequest, assessment_reference: str) -> HttpResponse:
    """Start the support plan of a signed-off assessment with eligible needs (or open the one already started)."""
    require_team_role(request)
    assessment = get_team_assessment(request.user, assessment_reference)
    try:
        started = start_plan(assessment, by=request.user)
    except WrongStatus as wrong:
        messages.error(request, str(wrong))
        return redirect(assessment)
    if started.was_new:
        messages.success(request, f"Support plan {started.plan.reference} started")
    return redirect(started.plan)


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """One version of a plan: needs and how each is met, the personal budget, direct payments and reviews."""
    user = request.user
    plan = get_plan_for_user(user, reference, version)
    needs = needs_of(plan)
    total = budget_total(plan)
    agreements = agreements_of(plan)
    record_view(user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, version=plan.version)
    return render(
        request,
        "support_plans/plan.html",
        {
            "plan": plan,
            "needs": needs,
            "total": total,
            "council_pays": max(total - plan.carer_contribution, Decimal("0.00")),
            "threshold": approval_threshold(),
            "needs_approval": needs_budget_approval(plan, total),
            "may_approve": may_approve_budget(user, plan),
            "still_to_do": check_ready_to_agree(plan) if plan.is_draft() else {},
            "versions": versions_of(plan),
            "reviews": reviews_of(plan),
            "agreements": agreements,
            "needs_paid_directly": _needs_paid_directly(needs, agreements),
        },
    )


def _needs_paid_directly(needs: list[PlanNeed], agreements: list[DirectPaymentAgreement]) -> set[int]:
    """The needs of this version with a direct payment in payment: set up against this version, or against an
    earlier one for the same need (a revision copies its needs, and the agreement carries on)."""
    active = [agreement.need for agreement in agreements if agreement.status == DirectPaymentAgreement.Status.ACTIVE]
    same_need = {(need.order, need.description) for need in active}
    return {need.pk for need in needs if need in active or (need.order, need.description) in same_need}


def _contingency_plans(plan: SupportPlan) -> list[ContingencyPlan]:
    return list(
        ContingencyPlan.objects.filter(area=plan.area_id, carer=plan.carer)
        .exclude(status=ContingencyPlan.Status.WITHDRAWN)
        .select_related("cared_for")
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def edit(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """Change a draft plan's outcomes, advice and information, involvement, contribution and contingency plan."""
    plan = get_plan_for_user(request.user, reference, version)
    if (refused := _unless_draft(request, plan)) is not None:
        return refused
    initial = {
        "lock_version": plan.lock_version,
        "outcomes_wanted": plan.outcomes_wanted,
        "advice_and_information": plan.advice_and_information,
        "people_involved": plan.people_involved,
        "carer_contribution": plan.carer_contribution,
        "contingency_plan": plan.contingency_plan_id,
    }
    form = PlanDetailsForm(
        request.POST if request.method == "POST" else None, initial=initial, contingency_plans=_contingency_plans(plan)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_plan(
                plan,
                expected_version=data["lock_version"],
                by=request.user,
                outcomes_wanted=data["outcomes_wanted"],
                advice_and_information=data["advice_and_information"],
                people_involved=data["people_involved"],
                carer_contribution=data["carer_contribution"],
                contingency_plan=data["contingency_plan"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except (StaleEdit, WrongStatus) as refused:
            messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
            return redirect(plan)
        else:
            messages.success(request, "Plan saved")
            return redirect(plan)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="edit")
    return render(request, "support_plans/form.html", _form_page(plan, form, "Outcomes, advice and involvement"))


def _unless_draft(request: AuthenticatedHttpRequest, plan: SupportPlan) -> HttpResponse | None:
    """An agreed, superseded or ended version is not changed in place: back to the plan, saying how to change it."""
    if plan.is_draft():
        return None
    messages.error(request, "This version is not a draft: revise the plan to make a new version to change")
    return redirect(plan)


def _form_page(
    plan: SupportPlan, form: object, title: str, *, submit: str = "Save", intro: str = ""
) -> dict[str, object]:
    return {
        "plan": plan,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        "back": plan.get_absolute_url(),
    }


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def need(request: AuthenticatedHttpRequest, reference: str, version: int, need_id: int | None = None) -> HttpResponse:
    """Add a need to a draft plan or change one: how it is met, its cost, any direct payment and its CLD fields."""
    plan = get_plan_for_user(request.user, reference, version)
    if (refused := _unless_draft(request, plan)) is not None:
        return refused
    existing = get_object_or_404(PlanNeed, area=plan.area_id, plan=plan, pk=need_id) if need_id else None
    initial = NeedForm.initial_for(existing, plan.lock_version) if existing else {"lock_version": plan.lock_version}
    form = NeedForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = NeedDetails(
            description=data["description"],
            how_met=data["how_met"],
            how_met_detail=data["how_met_detail"],
            cost=data["cost"],
            direct_payment_amount=data["direct_payment_amount"],
            direct_payment_frequency=data["direct_payment_frequency"],
            cld_service_type=data["cld_service_type"],
            cld_delivery_mechanism=data["cld_delivery_mechanism"],
            service_starts_on=data["service_starts_on"],
            service_ends_on=data["service_ends_on"],
        )
        try:
            save_need(plan, expected_version=data["lock_version"], by=request.user, details=details, need=existing)
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except (StaleEdit, WrongStatus) as refused:
            messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
            return redirect(plan)
        else:
            messages.success(request, "Need saved")
            return redirect(plan)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="need")
    title = "Change the need" if existing else "Add a need"
    return render(request, "support_plans/form.html", _form_page(plan, form, title))


@login_required
@require_POST
@transaction.atomic
def need_remove(request: AuthenticatedHttpRequest, reference: str, version: int, need_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, reference, version)
    existing = get_object_or_404(PlanNeed, area=plan.area_id, plan=plan, pk=need_id)
    try:
        remove_need(plan, existing, expected_version=int(request.POST.get("lock_version", 0)), by=request.user)
    except (StaleEdit, WrongStatus) as refused:
        messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
    else:
        messages.success(request, "Need removed")
    return redirect(plan)


@login_required
@require_POST
@transaction.atomic
def budget_approve(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """A second person with the permission approves the personal budget as it stands."""
    plan = get_plan_for_user(request.user, reference, version)
    try:
        approve_budget(plan, expected_version=int(request.POST.get("lock_version", 0)), by=request.user)
    except (NotPermitted, WrongStatus) as refused:
        messages.error(request, str(refused))
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    else:
        messages.success(request, "Personal budget approved")
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def agree(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """Record the carer's agreement and put the plan in force."""
    plan = get_plan_for_user(request.user, reference, version)
    if (refused := _unless_draft(request, plan)) is not None:
        return refused
    initial = {"lock_version": plan.lock_version, "people_involved": plan.people_involved}
    form = AgreeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreed = agree_plan(
                plan,
                expected_version=data["lock_version"],
                by=request.user,
                carer_agreed_on=data["carer_agreed_on"],
                carer_agreement=data["carer_agreement"],
                people_involved=data["people_involved"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except (StaleEdit, WrongStatus) as refused:
            messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
            return redirect(plan)
        else:
            reviews = ", ".join(
                f"{review.get_kind_display().lower()} due {review.due_on:%-d %B %Y}" for review in agreed.reviews
            )
            messages.success(request, "Plan agreed" + (f": {reviews}" if reviews else ""))
            return redirect(agreed.plan)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="agree")
    intro = "The plan is agreed only with the carer's agreement recorded (Care Act 2014 s.25(5))."
    return render(
        request,
        "support_plans/form.html",
        _form_page(plan, form, "Agree the plan", submit="Agree the plan", intro=intro),
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def revise(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """Start a new version of an agreed plan; the agreed one stays in force until the new one is agreed."""
    plan = get_plan_for_user(request.user, reference, version)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            started = start_revision(plan, by=request.user, reason=form.cleaned_data["reason"])
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(plan)
        else:
            messages.success(request, f"Version {started.plan.version} started")
            return redirect(started.plan)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="revise")
    return render(
        request, "support_plans/form.html", _form_page(plan, form, "Revise the plan", submit="Start a new version")
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def end(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """End an agreed plan; its reviews stop."""
    plan = get_plan_for_user(request.user, reference, version)
    form = EndPlanForm(request.POST if request.method == "POST" else None, initial={"lock_version": plan.lock_version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_plan(
                plan,
                expected_version=data["lock_version"],
                by=request.user,
                reason=data["reason"],
                ended_on=data["ended_on"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors, rename={"end_reason": "reason"})
        except (StaleEdit, WrongStatus) as refused:
            messages.error(request, STALE_MESSAGE if isinstance(refused, StaleEdit) else str(refused))
            return redirect(plan)
        else:
            messages.success(request, "Plan ended")
            return redirect(plan)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="end")
    return render(request, "support_plans/form.html", _form_page(plan, form, "End the plan", submit="End the plan"))


@login_required
@require_GET
@transaction.atomic
def copy(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """The carer's copy of the plan, as an accessible page."""
    plan = get_plan_for_user(request.user, reference, version)
    record_view(
        request.user,
        SupportPlanEvent.PLAN_COPY_GIVEN,
        carer=plan.carer,
        plan=plan.reference,
        version=plan.version,
        format="html",
    )
    return render(request, "support_plans/copy.html", {"plan": plan, "copy": carer_copy(plan)})


@login_required
@require_GET
@transaction.atomic
def copy_pdf(request: AuthenticatedHttpRequest, reference: str, version: int) -> HttpResponse:
    """The carer's copy of the plan as a PDF (every character of every name kept, with the Unicode font)."""
    plan = get_plan_for_user(request.user, reference, version)
    record_view(
        request.user,
        SupportPlanEvent.PLAN_COPY_GIVEN,
        carer=plan.carer,
        plan=plan.reference,
        version=plan.version,
        format="pdf",
    )
    response = HttpResponse(carer_copy_pdf(carer_copy(plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="support-plan-{plan.reference}-v{plan.version}.pdf"'
    return response
