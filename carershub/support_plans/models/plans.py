"""Support plans, personal budgets, direct payments, plan reviews and short breaks.

A support plan (Care Act 2014 s.24-25; for young carers and parent carers the Children Act 1989 s.17 services the
council decides to provide) is started from a signed-off assessment with eligible needs. Each version is one
`SupportPlan` row; versions of one plan share its `reference`. Changing an agreed plan makes a new draft version,
and agreeing it supersedes the old one, which stays readable. `lock_version` goes up with every change, and a
change that names an older one is refused, so two people editing a plan never overwrite each other.
"""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel
from carershub.support_plans.rules.direct_payments import FREQUENCY_LABELS, Frequency


class HowMet(models.TextChoices):
    """How the council will meet a need (s.25(1)(c))."""

    OUR_SERVICE = "our_service", "A service of ours"
    COMMISSIONED = "commissioned", "A commissioned service"
    DIRECT_PAYMENT = "direct_payment", "A direct payment"
    UNIVERSAL = "universal", "A universal service"
    OWN_NETWORK = "own_network", "The carer's own network"


class CldServiceType(models.TextChoices):
    """Client Level Data (Release 1) service type for a carer's service."""

    DIRECT_TO_CARER = "Carer Support: Direct to Carer", "Support direct to the carer"
    INVOLVING_CARED_FOR = (
        "Carer Support: Support involving the person cared-for",
        "Support involving the person cared for",
    )


class CldDeliveryMechanism(models.TextChoices):
    """Client Level Data (Release 1) delivery mechanism."""

    DIRECT_PAYMENT = "Direct Payment", "Direct payment"
    MANAGED_PERSONAL_BUDGET = "CASSR Managed Personal Budget", "Council-managed personal budget"
    COMMISSIONED = "CASSR Commissioned support", "Council-commissioned support"


class PaymentFrequency(models.TextChoices):
    """The frequencies of the pure schedule rule (`rules.direct_payments.Frequency`), as model choices."""

    WEEKLY = Frequency.WEEKLY.value, FREQUENCY_LABELS[Frequency.WEEKLY]
    FOUR_WEEKLY = Frequency.FOUR_WEEKLY.value, FREQUENCY_LABELS[Frequency.FOUR_WEEKLY]
    MONTHLY = Frequency.MONTHLY.value, FREQUENCY_LABELS[Frequency.MONTHLY]
    ONE_OFF = Frequency.ONE_OFF.value, FREQUENCY_LABELS[Frequency.ONE_OFF]


