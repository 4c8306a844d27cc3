"""A contract's life cycle once set up: its status, extension decisions and variations (term and value). Each
writes its audit record in the same transaction; a refusal raises ContractInvalid naming the field.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import (
    Contract,
    ExtensionDecision,
    Variation,
)
from carershub.commissioning.rules.contract_terms import ContractTermsError, check_extension, term_end, varied_end_date
from carershub.commissioning.rules.varied_terms import varied_extension_decision_due_dates
from carershub.commissioning.services.set_up import ContractInvalid
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

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
        event=CommissioningEvent.CONTRACT_STATUS_CHANGED,
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
        event=CommissioningEvent.EXTENSION_DECIDED,
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
        event=CommissioningEvent.VARIATION_RECORDED,
        detail={
            "variation": variation.pk,
            "previous_annual_value": str(variation.previous_annual_value),
            "new_annual_value": str(new_annual_value),
            "term_change_months": term_change_months,
        },
    )
    return variation
