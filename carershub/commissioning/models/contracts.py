"""Contracts for carers' services: lots, partners, who funds them (pooled funds and contributions by year and
standing), extension decisions, variations and the population estimates demand is forecast from."""

from decimal import Decimal
from typing import ClassVar

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
