"""Setting up a contract: its lots, partners, funders and pooled funds, checked as a whole so nothing is saved
unless everything is valid, and its extension decisions scheduled. Each writes its audit record in the same
transaction.

The arithmetic (years, values, shares, decision dates) is in the pure `rules.contract_terms`; validation here turns
its errors into messages at the field.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import (
    Contract,
    ContractPartner,
    ExtensionDecision,
    FundingContribution,
    Lot,
    PooledFund,
)
from carershub.commissioning.rules.contract_terms import (
    extension_decision_due_dates,
)
from carershub.commissioning.rules.procurement import procedure_suits_regime
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort

OCID_PREFIX: Final = "ocds-carershub"


class ContractInvalid(FieldErrors):
    """The contract, or the change to it, cannot be made as given: a message per field saying what to fix."""


@dataclass(frozen=True)
class LotDetails:
    number: int
    title: str
    cohorts: tuple[str, ...] = ()
    provider: Organisation | None = None
    annual_value: Decimal | None = None


@dataclass(frozen=True)
class ContributionDetails:
    """What a funder (an organisation, or a pooled fund instead) puts in each year from `first_year` to
    `last_year` (the contract's last possible year when None), at one standing."""

    funder: Organisation | None
    annual_amount: Decimal
    standing: str = FundingContribution.Standing.COMMITTED
    first_year: int = 1
    last_year: int | None = None
    pooled_fund: PooledFund | None = None

    def funder_key(self) -> tuple[str, int]:
        if self.pooled_fund is not None:
            return ("fund", self.pooled_fund.pk)
        return ("organisation", self.funder.pk if self.funder is not None else 0)

    def years(self, maximum_term_years: int) -> range:
        return range(self.first_year, (self.last_year or maximum_term_years) + 1)


@dataclass(frozen=True)
class ContractSetUp:
    """Everything needed to set up a contract, from the set-up form or the demo."""

    reference: str
    title: str
    commissioner: Organisation
    areas: tuple[Area, ...]
    regime: str
    route: str
    start_date: date
    initial_term_years: int
    annual_value: Decimal
    description: str = ""
    partners: tuple[Organisation, ...] = ()
    status: str = Contract.Status.PLANNED
    light_touch: bool = True
    extension_years: tuple[int, ...] = ()
    extension_notice_months: int = 6
    decision_maker: str = ""
    annual_uplift_percent: Decimal = Decimal("0.00")
    maximum_price: Decimal | None = None
    lots: tuple[LotDetails, ...] = ()
    contributions: tuple[ContributionDetails, ...] = field(default=())


def check_set_up(set_up: ContractSetUp) -> None:
    """Raise ContractInvalid naming every field at fault; nothing is written."""
    errors: dict[str, str] = {}
    if Contract.objects.filter(reference=set_up.reference).exists():
        errors["reference"] = "A contract with this reference already exists"
    if not set_up.areas:
        errors["areas"] = "Select the areas the contract serves"
    if set_up.initial_term_years < 1:
        errors["initial_term_years"] = "The initial term must be at least 1 year"
    if any(option < 1 for option in set_up.extension_years):
        errors["extension_years"] = "Each extension option must be at least 1 year"
    for name in ("annual_value", "maximum_price"):
        amount = getattr(set_up, name)
        if amount is not None and amount < 0:
            errors[name] = "The amount must not be negative"
    if set_up.annual_uplift_percent < 0:
        errors["annual_uplift_percent"] = "The uplift must not be negative: record a reduction in the annual value"
    if set_up.maximum_price is not None and set_up.annual_value > set_up.maximum_price:
        errors["annual_value"] = (
            f"The annual value must not be more than the maximum price of £{set_up.maximum_price:,}"
        )
    if set_up.contributions:
        errors.update(_contribution_errors(set_up))
    numbers = [lot.number for lot in set_up.lots]
    if len(set(numbers)) != len(numbers):
        errors["lots"] = "Each lot needs its own number"
    if any(cohort not in Cohort.values for lot in set_up.lots for cohort in lot.cohorts):
        errors["lots"] = "Choose the lot's cohorts from the list"
    elif _lots_overlap(set_up.lots):
        errors["lots"] = (
            "Two lots let to the same provider serve the same carers: a referral would count in both lots' figures"
        )
    if set_up.regime in Contract.Regime.values and not procedure_suits_regime(set_up.regime, set_up.route):
        errors["route"] = (
            f"A contract under the {Contract.Regime(set_up.regime).label} cannot be awarded by "
            f"{Contract.Route(set_up.route).label.lower() if set_up.route in Contract.Route.values else 'this route'}"
        )
    if set_up.status == Contract.Status.EXTENDED:
        errors["status"] = "A contract is extended by deciding to take an extension option"
    if errors:
        raise ContractInvalid(errors)


def _contribution_errors(set_up: ContractSetUp) -> dict[str, str]:
    """The funders' contributions: each funder once a year, within the contract's years, and year 1's adding up to
    the annual value (every standing counted: the annual value is what the contract costs if all of it comes)."""
    longest = set_up.initial_term_years + sum(set_up.extension_years)
    if any(c.annual_amount < 0 for c in set_up.contributions):
        return {"contributions": "A contribution must not be negative"}
    if any((c.funder is None) == (c.pooled_fund is None) for c in set_up.contributions):
        return {"contributions": "Each contribution comes from one funder or one pooled fund"}
    if any(c.standing not in FundingContribution.Standing.values for c in set_up.contributions):
        return {"contributions": "Select whether each contribution is committed, anticipated or assumed"}
    if any(not 1 <= c.first_year <= (c.last_year or longest) <= longest for c in set_up.contributions):
        return {"contributions": f"A contribution's years must be within the contract's {longest} years"}
    funder_years = [(c.funder_key(), year) for c in set_up.contributions for year in c.years(longest)]
    if len(set(funder_years)) != len(funder_years):
        return {"contributions": "Enter each funder once for each year"}
    first_year = sum((c.annual_amount for c in set_up.contributions if c.first_year == 1), Decimal("0.00"))
    if first_year != set_up.annual_value:
        return {
            "contributions": (
                f"The contributions add up to £{first_year:,.2f}, not the annual value of £{set_up.annual_value:,.2f}"
            )
        }
    return {}


def _lots_overlap(lots: Sequence[LotDetails]) -> bool:
    """Whether a referral could count in two lots: a lot's figures are its provider's referrals of its cohorts (no
    cohorts listed: every cohort), so two lots of one provider must not share a cohort."""
    seen: dict[int, list[set[str]]] = {}
    for lot in lots:
        if lot.provider is None:
            continue
        cohorts = set(lot.cohorts) or set(Cohort.values)
        if any(cohorts & other for other in seen.get(lot.provider.pk, [])):
            return True
        seen.setdefault(lot.provider.pk, []).append(cohorts)
    return False


def next_ocid(reference: str) -> str:
    return f"{OCID_PREFIX}-{reference}"


@transaction.atomic
def set_up_contract(set_up: ContractSetUp, *, by: User | None) -> Contract:
    """Create a contract with its partners, lots, funders and one extension decision per option, each due the
    notice period before the term it would extend ends. Raises ContractInvalid (nothing saved)."""
    check_set_up(set_up)
    contract = Contract.objects.create(
        reference=set_up.reference,
        title=set_up.title,
        description=set_up.description,
        commissioner=set_up.commissioner,
        status=set_up.status,
        regime=set_up.regime,
        route=set_up.route,
        light_touch=set_up.light_touch,
        start_date=set_up.start_date,
        initial_term_years=set_up.initial_term_years,
        extension_years=list(set_up.extension_years),
        extension_notice_months=set_up.extension_notice_months,
        decision_maker=set_up.decision_maker,
        annual_value=set_up.annual_value,
        annual_uplift_percent=set_up.annual_uplift_percent,
        maximum_price=set_up.maximum_price,
        ocid=next_ocid(set_up.reference),
        created_by=by,
        updated_by=by,
    )
    contract.areas.set(set_up.areas)
    roles = {set_up.commissioner.pk: (set_up.commissioner, ContractPartner.Role.LEAD)}
    for partner in set_up.partners:
        roles.setdefault(partner.pk, (partner, ContractPartner.Role.PARTNER))
    for contribution in set_up.contributions:
        # A pooled fund's host and members fund the contract together: each sees it as a funding partner.
        fund = contribution.pooled_fund
        funders = [contribution.funder] if fund is None else [fund.host, *fund.members.all()]
        for funder in funders:
            if funder is not None:
                roles.setdefault(funder.pk, (funder, ContractPartner.Role.FUNDER))
    ContractPartner.objects.bulk_create(
        ContractPartner(contract=contract, organisation=organisation, role=role, created_by=by)
        for organisation, role in roles.values()
    )
    Lot.objects.bulk_create(
        Lot(
            contract=contract,
            number=lot.number,
            title=lot.title,
            cohorts=list(lot.cohorts),
            provider=lot.provider,
            annual_value=lot.annual_value,
            created_by=by,
        )
        for lot in set_up.lots
    )
    longest = set_up.initial_term_years + sum(set_up.extension_years)
    FundingContribution.objects.bulk_create(
        FundingContribution(
            contract=contract,
            funder=c.funder,
            pooled_fund=c.pooled_fund,
            contract_year=year,
            amount=c.annual_amount,
            standing=c.standing,
            created_by=by,
        )
        for c in set_up.contributions
        for year in c.years(longest)
    )
    _create_extension_decisions(contract)
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=contract,
        event=CommissioningEvent.CONTRACT_SET_UP,
        organisation=set_up.commissioner,
        detail={"reference": contract.reference, "annual_value": str(contract.annual_value)},
    )
    return contract


def _create_extension_decisions(contract: Contract) -> None:
    due_dates = extension_decision_due_dates(
        start_date=contract.start_date,
        initial_term_years=contract.initial_term_years,
        extension_years=contract.extension_years,
        notice_months=contract.extension_notice_months,
    )
    ExtensionDecision.objects.bulk_create(
        ExtensionDecision(contract=contract, option_number=number, decision_due_on=due_on)
        for number, due_on in enumerate(due_dates, start=1)
    )


@transaction.atomic
def set_up_pooled_fund(
    name: str, *, host: Organisation, members: Sequence[Organisation] = (), agreement: str = "", by: User | None
) -> PooledFund:
    """Record a pooled budget (such as the Better Care Fund) that can fund contracts as one funder."""
    if not name.strip():
        raise ContractInvalid({"name": "Enter the pooled fund's name"})
    fund = PooledFund.objects.create(name=name.strip(), host=host, agreement=agreement.strip(), created_by=by)
    fund.members.set({host, *members})
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=fund,
        event=CommissioningEvent.POOLED_FUND_SET_UP,
        organisation=host,
        detail={"pooled_fund": fund.name, "members": sorted(m.pk for m in fund.members.all())},
    )
    return fund
