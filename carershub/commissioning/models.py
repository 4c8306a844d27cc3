"""Contracts for carers' services, who funds them, what they must achieve, and how they are monitored.

Money is Decimal to the penny everywhere (never a float). Contract arithmetic (terms, years, lifetime value,
shares) is in the pure `rules/` package; these models hold the facts it works from. Commissioners see only
aggregates: nothing here points at a person.
"""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from carershub.commissioning.rules.contract_terms import options_as_taken
from carershub.core.models import BaseModel
from carershub.referrals.models import Cohort

# Money fields are pounds to the penny (max_digits=14, decimal_places=2) and never negative.
NOT_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


class Contract(BaseModel):
    """A commissioned carers' service: who buys it, from whom, for how long and for how much."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        TENDERING = "tendering", "Tendering"
        AWARDED = "awarded", "Awarded"
        MOBILISING = "mobilising", "Mobilising"
        LIVE = "live", "Live"
        EXTENDED = "extended", "Extended"
        ENDED = "ended", "Ended"

    class Regime(models.TextChoices):
        PCR_2015 = "pcr_2015", "Public Contracts Regulations 2015"
        PA_2023 = "pa_2023", "Procurement Act 2023"
        GRANT = "grant", "Grant agreement (not a procurement)"

    class Route(models.TextChoices):
        """The procedure the contract was awarded by. Under the Procurement Act 2023 "light touch" is a kind of
        contract (its regime, s.9), not a procedure: a light-touch contract is still awarded by an open or a
        competitive flexible procedure (s.20) or directly (ss.41-43), so the two are recorded apart."""

        OPEN = "open", "Open procedure"
        COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
        RESTRICTED = "restricted", "Restricted procedure"
        DIRECT_AWARD = "direct_award", "Direct award"
        FRAMEWORK_CALL_OFF = "framework_call_off", "Call-off from a framework"
        GRANT = "grant", "Grant"

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The lead authority; partners in joint commissioning are ContractPartner rows.
    commissioner = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    areas = models.ManyToManyField("organisations.Area", related_name="contracts")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    regime = models.CharField(max_length=20, choices=Regime.choices)
    route = models.CharField(max_length=30, choices=Route.choices)
    # The regime a contract is under, apart from its procedure: social care services are light-touch contracts
    # (Procurement Act 2023 s.9; Procurement Regulations 2024 Sch 1), exempt from the s.52 KPI duty, s.75 change
    # notices and mandatory standstill. Recorded, never assumed.
    light_touch = models.BooleanField(default=True)

    start_date = models.DateField()
    initial_term_years = models.PositiveSmallIntegerField()
    # Extension options in the order they may be taken, in whole years: 3+1+1 is initial 3, options [1, 1].
    extension_years = models.JSONField(default=list, blank=True)
    extensions_taken = models.PositiveSmallIntegerField(default=0)
    # The years each extension taken added, in order: the options are an allowance taken in any whole-year parts
    # (3+1+1 may be extended by 2 years at once), so [2] or [1, 1] for Sefton's two years.
    extension_parts_taken = models.JSONField(default=list, blank=True)
    # How long before the end of the current term the decision to extend must be made.
    extension_notice_months = models.PositiveSmallIntegerField(default=6)
    # Who may extend or vary the contract (a key decision, a delegation to an officer).
    decision_maker = models.CharField(max_length=200, blank=True)

    annual_value = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    annual_uplift_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    maximum_price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE)

    # OCDS open contracting identifier (prefix + reference), for the open-data export.
    ocid = models.CharField(max_length=100, unique=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(initial_term_years__gte=1), name="contract_has_a_term"),
            models.CheckConstraint(condition=models.Q(annual_value__gte=0), name="contract_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:contract", args=[self.reference])

    def extension_options_as_taken(self) -> tuple[int, ...]:
        """The extension parts taken, then what is left of the options (rules.contract_terms.options_as_taken)."""
        return options_as_taken(self.extension_years, self.extension_parts_taken)


class ContractPartner(BaseModel):
    """An organisation in a joint commissioning arrangement, and its part in it."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead commissioner"
        PARTNER = "partner", "Joint commissioner"
        FUNDER = "funder", "Funding partner"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["contract", "organisation"], name="one_partner_row_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Lot(BaseModel):
    """Part of a contract let to one provider, e.g. lot 1 adult, parent, kinship and working carers."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    # referrals.Cohort values this lot serves: its referrals, cases and KPIs are counted from these.
    cohorts = models.JSONField(default=list, blank=True)
    provider = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="lots"
    )
    annual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE)

    class Meta:
        ordering: ClassVar[list[str]] = ["contract", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["contract", "number"], name="lot_number_unique_in_contract"),
        ]

    def __str__(self) -> str:
        return f"Lot {self.number}: {self.title}"

    def cohort_labels(self) -> list[str]:
        return [Cohort(cohort).label for cohort in self.cohorts if cohort in Cohort.values]


class PooledFund(BaseModel):
    """Money several bodies put into one budget, such as the Better Care Fund, pooled by a council and the NHS under
    an agreement made under the NHS Act 2006 s.75. It funds contracts as one funder (seed 003: "The budget for
    support is funded through the Better Care Fund, which is a pooled fund with health")."""

    name = models.CharField(max_length=200)
    # The body that holds the pooled budget and pays from it.
    host = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    # Everyone who pays into it; each may see the contracts it funds, as a funding partner.
    members = models.ManyToManyField("organisations.Organisation", related_name="pooled_funds", blank=True)
    agreement = models.CharField(max_length=200, blank=True, help_text="Like a section 75 agreement's reference.")

    def __str__(self) -> str:
        return self.name


class FundingContribution(BaseModel):
    """What one funder (an organisation or a pooled fund) puts into one contract year, and how sure that money is:
    committed (a budget approved for the contract), anticipated (expected, not yet agreed) or assumed (a finance
    table's assumption that it continues). Seed 000: the ICB's £132,000 is "anticipated" for 2025/26 only."""

    class Standing(models.TextChoices):
        COMMITTED = "committed", "Committed"
        ANTICIPATED = "anticipated", "Anticipated"
        ASSUMED = "assumed", "Assumed"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contributions")
    funder = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pooled_fund = models.ForeignKey(
        PooledFund, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    contract_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    standing = models.CharField(max_length=12, choices=Standing.choices, default=Standing.COMMITTED)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(funder__isnull=False, pooled_fund__isnull=True)
                | models.Q(funder__isnull=True, pooled_fund__isnull=False),
                name="contribution_from_one_funder_or_fund",
            ),
            models.UniqueConstraint(
                fields=["contract", "funder", "contract_year"],
                condition=models.Q(funder__isnull=False),
                name="one_contribution_per_funder_and_year",
            ),
            models.UniqueConstraint(
                fields=["contract", "pooled_fund", "contract_year"],
                condition=models.Q(pooled_fund__isnull=False),
                name="one_contribution_per_fund_and_year",
            ),
            models.CheckConstraint(condition=models.Q(contract_year__gte=1), name="contribution_year_from_1"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="contribution_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.funder_name}, year {self.contract_year}: £{self.amount} ({self.get_standing_display()})"

    @property
    def funder_name(self) -> str:
        if self.pooled_fund is not None:
            return self.pooled_fund.name
        return self.funder.name if self.funder is not None else ""


class ExtensionDecision(BaseModel):
    """Whether to take an extension option, due a notice period before the current term ends."""

    class Outcome(models.TextChoices):
        EXTEND = "extend", "Extend"
        DO_NOT_EXTEND = "do_not_extend", "Do not extend"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="extension_decisions")
    option_number = models.PositiveSmallIntegerField()
    decision_due_on = models.DateField()
    # How many years a decision to extend took (any whole number up to the allowance left).
    years = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reference = models.CharField(max_length=100, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["contract", "option_number"], name="one_decision_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} option {self.option_number}"


class Variation(BaseModel):
    """A change to a contract's value or term, with the reason and who approved it."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    previous_annual_value = models.DecimalField(max_digits=14, decimal_places=2)
    new_annual_value = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    term_change_months = models.SmallIntegerField(default=0)
    reason = models.TextField()
    approved_by = models.CharField(max_length=200)
    approved_on = models.DateField()
    effective_from = models.DateField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="variation_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"Variation to {self.contract.reference} from {self.effective_from}"


class PopulationEstimate(BaseModel):
    """A figure used to estimate demand in an area, with where it came from."""

    class Measure(models.TextChoices):
        """What a figure counts, with its age range: an estimate that already includes another is never added to
        it (the census's unpaid carers aged 5 and over include its young carers aged 5 to 17)."""

        CENSUS_CARERS = "census_carers", "Unpaid carers aged 5 and over (census)"
        CENSUS_YOUNG_CARERS = "census_young_carers", "Young carers aged 5 to 17 (census)"
        ADULT_CARERS = "adult_carers", "Adult carers aged 18 and over (local estimate)"
        PUPILS = "pupils", "Pupils in the area's schools"
        YOUNG_CARER_PREVALENCE_PERCENT = "young_carer_prevalence_percent", "Young carer prevalence among pupils (%)"

    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(max_length=40, choices=Measure.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2, validators=NOT_NEGATIVE)
    source = models.CharField(max_length=300)
    as_of = models.DateField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["area", "measure", "as_of"], name="one_estimate_per_measure_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.value} ({self.source})"


class ContractKpi(BaseModel):
    """A measure the contract is held to, with its annual target and RAG thresholds.

    `measure` names an entry in the KPI library (`kpis.py`), computed from the platform's records. Measures the
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
