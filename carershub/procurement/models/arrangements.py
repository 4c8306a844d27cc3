"""The purchasing arrangement: its regime, the councils (and health partners) in it, its categories, its term and
extensions, its admission windows and the notices published about it. Nothing here points at a person."""

from datetime import date
from typing import ClassVar

from django.db import models
from django.urls import reverse

from carershub.core.models import BaseModel


class PurchasingArrangement(BaseModel):
    """A consortium's route to buy care packages from admitted suppliers, led by one authority."""

    class Regime(models.TextChoices):
        # Arrangements set up before 24 February 2025 keep the old rules for their call-offs (SI 2024/716 reg 5).
        PCR_2015_DPS = "pcr_2015_dps", "Dynamic purchasing system (Public Contracts Regulations 2015 reg 34)"
        PA_2023_DYNAMIC_MARKET = "pa_2023_dynamic_market", "Dynamic market (Procurement Act 2023 ss.34-40)"
        PA_2023_OPEN_FRAMEWORK = "pa_2023_open_framework", "Open framework (Procurement Act 2023 s.49)"

    class Admission(models.TextChoices):
        FIXED_WINDOWS = "fixed_windows", "In admission windows on fixed dates"
        # A PA 2023 dynamic market must accept applications at any time (s.36); they are assessed on set dates.
        CONTINUOUS = "continuous", "At any time, assessed on set dates"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    regime = models.CharField(max_length=30, choices=Regime.choices)
    lead_authority = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField()
    initial_term_years = models.PositiveSmallIntegerField()
    # Extension options in whole years in the order they may be taken: 2+1+1 is initial 2, options [1, 1].
    extension_years = models.JSONField(default=list, blank=True)
    admission = models.CharField(max_length=20, choices=Admission.choices)
    # How often a fixed admission window opens (6 months for care and support, 4 for leaving care in the seed).
    window_interval_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Providers must be able to serve young people up to this age (25, to match the SEND age range).
    oldest_age_served = models.PositiveSmallIntegerField(default=25)
    ocid = models.CharField("OCDS identifier", max_length=100, unique=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["reference"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(initial_term_years__gte=1), name="arrangement_has_a_term"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:arrangement", args=[self.reference])


class ArrangementParticipant(BaseModel):
    """A council or health partner that buys through the arrangement, from when it joined until it left."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Lead authority"
        COUNCIL = "council", "Participating council"
        HEALTH_PARTNER = "health_partner", "Health partner (opted in)"

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["arrangement", "joined_on", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["arrangement", "organisation"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_participation_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="participant_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"

    def is_current(self) -> bool:
        return self.left_on is None


class Category(BaseModel):
    """A kind of service suppliers are admitted to, and the areas it serves (PCR 2015 reg 34 allows categories)."""

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    areas = models.ManyToManyField("organisations.Area", related_name="+")

    class Meta:
        verbose_name_plural = "categories"
        ordering: ClassVar[list[str]] = ["arrangement", "order", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["arrangement", "name"], name="category_name_unique_in_arrangement"),
        ]

    def __str__(self) -> str:
        return self.name


class ExtensionDecision(BaseModel):
    """Whether to take an extension option, decided jointly by the participating authorities and recorded."""

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="extensions")
    option_number = models.PositiveSmallIntegerField()
    is_taken = models.BooleanField()
    decided_on = models.DateField()
    # The authorities that agreed, and who decided for them (e.g. a delegation to the Head of Children's Social Care).
    agreed_by = models.ManyToManyField("organisations.Organisation", related_name="+")
    decision_maker = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["arrangement", "option_number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["arrangement", "option_number"], name="procurement_one_decision_per_option"
            ),
        ]

    def __str__(self) -> str:
        return f"Extension option {self.option_number}: {'taken' if self.is_taken else 'not taken'}"


class AdmissionWindow(BaseModel):
    """When suppliers may apply and when their applications are assessed. A continuous window has no close date."""

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="windows")
    opens_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    assessment_date = models.DateField()

    class Meta:
        ordering: ClassVar[list[str]] = ["arrangement", "opens_on"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=models.F("opens_on")),
                name="window_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"Window from {self.opens_on:%d %b %Y}"

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class Notice(BaseModel):
    """A notice published about the arrangement, with its reference on the notice service and its date."""

    class Kind(models.TextChoices):
        CONTRACT_NOTICE = "contract_notice", "Contract notice (PCR 2015)"
        # The four dynamic market notices (Procurement Act 2023 s.39; Procurement Regulations 2024 reg 25).
        UK13 = "uk13", "UK13: intention to establish a dynamic market"
        UK14 = "uk14", "UK14: dynamic market established"
        UK15 = "uk15", "UK15: dynamic market modified"
        UK16 = "uk16", "UK16: dynamic market ceased"
        OTHER = "other", "Other notice"

    arrangement = models.ForeignKey(PurchasingArrangement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=100)
    published_on = models.DateField()
    url = models.URLField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["arrangement", "published_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"
