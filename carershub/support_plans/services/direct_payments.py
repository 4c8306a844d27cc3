"""Direct payments (Care Act 2014 ss.31-33; Care and Support (Direct Payments) Regulations 2014): the agreement and
its schedule from the pure rule, payments recorded once, monitoring returns, unspent money to recover, the reg 7
reviews and their reminders."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import (
    DirectPayment,
    DirectPaymentAgreement,
    DirectPaymentReview,
    HowMet,
    MonitoringReturn,
    PaymentHolding,
    PlanNeed,
    SupportPlan,
)
from carershub.support_plans.rules.direct_payments import Frequency, ScheduleError, direct_payment_schedule
from carershub.support_plans.services.common import (
    SupportPlanInvalid,
    WrongStatus,
    optional_text,
    record,
    required_text,
)


@dataclass(frozen=True)
class AgreementTerms:
    """What the carer signed: when, how the money is held, and finance's references."""

    signed_on: date
    holding: PaymentHolding
    payee_reference: str
    starts_on: date
    ends_on: date
    cost_centre: str
    funder: str


@dataclass(frozen=True)
class DirectPaymentSetUp:
    agreement: DirectPaymentAgreement
    was_new: bool


@dataclass(frozen=True)
class PaymentRecorded:
    payment: DirectPayment
    was_new: bool


def _check_terms(terms: AgreementTerms) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not terms.holding.is_enabled():
        errors["holding"] = "Choose how the money is held"
    for field, label in (("payee_reference", "payee reference"), ("cost_centre", "cost centre"), ("funder", "funder")):
        if not str(getattr(terms, field)).strip():
            errors[field] = f"Enter the {label}"
    if terms.signed_on > timezone.localdate():
        errors["signed_on"] = "The date the agreement was signed must be today or in the past"
    return errors


@transaction.atomic
def set_up_direct_payment(plan: SupportPlan, need: PlanNeed, *, by: User, terms: AgreementTerms) -> DirectPaymentSetUp:
    """Record the direct payment agreement for a need the agreed plan meets by a direct payment, and schedule its
    payments and reg 7 reviews with the pure schedule rule. A need has one agreement in payment: a second request
    (a double click) returns it."""
    plan = SupportPlan.objects.select_for_update(of=("self",)).select_related("carer__area").get(pk=plan.pk)
    need = PlanNeed.objects.get(area=plan.area_id, plan=plan, pk=need.pk)
    if plan.status != SupportPlan.Status.AGREED or need.how_met != HowMet.DIRECT_PAYMENT:
        raise WrongStatus("A direct payment is set up for a need an agreed plan meets by a direct payment")
    existing = DirectPaymentAgreement.objects.filter(
        area=plan.area_id, need=need, status=DirectPaymentAgreement.Status.ACTIVE
    ).first()
    if existing is not None:
        return DirectPaymentSetUp(existing, was_new=False)
    errors = _check_terms(terms)
    amount = need.direct_payment_amount or Decimal("0")
    try:
        schedule = direct_payment_schedule(
            amount=amount,
            start_date=terms.starts_on,
            end_date=terms.ends_on,
            frequency=Frequency(need.direct_payment_frequency),
        )
    except ScheduleError as invalid:
        errors[{"start_date": "starts_on", "end_date": "ends_on"}.get(invalid.field, invalid.field)] = invalid.message
    if errors:
        raise SupportPlanInvalid(errors)
    agreement = DirectPaymentAgreement.objects.create(
        area=plan.area,
        plan=plan,
        need=need,
        carer=plan.carer,
        signed_on=terms.signed_on,
        holding=terms.holding,
        payee_reference=terms.payee_reference.strip(),
        amount=amount,
        frequency=need.direct_payment_frequency,
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        cost_centre=terms.cost_centre.strip(),
        funder=terms.funder.strip(),
        created_by=by,
        updated_by=by,
    )
    DirectPayment.objects.bulk_create(
        DirectPayment(
            area=plan.area,
            agreement=agreement,
            number=number,
            due_on=payment.date,
            amount=payment.amount,
            created_by=by,
        )
        for number, payment in enumerate(schedule.payments, start=1)
    )
    DirectPaymentReview.objects.bulk_create(
        DirectPaymentReview(area=plan.area, agreement=agreement, due_on=due_on, created_by=by)
        for due_on in schedule.reviews
    )
    record(
        SupportPlanEvent.DIRECT_PAYMENT_AGREED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=agreement,
        carer=plan.carer,
        timeline=f"Direct payment of £{amount:,.2f} agreed ({agreement.get_frequency_display().lower()})",
        link=agreement.get_absolute_url(),
        plan=plan.reference,
        payments=schedule.count,
        reviews=[day.isoformat() for day in schedule.reviews],
    )
    return DirectPaymentSetUp(agreement, was_new=True)


