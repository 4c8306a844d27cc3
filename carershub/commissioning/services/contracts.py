"""Every change to a contract: setting it up, its life cycle, extension decisions, variations, demand figures and
the reminders of decisions falling due. Each writes its audit record in the same transaction.

The arithmetic (years, values, shares, decision dates) is in the pure `rules.contract_terms`; validation here
turns its errors into messages at the field, and nothing is saved unless everything is valid.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.commissioning.models import (
    Contract,
    ContractPartner,
    ExtensionDecision,
    FundingContribution,
    Lot,
    PooledFund,
    PopulationEstimate,
    Variation,
)
from carershub.commissioning.rules.contract_terms import (
    ContractTermsError,
    check_extension,
    extension_decision_due_dates,
    term_end,
    varied_end_date,
    varied_extension_decision_due_dates,
)
from carershub.commissioning.rules.procurement import procedure_suits_regime
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort

logger = logging.getLogger(__name__)

# How far ahead the commissioner is reminded of an extension decision falling due.
REMINDER_DAYS: Final = 60
OCID_PREFIX: Final = "ocds-carershub"

# The life cycle. EXTENDED is reached only by deciding to extend (decide_extension), never set by hand.
STATUS_CHANGES: Final[dict[str, frozenset[str]]] = {
    Contract.Status.PLANNED: frozenset({Contract.Status.TENDERING, Contract.Status.AWARDED, Contract.Status.ENDED}),
    Contract.Status.TENDERING: frozenset({Contract.Status.AWARDED, Contract.Status.ENDED}),
    Contract.Status.AWARDED: frozenset({Contract.Status.MOBILISING, Contract.Status.LIVE, Contract.Status.ENDED}),
    Contract.Status.MOBILISING: frozenset({Contract.Status.LIVE, Contract.Status.ENDED}),
    Contract.Status.LIVE: frozenset({Contract.Status.ENDED}),
    Contract.Status.EXTENDED: frozenset({Contract.Status.ENDED}),
    Contract.Status.ENDED: frozenset(),
}


class ContractInvalid(Exception):
    """The change cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


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
def change_status(contract: Contract, *, status: str, by: User) -> Contract:
    """Move a contract on through its life cycle (STATUS_CHANGES). Raises ContractInvalid on "status"."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if status not in STATUS_CHANGES[contract.status]:
        allowed = ", ".join(sorted(Contract.Status(s).label.lower() for s in STATUS_CHANGES[contract.status]))
        raise ContractInvalid(
            {"status": f"A {contract.get_status_display().lower()} contract can become: {allowed or 'nothing else'}"}
        )
    previous = contract.status
    contract.status = status
    contract.updated_by = by
    contract.save(update_fields=["status", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=contract,
        detail={"status": status, "previous_status": previous},
    )
    return contract


@transaction.atomic
def decide_extension(
    decision: ExtensionDecision,
    *,
    outcome: str,
    decided_on: date,
    decision_reference: str,
    by: User,
    years: int | None = None,
) -> ExtensionDecision:
    """Record whether to extend. Decisions are taken in order. The options are an allowance taken in any whole-year
    parts up to what remains (seed 000: "either as a single extension or via two separate twelve-month
    extensions"): extending by `years` (the option's own length when None) makes the contract EXTENDED and plans the
    decisions left from the new end; not extending also closes every later option, which could only follow it.
    Raises ContractInvalid naming the field."""
    decision = ExtensionDecision.objects.select_for_update().select_related("contract").get(pk=decision.pk)
    contract = Contract.objects.select_for_update().get(pk=decision.contract_id)
    errors: dict[str, str] = {}
    if decision.outcome:
        errors["outcome"] = "This extension option has already been decided"
    elif outcome not in ExtensionDecision.Outcome.values:
        errors["outcome"] = "Select whether to extend the contract"
    elif outcome == ExtensionDecision.Outcome.EXTEND:
        if contract.status in {Contract.Status.ENDED, Contract.Status.PLANNED, Contract.Status.TENDERING}:
            errors["outcome"] = f"A {contract.get_status_display().lower()} contract cannot be extended"
        elif decision.option_number != contract.extensions_taken + 1:
            errors["outcome"] = "Decide the earlier extension options first"
        else:
            if years is None:
                years = contract.extension_options_as_taken()[decision.option_number - 1]
            try:
                check_extension(contract.extension_years, taken_years=sum(contract.extension_parts_taken), years=years)
            except ContractTermsError as invalid:
                errors["years"] = invalid.message
    if decided_on > timezone.localdate():
        errors["decided_on"] = "The date of the decision must be today or in the past"
    if not decision_reference.strip():
        errors["decision_reference"] = "Enter the reference of the decision (e.g. the key decision or delegation)"
    if errors:
        raise ContractInvalid(errors)
    later = ExtensionDecision.objects.filter(contract=contract, option_number__gt=decision.option_number, outcome="")
    closing = [decision]
    if outcome == ExtensionDecision.Outcome.DO_NOT_EXTEND:
        closing += list(later.select_for_update())
    for each in closing:
        each.outcome = outcome
        each.decided_on = decided_on
        each.decided_by = by
        each.decision_reference = decision_reference.strip()
        each.years = years if each is decision and outcome == ExtensionDecision.Outcome.EXTEND else None
        each.save(update_fields=["outcome", "decided_on", "decided_by", "decision_reference", "years", "updated_at"])
    if outcome == ExtensionDecision.Outcome.EXTEND:
        assert years is not None  # set and checked above  # noqa: S101
        contract.extensions_taken += 1
        contract.extension_parts_taken = [*contract.extension_parts_taken, years]
        contract.status = Contract.Status.EXTENDED
        contract.updated_by = by
        contract.save(update_fields=["extensions_taken", "extension_parts_taken", "status", "updated_by", "updated_at"])
        months = sum(contract.variations.values_list("term_change_months", flat=True))
        _move_undecided_decisions(contract, term_change_months=months)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=contract,
        detail={
            "extension_option": decision.option_number,
            "outcome": outcome,
            "years": decision.years,
            "decision_reference": decision.decision_reference,
            "options_closed": [each.option_number for each in closing[1:]],
        },
    )
    return decision


def current_end_date(contract: Contract, variations: Sequence[Variation] = ()) -> date:
    """The last day of the term as it stands: the initial term plus extensions taken, moved by term variations."""
    taken = sum(contract.extension_parts_taken)
    months = sum(variation.term_change_months for variation in variations)
    return varied_end_date(contract.start_date, contract.initial_term_years + taken, months)


def _move_undecided_decisions(contract: Contract, *, term_change_months: int) -> None:
    """Undecided extension decisions fall due the notice period before the term as varied ends (reminders are sent
    again for a date that moved), one for each option left as the contract now stands: a decision that took more
    than its option's years leaves fewer decisions, one that took less leaves one more for the rest."""
    options = contract.extension_options_as_taken()
    due_dates = varied_extension_decision_due_dates(
        start_date=contract.start_date,
        initial_term_years=contract.initial_term_years,
        extension_years=options,
        notice_months=contract.extension_notice_months,
        extensions_taken=contract.extensions_taken,
        term_change_months=term_change_months,
    )
    undecided = {d.option_number: d for d in ExtensionDecision.objects.select_for_update().filter(contract=contract)}
    for number, due_on in enumerate(due_dates, start=1):
        decision = undecided.get(number)
        if decision is None:
            ExtensionDecision.objects.create(contract=contract, option_number=number, decision_due_on=due_on)
        elif not decision.outcome and decision.decision_due_on != due_on:
            decision.decision_due_on = due_on
            decision.reminded_at = None
            decision.save(update_fields=["decision_due_on", "reminded_at", "updated_at"])
    # Options the allowance no longer has (taken in an earlier, longer extension) are not decisions any more.
    ExtensionDecision.objects.filter(contract=contract, outcome="", option_number__gt=len(due_dates)).delete()


@transaction.atomic
def record_variation(
    contract: Contract,
    *,
    new_annual_value: Decimal,
    term_change_months: int,
    reason: str,
    approved_by: str,
    approved_on: date,
    effective_from: date,
    by: User,
) -> Variation:
    """Vary a contract's annual value and/or term, with the reason and who approved it. The new value becomes the
    contract's annual value; the previous one is kept on the variation. Raises ContractInvalid naming the field."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    errors: dict[str, str] = {}
    if new_annual_value < 0:
        errors["new_annual_value"] = "The annual value must not be negative"
    elif contract.maximum_price is not None and new_annual_value > contract.maximum_price:
        errors["new_annual_value"] = (
            f"The annual value must not be more than the maximum price of £{contract.maximum_price:,}"
        )
    if new_annual_value == contract.annual_value and term_change_months == 0:
        errors["new_annual_value"] = "Enter a change to the annual value or the term"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the variation"
    if not approved_by.strip():
        errors["approved_by"] = "Enter who approved the variation"
    if approved_on > timezone.localdate():
        errors["approved_on"] = "The date of approval must be today or in the past"
    if effective_from < contract.start_date:
        errors["effective_from"] = "The variation must take effect on or after the contract's start date"
    if contract.status == Contract.Status.ENDED:
        errors["new_annual_value"] = "An ended contract cannot be varied"
    earlier = list(contract.variations.all())
    if term_change_months:
        varied_end = current_end_date(contract, [*earlier, Variation(term_change_months=term_change_months)])
        latest = term_end(contract.start_date, contract.initial_term_years + sum(contract.extension_years))
        if varied_end < contract.start_date:
            errors["term_change_months"] = "The term would end before the contract starts"
        elif varied_end > latest:
            # Running on past every option is a new contract, not a variation (Procurement Act 2023 s.74).
            errors["term_change_months"] = (
                f"The term would end on {varied_end:%-d %B %Y}, after the latest end the extension options allow "
                f"({latest:%-d %B %Y})"
            )
    if errors:
        raise ContractInvalid(errors)
    variation = Variation.objects.create(
        contract=contract,
        previous_annual_value=contract.annual_value,
        new_annual_value=new_annual_value,
        term_change_months=term_change_months,
        reason=reason.strip(),
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        effective_from=effective_from,
        created_by=by,
    )
    contract.annual_value = new_annual_value
    contract.updated_by = by
    contract.save(update_fields=["annual_value", "updated_by", "updated_at"])
    if term_change_months:
        _move_undecided_decisions(contract, term_change_months=sum(v.term_change_months for v in [*earlier, variation]))
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=contract,
        detail={
            "variation": variation.pk,
            "previous_annual_value": str(variation.previous_annual_value),
            "new_annual_value": str(new_annual_value),
            "term_change_months": term_change_months,
        },
    )
    return variation


@transaction.atomic
def add_population_estimate(
    area: Area, *, measure: str, value: Decimal, source: str, as_of: date, by: User
) -> PopulationEstimate:
    """Record a figure used to estimate demand in an area, with its source. A figure for the same measure and date
    replaces the earlier one (a corrected publication). Raises ContractInvalid naming the field."""
    errors: dict[str, str] = {}
    if measure not in PopulationEstimate.Measure.values:
        errors["measure"] = "Select what the figure measures"
    if value < 0:
        errors["value"] = "The figure must not be negative"
    elif measure == PopulationEstimate.Measure.YOUNG_CARER_PREVALENCE_PERCENT and value > 100:
        errors["value"] = "A percentage must be 100 or less"
    if not source.strip():
        errors["source"] = "Enter where the figure comes from"
    if as_of > timezone.localdate():
        errors["as_of"] = "The date of the figure must be today or in the past"
    if errors:
        raise ContractInvalid(errors)
    estimate, created = PopulationEstimate.objects.update_or_create(
        area=area,
        measure=measure,
        as_of=as_of,
        defaults={"value": value, "source": source.strip(), "updated_by": by},
        create_defaults={"value": value, "source": source.strip(), "created_by": by, "updated_by": by},
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED if created else AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=estimate,
        area=area,
        detail={"measure": measure, "value": str(value), "source": estimate.source},
    )
    return estimate


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
        organisation=host,
        detail={"pooled_fund": fund.name, "members": sorted(m.pk for m in fund.members.all())},
    )
    return fund


# --- Reminders ------------------------------------------------------------------------------------------------------


def decisions_to_remind(*, today: date) -> list[int]:
    """Undecided extension decisions due within REMINDER_DAYS (or overdue) whose commissioner has not been
    reminded, on contracts still running."""
    return list(
        ExtensionDecision.objects.filter(
            outcome="",
            reminded_at__isnull=True,
            decision_due_on__lte=today + timedelta(days=REMINDER_DAYS),
        )
        .exclude(contract__status=Contract.Status.ENDED)
        .order_by("decision_due_on", "pk")
        .values_list("pk", flat=True)
    )


def remind_commissioners_of_extension_decisions(*, today: date | None = None) -> int:
    """Email the commissioner's commissioning staff once about each extension decision falling due within 60 days,
    and mark it reminded. Running it again reminds nobody twice. Returns how many decisions were reminded."""
    today = today or timezone.localdate()
    return sum(_remind_one(decision_id) for decision_id in decisions_to_remind(today=today))


@transaction.atomic
def _remind_one(decision_id: int) -> int:
    # Locked and re-checked: two runs at once must not both send the reminder.
    decision = (
        ExtensionDecision.objects.select_for_update(of=("self",))
        .select_related("contract__commissioner")
        .filter(pk=decision_id, outcome="", reminded_at__isnull=True)
        .first()
    )
    if decision is None:
        return 0
    decision.reminded_at = timezone.now()
    decision.save(update_fields=["reminded_at", "updated_at"])
    contract = decision.contract
    recipients = sorted(
        User.objects.filter(organisation=contract.commissioner, is_active=True, groups__name=Role.COMMISSIONER)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=decision,
        organisation=contract.commissioner,
        detail={"contract": contract.reference, "reminded": len(recipients)},
    )
    due = f"{decision.decision_due_on.day} {decision.decision_due_on:%B %Y}"
    subject = f"Carers Hub: extension decision for contract {contract.reference} due {due}"
    body = (
        f"The decision whether to take extension option {decision.option_number} of contract {contract.reference} "
        f"({contract.title}) is due on {due}.\n\n"
        f"Decision maker: {contract.decision_maker or 'not recorded'}.\n\n"
        f"Sign in to Carers Hub and open the contract ({reverse('commissioning:contract', args=[contract.reference])}) "
        "to record the decision."
    )
    for recipient in recipients:
        transaction.on_commit(lambda recipient=recipient: _send(subject, body, recipient))  # type: ignore[misc]
    return 1


def _send(subject: str, body: str, recipient: str) -> None:
    # Sent after the change is committed: a mail failure is logged and never undoes it.
    try:
        send_mail(subject, body, None, [recipient])
    except OSError:
        logger.exception("Could not send a contract reminder email")
