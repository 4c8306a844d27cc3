"""Package requests and their mini-competitions, spot purchases, packages continuing with providers outside the
arrangement, and provider reviews shared across the region.

A package request is about one child or young person, but a supplier never learns who from it: the request holds
the person only so the council can share the record with the winner after award and the family's consent."""

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, BaseModel
from carershub.procurement.models.arrangements import Category, PurchasingArrangement
from carershub.procurement.models.membership import Supplier

ABOVE_ZERO = [MinValueValidator(Decimal("0.01"))]


class PackageRequest(AreaScopedModel):
    """A council's request for one child's or young person's package, put to a mini-competition."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Open for bids"
        AWARDED = "awarded", "Awarded"
        CANCELLED = "cancelled", "Cancelled"

    class AgeBand(models.TextChoices):
        UNDER_5 = "0_4", "Under 5"
        AGE_5_TO_10 = "5_10", "5 to 10"
        AGE_11_TO_15 = "11_15", "11 to 15"
        AGE_16_TO_17 = "16_17", "16 or 17"
        AGE_18_TO_25 = "18_25", "18 to 25"

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.PROTECT, related_name="package_requests")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="package_requests")
    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    # Never shown to a supplier before award and consent (see selectors.young_person_for_supplier).
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=30, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    needs = models.TextField(help_text="The need described without naming the child or young person")
    pattern = models.CharField(max_length=200, help_text="Pattern of hours or placement type")
    start_date = models.DateField()
    expected_duration_weeks = models.PositiveSmallIntegerField()
    # The council's own prices: a weekly ceiling. Other councils never see it.
    price_ceiling = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, validators=ABOVE_ZERO)
    quality_weight = models.PositiveSmallIntegerField()
    quality_threshold = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    abnormally_low_ratio = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    awarded_bid = models.OneToOneField("Bid", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award_reasons = models.TextField(blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the council shared the young person's record with the winner, after the family consented.
    shared_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(quality_weight__lte=100), name="package_quality_weight_at_most_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="awarded") | models.Q(awarded_bid__isnull=False),
                name="awarded_package_names_its_bid",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["council", "status", "-created_at"], name="package_council_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("procurement:package", args=[self.reference])

    def is_open_for_bids_at(self, moment: datetime) -> bool:
        return self.status == self.Status.PUBLISHED and self.deadline is not None and moment < self.deadline


class PackageQuestion(BaseModel):
    """A quality question the council asks in one mini-competition, with its weight (the weights sum to 100)."""

    package_request = models.ForeignKey(PackageRequest, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    weight = models.PositiveSmallIntegerField()

    class Meta:
        ordering: ClassVar[list[str]] = ["package_request", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Invitation(AreaScopedModel):
    """A supplier invited to bid: every admitted, unsuspended member of the category serving the area."""

    package_request = models.ForeignKey(PackageRequest, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="invitations")
    invited_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["package_request", "supplier"], name="one_invitation_per_supplier"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["supplier", "-invited_at"], name="invitation_supplier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} invited to {self.package_request_id}"


class Bid(AreaScopedModel):
    """A supplier's weekly price and quality answers for one package request. Only the supplier and the council
    that asked see it; the quality mark is the evaluators' (0-100, from the weighted question marks)."""

    package_request = models.ForeignKey(PackageRequest, on_delete=models.PROTECT, related_name="bids")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="bids")
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=ABOVE_ZERO)
    submitted_at = models.DateTimeField()
    quality = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # Mark out of 10 per PackageQuestion id, from the evaluation.
    quality_marks = models.JSONField(default=dict, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The outcome of the award, as the rule gave it: what an unsuccessful supplier is told.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    excluded = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["package_request", "supplier"], name="one_bid_per_supplier"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["supplier", "-submitted_at"], name="bid_supplier_idx"),
        ]

    def __str__(self) -> str:
        return f"Bid by {self.supplier} for {self.package_request_id}"

    def is_evaluated(self) -> bool:
        return self.quality is not None


class BidAnswer(BaseModel):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PackageQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["bid", "question"], name="one_bid_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class SpotPurchase(AreaScopedModel):
    """A package bought outside the arrangement: a short-term contingency only, with a recorded justification and
    an approver who is not the person asking."""

    class Reason(models.TextChoices):
        NO_COMPLIANT_BID = "no_compliant_bid", "No compliant bid"
        URGENCY = "urgency", "Urgency"
        CONTINUITY_OF_CARE = "continuity_of_care", "Continuity of care"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    package_request = models.ForeignKey(
        PackageRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="spot_purchases"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    justification = models.TextField()
    weekly_price = models.DecimalField(max_digits=10, decimal_places=2, validators=ABOVE_ZERO)
    start_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
                name="spot_purchase_approver_is_not_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"Spot purchase from {self.provider} ({self.get_reason_display()})"


class ContinuingPackage(AreaScopedModel):
    """A package with a provider that has not joined the arrangement. It continues for as long as it remains
    appropriate, to avoid disrupting the young person, until a review decides (the seed, para 3.2)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue with the provider"
        RETENDER = "retender", "Put to a mini-competition"
        END = "end", "End the package"

    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    weekly_price = models.DecimalField(max_digits=10, decimal_places=2, validators=ABOVE_ZERO)
    started_on = models.DateField()
    review_due_on = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["review_due_on", "id"]

    def __str__(self) -> str:
        return f"Continuing package with {self.provider}"


class ProviderReview(BaseModel):
    """A council's review of, or quality concern about, a supplier, shared with every participating council."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Performance review"
        QUALITY_CONCERN = "quality_concern", "Quality concern"

    class Rating(models.TextChoices):
        GOOD = "good", "Good"
        APPROACHING_TARGET = "approaching_target", "Approaching target"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.PROTECT, related_name="reviews")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="reviews")
    council = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    rating = models.CharField(max_length=25, choices=Rating.choices, blank=True)
    summary = models.TextField(help_text="No personal data: this is shared with every participating council")
    recorded_on = models.DateField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.supplier}"