@transaction.atomic
def record_payment(payment: DirectPayment, *, by: User, paid_on: date) -> PaymentRecorded:
    """Record a scheduled payment as made. Never twice: recording it again (a double click, a second tab) changes
    nothing and says so."""
    payment = (
        DirectPayment.objects.select_for_update(of=("self",)).select_related("agreement__carer").get(pk=payment.pk)
    )
    if payment.status == DirectPayment.Status.PAID:
        return PaymentRecorded(payment, was_new=False)
    if payment.status != DirectPayment.Status.SCHEDULED:
        raise WrongStatus("This payment was cancelled")
    if paid_on > timezone.localdate():
        raise SupportPlanInvalid({"paid_on": "The date paid must be today or in the past"})
    payment.status = DirectPayment.Status.PAID
    payment.paid_on = paid_on
    payment.recorded_by = by
    payment.updated_by = by
    payment.save(update_fields=["status", "paid_on", "recorded_by", "updated_by", "updated_at"])
    record(
        SupportPlanEvent.DIRECT_PAYMENT_MADE,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=payment,
        carer=payment.agreement.carer,
        timeline=f"Direct payment of £{payment.amount:,.2f} made",
        link=payment.agreement.get_absolute_url(),
        agreement=payment.agreement_id,
        number=payment.number,
        amount=str(payment.amount),
        paid_on=paid_on.isoformat(),
    )
    return PaymentRecorded(payment, was_new=True)


@transaction.atomic
def record_monitoring_return(
    agreement: DirectPaymentAgreement,
    *,
    by: User,
    period_start: date,
    period_end: date,
    amount_spent: Decimal,
    receipts_seen: bool,
    unspent_to_recover: Decimal,
    recovery_reason: str,
    notes: str = "",
) -> MonitoringReturn:
    """Record what the carer spent and the receipts seen; money unspent (or not spent on the agreed needs) is
    recovered with the reason (Care Act 2014 s.33(5))."""
    errors: dict[str, str] = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be the same as or after its start"
    if amount_spent < 0:
        errors["amount_spent"] = "The amount spent must not be negative"
    if unspent_to_recover < 0:
        errors["unspent_to_recover"] = "The amount to recover must not be negative"
    if unspent_to_recover > 0 and not recovery_reason.strip():
        errors["recovery_reason"] = "Enter why the money is being recovered"
    if errors:
        raise SupportPlanInvalid(errors)
    monitoring = MonitoringReturn.objects.create(
        area=agreement.area,
        agreement=agreement,
        period_start=period_start,
        period_end=period_end,
        amount_spent=amount_spent,
        receipts_seen=receipts_seen,
        unspent_to_recover=unspent_to_recover,
        recovery_reason=optional_text(recovery_reason, field="recovery_reason"),
        notes=optional_text(notes, field="notes"),
        created_by=by,
        updated_by=by,
    )
    record(
        SupportPlanEvent.MONITORING_RETURN_RECORDED,
        kind=AuditEvent.Kind.RECORD_CREATED,
        by=by,
        subject=monitoring,
        carer=agreement.carer,
        agreement=agreement.pk,
        amount_spent=str(amount_spent),
        unspent_to_recover=str(unspent_to_recover),
    )
    return monitoring


@transaction.atomic
def complete_direct_payment_review(
    review: DirectPaymentReview, *, by: User, remains_appropriate: bool, notes: str
) -> DirectPaymentReview:
    """Record a reg 7 review: whether direct payments remain an appropriate way to meet the needs. When they do not,
    the agreement ends and its payments still to come are cancelled."""
    notes = required_text(notes, field="notes", message="Enter what the review found")
    review = (
        DirectPaymentReview.objects.select_for_update(of=("self",)).select_related("agreement__carer").get(pk=review.pk)
    )
    if review.status != DirectPaymentReview.Status.SCHEDULED:
        raise WrongStatus("This review has already been completed or cancelled")
    review.status = DirectPaymentReview.Status.COMPLETED
    review.completed_on = timezone.localdate()
    review.completed_by = by
    review.remains_appropriate = remains_appropriate
    review.notes = notes
    review.updated_by = by
    review.save(
        update_fields=[
            *("status", "completed_on", "completed_by", "remains_appropriate", "notes"),
            *("updated_by", "updated_at"),
        ]
    )
    record(
        SupportPlanEvent.DIRECT_PAYMENT_REVIEW_COMPLETED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=review,
        carer=review.agreement.carer,
        timeline="Direct payment review (reg 7) recorded"
        + ("" if remains_appropriate else ": direct payments no longer appropriate"),
        link=review.agreement.get_absolute_url(),
        remains_appropriate=remains_appropriate,
    )
    if not remains_appropriate:
        end_agreement(review.agreement, by=by, reason=notes, ended_on=timezone.localdate())
    return review


