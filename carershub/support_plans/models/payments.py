"""Direct payments (Care Act 2014 ss.31-33; Care and Support (Direct Payments) Regulations 2014): the agreement, its
scheduled payments, monitoring returns and reg 7 reviews."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, ReferenceData
from carershub.support_plans.models.plans import PaymentFrequency, PlanNeed, SupportPlan


class PaymentHolding(ReferenceData):
    """Where a carer's direct payment is held (a bank account, a pre-paid card, a managed account...). The Direct
    Payments Regulations 2014 leave this to each council, whose finance teams and card suppliers name it their own
    way, so it is the council's list; `code` is what the seed data and the demo name it by and never changes."""

    code = models.SlugField(max_length=50, unique=True)

    class Meta(ReferenceData.Meta):
        verbose_name = "direct payment holding"


class DirectPaymentAgreement(AreaScopedModel):
    """A direct payment agreement (Care Act 2014 ss.31-33; Care and Support (Direct Payments) Regulations 2014)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "In payment"
        ENDED = "ended", "Ended"

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="direct_payment_agreements")
    need = models.ForeignKey(PlanNeed, on_delete=models.PROTECT, related_name="+")
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="direct_payment_agreements")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    signed_on = models.DateField()
    # The entry the agreement was signed with: renaming it in the admin changes how it is shown, never which it is.
    holding = models.ForeignKey(PaymentHolding, on_delete=models.PROTECT, related_name="+")
    payee_reference = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    frequency = models.CharField(max_length=12, choices=PaymentFrequency.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    cost_centre = models.CharField(max_length=40)
    funder = models.CharField(max_length=100)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="direct_payment_amount_positive"),
            models.UniqueConstraint(
                fields=["need"], condition=models.Q(status="active"), name="one_direct_payment_in_payment_per_need"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="direct_payment_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"Direct payment {self.payee_reference}"

    def get_absolute_url(self) -> str:
        return reverse("support_plans:direct_payment", args=[self.pk])


class DirectPayment(AreaScopedModel):
    """One payment of an agreement's schedule, scheduled by the pure rule and recorded once when made."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="payments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    paid_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["agreement_id", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_payment_per_schedule_number"),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False), name="paid_payment_has_date"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # The finance export: an area's payments made in a period.
            models.Index(fields=["area", "status", "paid_on"], name="direct_payment_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"Payment {self.number} of {self.agreement}"


class MonitoringReturn(AreaScopedModel):
    """What the carer spent from their direct payment, the receipts seen, and any unspent money to recover."""

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="monitoring_returns")
    period_start = models.DateField()
    period_end = models.DateField()
    amount_spent = models.DecimalField(max_digits=12, decimal_places=2)
    receipts_seen = models.BooleanField(default=False)
    unspent_to_recover = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    recovery_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(unspent_to_recover=0) | ~models.Q(recovery_reason=""),
                name="recovery_has_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="monitoring_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring return {self.period_start} to {self.period_end}"


class DirectPaymentReview(AreaScopedModel):
    """A review of whether direct payments remain appropriate (Care and Support (Direct Payments) Regulations 2014
    reg 7): within the first six months, then at intervals of no more than 12 months."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    reminded_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remains_appropriate = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["agreement", "due_on"], name="one_reg_7_review_per_date"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "due_on"], name="dp_review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Direct payment review due {self.due_on}"
