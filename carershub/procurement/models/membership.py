"""Supplier membership: suppliers, the quality questionnaire the lead authority sets, applications with their
answers, assessors' evaluations and moderation, and the membership that follows. Entry is on quality only: nothing
here asks a price."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from carershub.core.models import BaseModel
from carershub.procurement.models.arrangements import AdmissionWindow, Category, PurchasingArrangement


class Supplier(BaseModel):
    """A provider organisation that bids for care packages. A sole trader is a supplier too (the seed: they may
    join if they meet the quality standards and business law)."""

    class Regulator(models.TextChoices):
        OFSTED = "ofsted", "Ofsted"
        CQC = "cqc", "Care Quality Commission"
        NONE = "none", "Not regulated for this service"

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="supplier_profile"
    )
    is_sole_trader = models.BooleanField(default=False)
    companies_house_number = models.CharField(max_length=8, blank=True)
    regulator = models.CharField(max_length=10, choices=Regulator.choices, default=Regulator.NONE)
    regulator_reference = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class Question(BaseModel):
    """One question in an arrangement's quality questionnaire, set by the lead authority."""

    class Kind(models.TextChoices):
        PASS_FAIL = "pass_fail", "Pass or fail"
        # Grounds on which a supplier must, or may, be excluded (PCR 2015 reg 57; Procurement Act 2023 Schs 6 and 7).
        MANDATORY_EXCLUSION = "mandatory_exclusion", "Mandatory exclusion ground"
        DISCRETIONARY_EXCLUSION = "discretionary_exclusion", "Discretionary exclusion ground"
        SCORED = "scored", "Scored"

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField()
    guidance = models.TextField(blank=True)
    # Scored questions only: a mark out of max_mark, weighted; below minimum_mark the application fails.
    weight = models.PositiveSmallIntegerField(default=0)
    max_mark = models.PositiveSmallIntegerField(default=0)
    minimum_mark = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["arrangement", "order", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(kind="scored") | models.Q(max_mark__gte=1, minimum_mark__lte=models.F("max_mark")),
                name="scored_question_has_marks",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def is_scored(self) -> bool:
        return self.kind == self.Kind.SCORED


class Application(BaseModel):
    """A supplier's request to join one category, with the regulator's rating as entered and re-checked."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ADMITTED = "admitted", "Admitted"
        REJECTED = "rejected", "Rejected"

    class Rating(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"
        NOT_RATED = "not_rated", "Not yet rated"

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="applications")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="applications")
    window = models.ForeignKey(AdmissionWindow, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    regulator_rating = models.CharField(max_length=25, choices=Rating.choices, blank=True)
    regulator_rating_date = models.DateField(null=True, blank=True)
    # When an assessor last checked the rating against the regulator's register.
    rating_checked_on = models.DateField(null=True, blank=True)
    # When the lead authority was last reminded that the rating is due a re-check (cleared by each re-check), so
    # the daily reminder goes once per check.
    rating_reminded_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Moderation: the agreed mark per scored question id, and the decision with the reasons the supplier sees.
    moderated_marks = models.JSONField(default=dict, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["supplier", "category", "window"], name="one_application_per_category_and_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} for {self.category}"

    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(BaseModel):
    """A supplier's answer to one question. Exclusion grounds are declared (does the ground apply?); pass/fail
    questions are met or not; scored questions are free text for the assessors to mark."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    # Pass/fail: the supplier meets the requirement. Exclusion grounds: the ground applies to the supplier.
    is_yes = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class Evaluation(BaseModel):
    """One assessor's independent marks for an application, before moderation."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evaluations")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Mark per scored question id, and whether each pass/fail question passed (question id -> bool).
    marks = models.JSONField(default=dict)
    passes = models.JSONField(default=dict)
    note = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "assessor"], name="one_evaluation_per_assessor"),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.application_id} by {self.assessor_id}"


class Membership(BaseModel):
    """A supplier admitted to a category, and whether it is suspended or removed (with the reason it sees)."""

    class Status(models.TextChoices):
        ADMITTED = "admitted", "Admitted"
        SUSPENDED = "suspended", "Suspended"
        REMOVED = "removed", "Removed"

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="memberships")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="memberships")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="membership")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ADMITTED)
    admitted_on = models.DateField()
    status_reason = models.TextField(blank=True)
    status_changed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["supplier", "category"],
                condition=~models.Q(status="removed"),
                name="one_live_membership_per_category",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            # Inviting suppliers reads the admitted members of one category.
            models.Index(fields=["category", "status"], name="membership_category_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.category} ({self.get_status_display()})"

    def may_bid(self) -> bool:
        return self.status == self.Status.ADMITTED
