"""What a contract must achieve and how it is monitored: KPIs and their targets, figures the provider enters,
quarterly returns (frozen once submitted) and performance ratings."""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from carershub.commissioning.models.contracts import NOT_NEGATIVE, Contract, Lot
from carershub.core.models import BaseModel


class ContractKpi(BaseModel):
    """A measure the contract is held to, with its annual target and RAG thresholds.

    `measure` names an entry in the KPI library (`kpis.library`), computed from the platform's records. Measures the
    platform cannot compute yet are `manual`: the provider enters the figure, and it is marked as such.
    """

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.CASCADE, related_name="kpis")
    measure = models.CharField(max_length=60)
    # For the assessment measures: the kinds of assessment that count (empty: every kind). Coventry's "340 carers
    # assessments" are Care Act carer's assessments only; its young carers' assessments are a separate contract.
    assessment_kinds = models.JSONField(default=list, blank=True)
    label = models.CharField(max_length=200, blank=True)
    manual = models.BooleanField(default=False)
    annual_target = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    # Green at or beyond this share of the (pro-rated) target, amber at or beyond the second, red below.
    green_from_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("100.00"))
    amber_from_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("90.00"))

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["contract", "lot", "measure"], name="one_kpi_per_measure_and_lot"),
            models.CheckConstraint(
                condition=models.Q(amber_from_percent__lte=models.F("green_from_percent")),
                name="amber_threshold_below_green",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.measure


class ManualMeasurement(BaseModel):
    """A figure a provider entered for a KPI the platform cannot compute yet."""

    kpi = models.ForeignKey(ContractKpi, on_delete=models.PROTECT, related_name="manual_measurements")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    note = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kpi", "period_start", "period_end"], name="one_manual_figure_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="manual_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} ({self.period_start} to {self.period_end})"


class SubmittedReturnIsFrozen(Exception):
    """Raised when anything tries to delete a submitted monitoring return (the database refuses it too)."""


class MonitoringReturnQuerySet(models.QuerySet["MonitoringReturn"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if self.exclude(status=MonitoringReturn.Status.DRAFT).exists():
            raise SubmittedReturnIsFrozen("A submitted monitoring return cannot be deleted.")
        return super().delete()


class MonitoringReturn(BaseModel):
    """A quarterly monitoring return: generated from live data, reviewed and submitted by the provider, then
    accepted or queried by the commissioner.

    Once submitted its `figures` are frozen: later corrections to the records do not change it (the difference
    from live data is shown). A correction is a new version with reasons, superseding the old one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        QUERIED = "queried", "Queried"
        SUPERSEDED = "superseded", "Superseded"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # [{"measure", "label", "value", "target", "rag", "manual", "suppressed"}, ...] as generated; frozen on submit.
    figures = models.JSONField(default=list)
    generated_at = models.DateTimeField()
    provider_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commissioner_comment = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)

    objects = MonitoringReturnQuerySet.as_manager()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["contract", "lot", "period_start", "version"], name="one_return_version_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="return_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
                name="correction_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} return {self.period_start} to {self.period_end} v{self.version}"

    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # PostgreSQL's trigger refuses this too; SQLite (demos only) relies on this check (migration 0002).
        if self.is_frozen():
            raise SubmittedReturnIsFrozen("A submitted monitoring return cannot be deleted.")
        return super().delete(*args, **kwargs)


class ReturnMessage(BaseModel):
    """One line of the conversation about a monitoring return: the commissioner's query, or the provider's answer.
    Kept as written, in order, so the return's history shows what was asked and what was said back."""

    class Kind(models.TextChoices):
        QUERY = "query", "Query"
        ANSWER = "answer", "Answer"

    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~models.Q(text=""), name="return_message_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on return {self.monitoring_return_id}"


class PerformanceRating(BaseModel):
    """The annual rating on the Procurement Act 2023 scale, with its evidence (published for contracts with KPIs
    under s.52; recorded for light-touch contracts too, though they are exempt from publishing it)."""

    class Rating(models.TextChoices):
        GOOD = "good", "Good"
        APPROACHING_TARGET = "approaching_target", "Approaching target"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="ratings")
    contract_year = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=30, choices=Rating.choices)
    evidence = models.TextField()
    rated_on = models.DateField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["contract", "contract_year"], name="one_rating_per_contract_year"),
            models.CheckConstraint(condition=~models.Q(evidence=""), name="rating_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} year {self.contract_year}: {self.get_rating_display()}"
