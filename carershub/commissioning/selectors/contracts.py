"""Who may see which contract. A contract you may not see is a 404, exactly like a missing one.

Commissioners (council or ICB staff) see the contracts their organisation commissions, leads or joins as a
partner; provider managers see the contracts their organisation delivers a lot of. Both only ever see aggregates.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.commissioning.models import (
    Contract,
    ContractPartner,
    ExtensionDecision,
    Lot,
    Variation,
)
from carershub.commissioning.rules.contract_terms import (
    ContractYear,
    Contribution,
    contribution_shares,
    percentage_change,
    term_end,
    varied_end_date,
)
from carershub.commissioning.rules.funding import (
    FundingRun,
    FundingSplit,
    Standing,
    YearContribution,
    funding_by_year,
    funding_runs,
    funding_split,
)
from carershub.commissioning.rules.rag import is_suppressed
from carershub.commissioning.rules.varied_terms import ValueChange, value_in_force, varied_contract_years
from carershub.referrals.models import Referral

ContractRole = Literal["commissioner", "provider"]


def _commissioned_by(organisation_id: int) -> Q:
    partner = ContractPartner.objects.filter(contract=OuterRef("pk"), organisation_id=organisation_id)
    return Q(commissioner_id=organisation_id) | Q(Exists(partner))


def _provided_by(organisation_id: int) -> Q:
    return Q(Exists(Lot.objects.filter(contract=OuterRef("pk"), provider_id=organisation_id)))


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    """Contracts the user may see: as a commissioner (commissioner or partner organisation) or as a provider
    manager (their organisation provides a lot). Everyone else sees none."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Contract.objects.none()
    conditions: list[Q] = []
    if user.has_role(Role.COMMISSIONER):
        conditions.append(_commissioned_by(user.organisation_id))
    if user.has_role(Role.MANAGER):
        conditions.append(_provided_by(user.organisation_id))
    if not conditions:
        return Contract.objects.none()
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return Contract.objects.filter(condition)


def get_contract_for_user(user: User, reference: str) -> Contract:
    """The contract with this reference if the user may see it; otherwise the same 404 as for a missing one."""
    contract = contracts_visible_to(user).select_related("commissioner").filter(reference=reference).first()
    if contract is None:
        raise Http404("No contract found")
    return contract


def may_change_contract(user: User, contract: Contract) -> bool:
    """Commissioners of the lead organisation or of a joint commissioning partner change a contract, its KPIs and
    its returns' acceptance; a funding partner's commissioners only see it."""
    organisation_id = user.organisation_id
    if organisation_id is None or not user.is_active or not user.has_role(Role.COMMISSIONER):
        return False
    if contract.commissioner_id == organisation_id:
        return True
    return ContractPartner.objects.filter(
        contract=contract,
        organisation_id=organisation_id,
        role__in=[ContractPartner.Role.LEAD, ContractPartner.Role.PARTNER],
    ).exists()


def contract_role_of(user: User, contract: Contract) -> ContractRole:
    """Whether the user sees this contract as its commissioner or as a provider. Commissioning wins when a user
    could be both (e.g. a council that also delivers a lot in-house). Raises Http404 if they may see neither."""
    organisation_id = user.organisation_id
    if organisation_id is None or not user.is_active:
        raise Http404("No contract found")
    contracts = Contract.objects.filter(pk=contract.pk)
    if user.has_role(Role.COMMISSIONER) and contracts.filter(_commissioned_by(organisation_id)).exists():
        return "commissioner"
    if user.has_role(Role.MANAGER) and contracts.filter(_provided_by(organisation_id)).exists():
        return "provider"
    raise Http404("No contract found")


@dataclass(frozen=True)
class VariedTerms:
    """A contract's years, ends and annual value with its variations applied from their effective dates onward."""

    original_annual_value: Decimal
    value_changes: tuple[ValueChange, ...]
    years: tuple[ContractYear, ...]
    current_end_date: date
    latest_end_date: date

    def annual_value_on(self, day: date) -> Decimal:
        return value_in_force(day, self.original_annual_value, self.value_changes)


