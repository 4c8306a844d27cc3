"""The community carers fund: small grants to community groups that support carers (Coventry's "fund to be
distributed by the provider to help nurture and develop smaller carer groups in the community").

A fund runs rounds (budget, dates, criteria with weights). Groups apply without an account; the fund's staff check
eligibility; several panel members, each having declared any conflict of interest, score the application against
the weighted criteria; a moderator decides with reasons, within what is left of the round's budget. Awards are
paid, reported on at the end, and published as 360Giving data.
"""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from carershub.core.models import AreaScopedModel, BaseModel


class Fund(BaseModel):
    """A grant programme run by an organisation in an area, with its 360Giving publishing identity."""

    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True, help_text="In the fund's public addresses; never changed.")
    identifier_prefix = models.CharField(
        "360Giving prefix", max_length=50, help_text="Registered with 360Giving, e.g. 360G-carershub."
    )
    funder_identifier = models.CharField(
        "funder's organisation identifier", max_length=60, help_text="org-id.guide, e.g. GB-CHC-1234567."
    )

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants_public:fund", args=[self.slug])


class FundingRound(BaseModel):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=150)
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    maximum_award = models.DecimalField(max_digits=12, decimal_places=2)
    opens_on = models.DateField()
    closes_on = models.DateField()
    criteria = models.TextField(help_text="What the round funds, as published to applicants.")

    class Meta:
        ordering: ClassVar[list[str]] = ["-opens_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="round_dates_order"),
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="round_has_budget"),
            models.CheckConstraint(
                condition=models.Q(maximum_award__gt=0, maximum_award__lte=models.F("budget")),
                name="round_maximum_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("grants:round", args=[self.pk])


class Criterion(models.Model):
    """One thing the panel scores (0 to 5), counted by its weight."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="scoring_criteria")
    name = models.CharField(max_length=150)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "criteria"
        ordering: ClassVar[list[str]] = ["order", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_has_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (weight {self.weight})"


class PanelMember(BaseModel):
    """A member of staff who scores a round's applications; `is_moderator` may decide."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_moderator = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["funding_round", "user"], name="one_panel_seat_per_round"),
        ]

    def __str__(self) -> str:
        return f"Panel member {self.user_id} of round {self.funding_round_id}"


class Application(AreaScopedModel):
    """A community group's application, made without an account. `submission_key` makes a double submission one
    application. Everything the public typed is shown escaped, everywhere."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ELIGIBLE = "eligible", "Eligible, for scoring"
        INELIGIBLE = "ineligible", "Not eligible"
        AWARDED = "awarded", "Awarded"
        DECLINED = "declined", "Declined"

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(max_length=20, unique=True)
    submission_key = models.UUIDField(unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    organisation_name = models.CharField(max_length=200)
    charity_number = models.CharField(max_length=12, blank=True)
    company_number = models.CharField(max_length=12, blank=True)
    postcode = models.CharField(max_length=8)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=20, blank=True)
    project_title = models.CharField(max_length=150)
    purpose = models.TextField()
    amount_requested = models.DecimalField(max_digits=12, decimal_places=2)
    carers_benefiting = models.PositiveIntegerField()
    works_in_area = models.BooleanField()
    is_not_for_profit = models.BooleanField()
    submitted_at = models.DateTimeField()
    eligibility_reasons = models.JSONField(default=list, blank=True)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    eligibility_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["submitted_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount_requested__gt=0), name="application_asks_for_money"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("grants:application", args=[self.pk])


class InterestDeclaration(BaseModel):
    """A panel member's declaration about one application, made before scoring it. A conflict (their own
    organisation, a relative, a board seat) bars them from scoring it and from deciding it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "user"], name="one_declaration_per_member"),
        ]

    def __str__(self) -> str:
        return f"Declaration by {self.user_id} on {self.application_id}"


class Score(BaseModel):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "scorer", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_out_of_five"),
        ]

    def __str__(self) -> str:
        return f"{self.score} for criterion {self.criterion_id}"


class Award(BaseModel):
    """The moderated decision to fund an application, with reasons. Awards of a round never exceed its budget (the
    round is locked while the remaining budget is read)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    awarded_on = models.DateField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="award_is_money"),
        ]

    def __str__(self) -> str:
        return f"Award of £{self.amount} to {self.application_id}"

    def paid(self) -> Decimal:
        return sum((payment.amount for payment in self.payments.all()), Decimal(0))


class Payment(BaseModel):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    paid_on = models.DateField()
    reference = models.CharField(max_length=50, blank=True, help_text="The finance system's payment reference.")

    class Meta:
        ordering: ClassVar[list[str]] = ["paid_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_is_money"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"


class GrantReturn(BaseModel):
    """What the group reports at the end of the grant: spend, carers reached, what changed."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="end_of_grant_return")
    spent = models.DecimalField(max_digits=12, decimal_places=2)
    carers_reached = models.PositiveIntegerField()
    what_changed = models.TextField()
    received_on = models.DateField()

    def __str__(self) -> str:
        return f"Return for award {self.award_id}"