class SupportPlan(AreaScopedModel):
    """One version of a carer's support plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Replaced by a later version"
        ENDED = "ended", "Ended"

    reference = models.CharField(max_length=12)
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    carer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="support_plans")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="support_plans")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    # s.25(1)(d) and the carer's own words: what they want to achieve.
    outcomes_wanted = models.TextField(blank=True)
    # s.25(1)(f): advice and information on meeting or reducing needs and preventing or delaying them.
    advice_and_information = models.TextField(blank=True)
    contingency_plan = models.ForeignKey(
        "emergency_response.ContingencyPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # s.26: what the carer pays towards the cost, if the council charges (most do not charge carers).
    carer_contribution = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    # A personal budget above the deployment's threshold needs a second person's approval (never the author's).
    budget_approved_at = models.DateTimeField(null=True, blank=True)
    budget_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    budget_approved_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    # s.25(4)-(5): who was involved, and the carer's agreement.
    people_involved = models.TextField(blank=True)
    carer_agreed_on = models.DateField(null=True, blank=True)
    carer_agreement = models.TextField(blank=True, help_text="How the carer gave their agreement.")
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision_reason = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        permissions = (("approve_personal_budget", "Can approve a personal budget above the approval threshold"),)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["reference", "version"], name="one_plan_row_per_version"),
            # One version in force at a time: agreed, or being drafted.
            models.UniqueConstraint(
                fields=["reference"], condition=models.Q(status="agreed"), name="one_agreed_version_per_plan"
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=models.Q(status="draft"), name="one_draft_version_per_plan"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["agreed", "superseded"])
                | (models.Q(carer_agreed_on__isnull=False) & ~models.Q(carer_agreement="")),
                name="agreed_plan_records_the_carers_agreement",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended") | ~models.Q(end_reason=""), name="ended_plan_has_a_reason"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["carer", "reference", "-version"], name="support_plan_carer_idx"),
            models.Index(fields=["organisation", "status"], name="support_plan_team_idx"),
            models.Index(fields=["area", "status", "agreed_at"], name="support_plan_area_status_idx"),
            # The team list (plans being drafted or in force, the most recently changed first) reads its page in
            # this order and stops after a page, checking only those plans' carers: a provider's by organisation,
            # a council's by area.
            models.Index(
                fields=["organisation", "-updated_at", "-id"],
                name="support_plan_team_recent_idx",
                condition=models.Q(status__in=["draft", "agreed"]),
            ),
            models.Index(
                fields=["area", "-updated_at", "-id"],
                name="support_plan_area_recent_idx",
                condition=models.Q(status__in=["draft", "agreed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Support plan {self.reference} version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("support_plans:detail", args=[self.reference, self.version])

    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class PlanNeed(AreaScopedModel):
    """A need the plan addresses, carried from the determination, with how it will be met and its cost.

    Each need met by a service carries the Client Level Data service fields (type, delivery mechanism, dates), so a
    later return reads them without a migration. A need met by a direct payment names its amount and frequency
    (s.25(2)).
    """

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="needs")
    order = models.PositiveSmallIntegerField(default=0)
    # The reg 3(2)(b) outcome code (or the decision's own code) the need comes from; blank for one added by hand.
    outcome_code = models.CharField(max_length=60, blank=True)
    description = models.CharField(max_length=300)
    is_eligible = models.BooleanField(default=True)
    how_met = models.CharField(max_length=20, choices=HowMet.choices, blank=True)
    how_met_detail = models.TextField(blank=True)
    cost = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0.00"), help_text="Cost to the council (s.26)."
    )
    direct_payment_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    direct_payment_frequency = models.CharField(max_length=12, choices=PaymentFrequency.choices, blank=True)
    cld_service_type = models.CharField(max_length=60, choices=CldServiceType.choices, blank=True)
    cld_delivery_mechanism = models.CharField(max_length=40, choices=CldDeliveryMechanism.choices, blank=True)
    service_starts_on = models.DateField(null=True, blank=True)
    service_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="plan_need_cost_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(how_met="direct_payment")
                | (models.Q(direct_payment_amount__gt=0) & ~models.Q(direct_payment_frequency="")),
                name="direct_payment_need_has_amount_and_frequency",
            ),
            models.CheckConstraint(
                condition=models.Q(service_ends_on__isnull=True)
                | models.Q(service_starts_on__isnull=True)
                | models.Q(service_ends_on__gte=models.F("service_starts_on")),
                name="plan_service_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PlanReview(AreaScopedModel):
    """A review of a support plan (Care Act 2014 s.27). Statutory guidance ch.13 expects a light-touch review 6 to 8
    weeks after the plan is agreed, then at least every 12 months, and one on a reasonable request (s.27(1)(b))."""

    class Kind(models.TextChoices):
        LIGHT_TOUCH = "light_touch", "Light-touch review"
        ANNUAL = "annual", "Annual review"
        ON_REQUEST = "on_request", "Review on request"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    class Decision(models.TextChoices):
        # In code, not a council's list: each is a step the service takes (s.27(4)(b) revise, or end the plan).
        CONTINUE = "continue", "Continue the plan as it is"
        REVISE = "revise", "Revise the plan (a new version)"
        END = "end", "End the plan"

    class CldOutcome(models.TextChoices):
        """Client Level Data event outcomes for a review (Release 1)."""

        NO_CHANGE = "No change in package", "No change in package"
        PROGRESS = "Progress to Support Planning / Services", "Progress to support planning or services"
        SUPPORT_ENDED = "NFA - Support ended: Other reason", "Support ended"
        ENDED_AS_PLANNED = "Services ended as planned", "Services ended as planned"

    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    due_on = models.DateField()
    request_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    cld_outcome = models.CharField(max_length=60, choices=CldOutcome.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(status="completed") | (~models.Q(decision="") & ~models.Q(cld_outcome="")),
                name="completed_plan_review_has_decision_and_outcome",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "due_on"], name="plan_review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.plan.reference} due {self.due_on}"


class ReviewedNeed(AreaScopedModel):
    """For one need of the reviewed plan: whether its outcome was achieved (CLD Review Outcomes Achieved)."""

    class Achieved(models.TextChoices):
        FULLY = "Fully Met", "Fully"
        PARTLY = "Partially Met", "Partly"
        NOT = "Not Met", "Not at all"

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="needs")
    need = models.ForeignKey(PlanNeed, on_delete=models.PROTECT, related_name="+")
    achieved = models.CharField(max_length=20, choices=Achieved.choices)
    changes = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["review", "need"], name="one_outcome_per_need_per_review"),
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.get_achieved_display()}"
