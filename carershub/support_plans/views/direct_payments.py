"""Direct payment pages: setting up the agreement for a need, its schedule, recording payments (once), monitoring
returns, reg 7 reviews and the finance export."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.forms import (
    DirectPaymentForm,
    DirectPaymentReviewForm,
    EndDirectPaymentForm,
    ExportForm,
    MonitoringReturnForm,
    PaymentForm,
)
from carershub.support_plans.models import DirectPaymentReview, PlanNeed
from carershub.support_plans.selectors import (
    finance_export_rows,
    get_agreement_for_user,
    get_direct_payment_review_for_user,
    get_payment_for_user,
    get_plan_for_user,
    payments_of,
)
from carershub.support_plans.services.common import SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.direct_payments import (
    AgreementTerms,
    complete_direct_payment_review,
    end_agreement,
    record_monitoring_return,
    record_payment,
    set_up_direct_payment,
)
from carershub.support_plans.views.common import record_view, require_team_role

EXPORT_HEADER = ("payee_reference", "date", "amount", "cost_centre", "funder")


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def set_up(request: AuthenticatedHttpRequest, reference: str, version: int, need_id: int) -> HttpResponse:
    """Record the direct payment agreement for a need; the schedule comes from the pure rule."""
    plan = get_plan_for_user(request.user, reference, version)
    need = get_object_or_404(PlanNeed, area=plan.area_id, plan=plan, pk=need_id)
    form = DirectPaymentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        terms = AgreementTerms(**{name: data[name] for name in AgreementTerms.__dataclass_fields__})
        try:
            set_up_result = set_up_direct_payment(plan, need, by=request.user, terms=terms)
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(plan)
        else:
            if set_up_result.was_new:
                messages.success(request, "Direct payment agreement recorded")
            return redirect(set_up_result.agreement)
    record_view(
        request.user, SupportPlanEvent.PLAN_VIEWED, carer=plan.carer, plan=plan.reference, page="direct payment"
    )
    intro = (
        f"{need.description}: £{need.direct_payment_amount or 0:,.2f}, "
        f"{need.get_direct_payment_frequency_display().lower()}."
    )
    return render(
        request,
        "support_plans/form.html",
        {
            "plan": plan,
            "form": form,
            "title": "Set up the direct payment",
            "submit": "Record the agreement",
            "intro": intro,
            "back": plan.get_absolute_url(),
        },
    )


@login_required
@require_GET
@transaction.atomic
def agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """The agreement, its payment schedule, monitoring returns and reg 7 reviews."""
    direct_payment = get_agreement_for_user(request.user, agreement_id)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=direct_payment.carer, agreement=direct_payment.pk)
    return render(request, "support_plans/direct_payment.html", _agreement_context(direct_payment))


def _agreement_context(direct_payment: Any, **extra: Any) -> dict[str, Any]:
    return {
        "agreement": direct_payment,
        "payments": payments_of(direct_payment),
        "monitoring_returns": list(direct_payment.monitoring_returns.order_by("-period_end")),
        "reviews": list(direct_payment.reviews.order_by("due_on")),
        "payment_form": PaymentForm(),
        "monitoring_form": extra.pop("monitoring_form", None) or MonitoringReturnForm(),
        "end_form": extra.pop("end_form", None) or EndDirectPaymentForm(),
        **extra,
    }


@login_required
@require_POST
@transaction.atomic
def payment_made(request: AuthenticatedHttpRequest, payment_id: int) -> HttpResponse:
    """Record a scheduled payment as made. A second click (or tab) changes nothing and says so."""
    payment = get_payment_for_user(request.user, payment_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the date the payment was made")
        return redirect(payment.agreement)
    try:
        recorded = record_payment(payment, by=request.user, paid_on=form.cleaned_data["paid_on"])
    except (SupportPlanInvalid, WrongStatus) as refused:
        messages.error(
            request, "; ".join(refused.errors.values()) if isinstance(refused, SupportPlanInvalid) else str(refused)
        )
    else:
        if recorded.was_new:
            messages.success(request, f"Payment {recorded.payment.number} of £{recorded.payment.amount:,.2f} recorded")
        else:
            messages.info(request, f"Payment {recorded.payment.number} was already recorded as made")
    return redirect(payment.agreement)


@login_required
@require_POST
@transaction.atomic
def monitoring_return(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    direct_payment = get_agreement_for_user(request.user, agreement_id)
    form = MonitoringReturnForm(request.POST)
    if form.is_valid():
        try:
            record_monitoring_return(direct_payment, by=request.user, **form.cleaned_data)
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Monitoring return recorded")
            return redirect(direct_payment)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=direct_payment.carer, agreement=direct_payment.pk)
    return render(
        request, "support_plans/direct_payment.html", _agreement_context(direct_payment, monitoring_form=form)
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    """Record a reg 7 review of a direct payment."""
    payment_review = get_direct_payment_review_for_user(request.user, review_id)
    direct_payment = payment_review.agreement
    form = DirectPaymentReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and payment_review.status == DirectPaymentReview.Status.SCHEDULED and form.is_valid():
        try:
            complete_direct_payment_review(
                payment_review,
                by=request.user,
                remains_appropriate=form.cleaned_data["remains_appropriate"],
                notes=form.cleaned_data["notes"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors)
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(direct_payment)
        else:
            messages.success(request, "Direct payment review recorded")
            return redirect(direct_payment)
    record_view(
        request.user, SupportPlanEvent.PLAN_VIEWED, carer=direct_payment.carer, direct_payment_review=payment_review.pk
    )
    return render(
        request,
        "support_plans/form.html",
        {
            "plan": direct_payment.plan,
            "form": form,
            "title": f"Direct payment review due {payment_review.due_on:%-d %B %Y}",
            "submit": "Record the review",
            "intro": "The Care and Support (Direct Payments) Regulations 2014 reg 7: review within the first six "
            "months, then at least every 12 months, whether direct payments remain appropriate.",
            "back": direct_payment.get_absolute_url(),
        },
    )


@login_required
@require_POST
@transaction.atomic
def end(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """End a direct payment agreement; the payments still to come are cancelled."""
    direct_payment = get_agreement_for_user(request.user, agreement_id)
    form = EndDirectPaymentForm(request.POST)
    if form.is_valid():
        try:
            end_agreement(
                direct_payment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except SupportPlanInvalid as invalid:
            add_errors(form, invalid.errors, rename={"end_reason": "reason"})
        except WrongStatus as wrong:
            messages.error(request, str(wrong))
            return redirect(direct_payment)
        else:
            messages.success(request, "Direct payment ended")
            return redirect(direct_payment)
    record_view(request.user, SupportPlanEvent.PLAN_VIEWED, carer=direct_payment.carer, agreement=direct_payment.pk)
    return render(request, "support_plans/direct_payment.html", _agreement_context(direct_payment, end_form=form))


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def finance_export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The direct payments made in a period as CSV for finance, streamed row by row. Managers only; audited."""
    require_team_role(request)
    if not request.user.has_role(Role.MANAGER):
        raise Http404
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return render(request, "support_plans/export.html", {"form": form})
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        purpose="paying direct payments (finance export)",
        detail={"start": start.isoformat(), "end": end.isoformat()},
        event=SupportPlanEvent.DIRECT_PAYMENTS_EXPORTED,
    )
    rows = finance_export_rows(request.user, start=start, end=end)
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="direct-payments-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"'
    return response


# Rows sent in one piece of the stream. One piece per row made a county's quarter tens of thousands of HTTP chunks,
# each its own write by the server and parse by the client; a few hundred rows (about 20 KB) keep the memory small.
ROWS_PER_PIECE = 500


def _csv_lines(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    piece = [writer.writerow(EXPORT_HEADER)]
    for payee, paid_on, amount, cost_centre, funder in rows:
        # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it as text.
        piece.append(writer.writerow([_safe(payee), paid_on.isoformat(), amount, _safe(cost_centre), _safe(funder)]))
        if len(piece) >= ROWS_PER_PIECE:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def _safe(value: str) -> str:
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