def varied_terms(contract: Contract, variations: list[Variation] | None = None) -> VariedTerms:
    """The contract as varied: each variation's value from its effective date, term changes moving the current end
    and the options after it (`rules.contract_terms.varied_contract_years`). Pass the variations if already read."""
    if variations is None:
        variations = list(contract.variations.order_by("pk"))
    in_order = sorted(variations, key=lambda v: v.pk)
    # The value before any variation is kept on the first one; the contract holds the latest.
    original = in_order[0].previous_annual_value if in_order else contract.annual_value
    changes = tuple(ValueChange(v.effective_from, v.new_annual_value) for v in in_order)
    months = sum(v.term_change_months for v in in_order)
    years = varied_contract_years(
        start_date=contract.start_date,
        initial_term_years=contract.initial_term_years,
        extension_years=contract.extension_options_as_taken(),
        annual_value=original,
        annual_uplift_percent=contract.annual_uplift_percent,
        extensions_taken=contract.extensions_taken,
        value_changes=changes,
        term_change_months=months,
    )
    return VariedTerms(
        original_annual_value=original,
        value_changes=changes,
        years=years,
        current_end_date=varied_end_date(
            contract.start_date,
            contract.initial_term_years + sum(contract.extension_parts_taken),
            months,
        ),
        latest_end_date=years[-1].end,
    )


# --- Lists and pages ------------------------------------------------------------------------------------------------


def contract_list_for(user: User) -> QuerySet[Contract]:
    """The contracts list: each with its commissioner, lots' providers and next undecided extension decision, in a
    fixed number of queries however many contracts there are."""
    next_decision = (
        ExtensionDecision.objects.filter(contract=OuterRef("pk"), outcome="")
        .order_by("decision_due_on")
        .values("decision_due_on")[:1]
    )
    return (
        contracts_visible_to(user)
        .select_related("commissioner")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.select_related("provider").order_by("number")))
        .annotate(next_decision_due_on=Subquery(next_decision))
        .order_by("status", "start_date", "reference")
    )


@dataclass(frozen=True)
class VariationRow:
    variation: Variation
    percent_change: Decimal | None


@dataclass(frozen=True)
class ContractOverview:
    """What the contract page shows: the facts, the arithmetic and the decisions, read once."""

    contract: Contract
    role: ContractRole
    partners: list[ContractPartner]
    lots: list[Lot]
    # Runs of years a funder puts the same in at the same standing, each with its share of all the funding.
    contributions: list[tuple[FundingRun, Decimal]]
    # The whole contract's funding by standing (committed, anticipated, assumed), and each year's.
    funding: FundingSplit
    funding_years: list[tuple[ContractYear, FundingSplit]]
    # The funding of the contract year running today (the first before the start, the last after the end).
    current_year_funding: FundingSplit
    # False when that year's funding does not add up to the annual value in force (e.g. after a variation).
    contributions_match: bool
    years: tuple[ContractYear, ...]
    initial_end_date: date
    latest_end_date: date
    current_end_date: date
    maximum_term_years: int
    initial_term_value: Decimal
    lifetime_value: Decimal
    decisions: list[ExtensionDecision]
    variations: list[VariationRow]
    kpi_count: int
    lot_coverage: "LotCoverage"