@transaction.atomic
def end_agreement(
    agreement: DirectPaymentAgreement, *, by: User, reason: str, ended_on: date
) -> DirectPaymentAgreement:
    """End a direct payment agreement: payments and reviews after the end are cancelled; those made stay."""
    reason = required_text(reason, field="end_reason", message="Enter why the direct payment is ending")
    agreement = (
        DirectPaymentAgreement.objects.select_for_update(of=("self",)).select_related("carer").get(pk=agreement.pk)
    )
    if agreement.status != DirectPaymentAgreement.Status.ACTIVE:
        raise WrongStatus("This direct payment has already ended")
    agreement.status = DirectPaymentAgreement.Status.ENDED
    agreement.ended_on = ended_on
    agreement.end_reason = reason
    agreement.updated_by = by
    agreement.save(update_fields=["status", "ended_on", "end_reason", "updated_by", "updated_at"])
    cancelled = DirectPayment.objects.filter(
        area=agreement.area_id, agreement=agreement, status=DirectPayment.Status.SCHEDULED, due_on__gt=ended_on
    ).update(status=DirectPayment.Status.CANCELLED, updated_by=by, updated_at=timezone.now())
    DirectPaymentReview.objects.filter(
        area=agreement.area_id, agreement=agreement, status=DirectPaymentReview.Status.SCHEDULED
    ).update(status=DirectPaymentReview.Status.CANCELLED, updated_by=by, updated_at=timezone.now())
    record(
        SupportPlanEvent.DIRECT_PAYMENT_ENDED,
        kind=AuditEvent.Kind.RECORD_CHANGED,
        by=by,
        subject=agreement,
        carer=agreement.carer,
        timeline=f"Direct payment ended: {reason}",
        link=agreement.get_absolute_url(),
        payments_cancelled=cancelled,
    )
    return agreement


def remind_of_due_direct_payment_reviews(*, today: date | None = None) -> int:
    """Email the plan's author once about each reg 7 review falling due; running it twice reminds nobody twice."""
    today = today or timezone.localdate()
    due = (
        DirectPaymentReview.objects.filter(
            status=DirectPaymentReview.Status.SCHEDULED,
            reminded_at__isnull=True,
            due_on__lte=today + timedelta(days=settings.CARERSHUB_REVIEW_REMINDER_DAYS),
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )
    return sum(_remind_one(review_id) for review_id in list(due))


@transaction.atomic
def _remind_one(review_id: int) -> int:
    review = (
        DirectPaymentReview.objects.select_for_update(of=("self",))
        .select_related("agreement__plan__created_by", "agreement__plan__organisation")
        .filter(pk=review_id, status=DirectPaymentReview.Status.SCHEDULED, reminded_at__isnull=True)
        .first()
    )
    if review is None:
        return 0
    review.reminded_at = timezone.now()
    review.save(update_fields=["reminded_at", "updated_at"])
    plan = review.agreement.plan
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=review,
        area=review.area,
        organisation=plan.organisation,
        detail={"plan": plan.reference},
        event=SupportPlanEvent.DIRECT_PAYMENT_REVIEW_REMINDED,
    )
    author = plan.created_by
    if author is not None and author.is_active and author.email:
        due = f"{review.due_on.day} {review.due_on:%B %Y}"
        subject = f"Carers Hub: direct payment review for support plan {plan.reference} due {due}"
        body = (
            f"A review of the direct payment in support plan {plan.reference} is due by {due} (Care and Support "
            "(Direct Payments) Regulations 2014 reg 7).\n\n"
            f"Sign in to Carers Hub and open {reverse('support_plans:direct_payment', args=[review.agreement_id])}."
        )
        email_each_after_commit(subject, body, [author.email], about="a direct payment review")
    return 1
