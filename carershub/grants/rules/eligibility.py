"""Whether an application to the community carers fund is eligible, with every reason it is not."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ApplicationFacts:
    amount_requested: Decimal
    maximum_award: Decimal
    carers_benefiting: int
    submitted_on: date
    opens_on: date
    closes_on: date
    works_in_area: bool
    is_not_for_profit: bool


@dataclass(frozen=True)
class Eligibility:
    is_eligible: bool
    reasons: tuple[str, ...]


def check_eligibility(facts: ApplicationFacts) -> Eligibility:
    """Every rule is checked, so the panel sees all the reasons at once, not the first."""
    reasons: list[str] = []
    if facts.amount_requested <= 0:
        reasons.append("The amount asked for must be more than £0")
    if facts.amount_requested > facts.maximum_award:
        reasons.append(f"The amount asked for is more than the most this round awards (£{facts.maximum_award:,.2f})")
    if facts.carers_benefiting < 1:
        reasons.append("The project must benefit at least one carer")
    if not facts.opens_on <= facts.submitted_on <= facts.closes_on:
        reasons.append("The application arrived outside the round's dates")
    if not facts.works_in_area:
        reasons.append("The group must work with carers in the area")
    if not facts.is_not_for_profit:
        reasons.append("The fund is for not-for-profit community groups")
    return Eligibility(is_eligible=not reasons, reasons=tuple(reasons))