def contract_overview(user: User, reference: str) -> ContractOverview:
    """The contract page's facts if the user may see the contract; otherwise Http404."""
    contract = get_contract_for_user(user, reference)
    role = contract_role_of(user, contract)
    variations = list(contract.variations.order_by("effective_from", "pk"))
    terms = varied_terms(contract, variations)
    years = terms.years
    contributions = year_contributions(contract)
    runs = funding_runs(contributions)
    shares = contribution_shares([Contribution(run.funder, run.total) for run in runs])
    by_year = funding_by_year(contributions, len(years))
    current = _current_year_number(years, timezone.localdate())
    current_funding = by_year[current - 1] if by_year else FundingSplit()
    return ContractOverview(
        contract=contract,
        role=role,
        partners=list(contract.partners.select_related("organisation").order_by("role", "organisation__name")),
        lots=list(contract.lots.select_related("provider").order_by("number")),
        contributions=[(run, share.share_percent) for run, share in zip(runs, shares, strict=True)],
        funding=funding_split(contributions),
        funding_years=list(zip(years, by_year, strict=True)),
        current_year_funding=current_funding,
        contributions_match=not contributions or current_funding.total == contract.annual_value,
        years=years,
        initial_end_date=term_end(contract.start_date, contract.initial_term_years),
        latest_end_date=terms.latest_end_date,
        current_end_date=terms.current_end_date,
        maximum_term_years=len(years),
        initial_term_value=sum((y.value for y in years if not y.is_extension), Decimal("0.00")),
        lifetime_value=sum((y.value for y in years), Decimal("0.00")),
        decisions=list(contract.extension_decisions.select_related("decided_by").order_by("option_number")),
        variations=[
            VariationRow(v, percentage_change(v.previous_annual_value, v.new_annual_value)) for v in variations
        ],
        kpi_count=contract.kpis.count(),
        lot_coverage=lot_coverage(contract),
    )


def year_contributions(contract: Contract) -> list[YearContribution]:
    """The contract's funding, one row per funder and contract year, biggest funders first within a year."""
    return [
        YearContribution(c.funder_name, c.contract_year, c.amount, Standing(c.standing))
        for c in contract.contributions.select_related("funder", "pooled_fund").order_by(
            "contract_year", "-amount", "pk"
        )
    ]


def _current_year_number(years: tuple[ContractYear, ...], today: date) -> int:
    if not years or today < years[0].start:
        return 1
    return next((year.year for year in years if year.start <= today <= year.end), len(years))


def get_extension_decision(contract: Contract, option_number: int) -> ExtensionDecision:
    decision = contract.extension_decisions.filter(option_number=option_number).first()
    if decision is None:
        raise Http404("No extension option found")
    return decision


@dataclass(frozen=True)
class LotCoverage:
    """How the referrals in a contract's areas fall into its lots' figures: each should count in exactly one."""

    referrals: int
    in_no_lot: int
    in_several_lots: int

    @staticmethod
    def shown(count: int) -> str:
        # A count of 1 to 4 could single out a carer: commissioners see "fewer than 5".
        return "fewer than 5" if is_suppressed(count) else f"{count:,}"

    @property
    def in_no_lot_shown(self) -> str:
        return self.shown(self.in_no_lot)

    @property
    def in_several_lots_shown(self) -> str:
        return self.shown(self.in_several_lots)


def lot_coverage(contract: Contract) -> LotCoverage:
    """Counts (never people) of the referrals in the contract's areas that no lot's figures count, or that more than
    one lot's do. A lot counts its provider's referrals of its cohorts (every cohort when it lists none), as the
    KPIs do (`kpis.figures.scope_of`)."""
    lots = list(contract.lots.exclude(provider__isnull=True).values_list("provider_id", "cohorts"))
    matches = [Q(provider_id=provider) & (Q(cohort__in=cohorts) if cohorts else Q()) for provider, cohorts in lots]
    in_lots = sum(
        (Case(When(match, then=Value(1)), default=Value(0)) for match in matches),
        start=Value(0),
    )
    counts = (
        Referral.objects.filter(area__in=contract.areas.all())
        .annotate(lots=in_lots)
        .aggregate(
            referrals=Count("pk"),
            in_no_lot=Count("pk", filter=Q(lots=0)),
            in_several_lots=Count("pk", filter=Q(lots__gt=1)),
        )
    )
    return LotCoverage(counts["referrals"], counts["in_no_lot"], counts["in_several_lots"])
