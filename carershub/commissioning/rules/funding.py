"""Who funds a contract in each contract year, and how sure that money is. Pure Python: nothing from Django.

A council's budget approved for the contract is committed; a partner's money it has been told to expect is
anticipated; money a finance table only assumes will continue is assumed. Sefton's Cabinet report (seed 000) is the
example: the council's £990,930 a year (adult social care £731,236 + children's £259,694) is the budget, the grand
total "excluding ICB contribution and uplift"; the ICB's £132,000 "for 25/26 is anticipated", and the table only
assumes it continues. So the lifetime funding is £4,954,650 committed, £132,000 anticipated and £528,000 assumed,
never £5,614,650 committed. A pooled fund (the Better Care Fund, pooled under the NHS Act 2006 s.75) is a funder too.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

NOTHING = Decimal("0.00")


class Standing(StrEnum):
    COMMITTED = "committed"
    ANTICIPATED = "anticipated"
    ASSUMED = "assumed"


@dataclass(frozen=True)
class YearContribution:
    """What one funder puts into one contract year, and how sure it is."""

    funder: str
    year: int
    amount: Decimal
    standing: Standing


@dataclass(frozen=True)
class FundingSplit:
    """Money split by its standing."""

    committed: Decimal = NOTHING
    anticipated: Decimal = NOTHING
    assumed: Decimal = NOTHING

    @property
    def total(self) -> Decimal:
        return self.committed + self.anticipated + self.assumed

    @property
    def not_committed(self) -> Decimal:
        return self.anticipated + self.assumed


@dataclass(frozen=True)
class FundingRun:
    """Consecutive contract years in which a funder puts in the same amount at the same standing (for display)."""

    funder: str
    standing: Standing
    first_year: int
    last_year: int
    annual_amount: Decimal

    @property
    def total(self) -> Decimal:
        return self.annual_amount * (self.last_year - self.first_year + 1)


def funding_split(contributions: Iterable[YearContribution]) -> FundingSplit:
    """The contributions' total, split by standing."""
    sums = dict.fromkeys(Standing, NOTHING)
    for contribution in contributions:
        sums[contribution.standing] += contribution.amount
    return FundingSplit(sums[Standing.COMMITTED], sums[Standing.ANTICIPATED], sums[Standing.ASSUMED])


def funding_by_year(contributions: Sequence[YearContribution], years: int) -> tuple[FundingSplit, ...]:
    """Each contract year's funding split by standing, year 1 first; years nobody funds are nothing."""
    return tuple(funding_split(c for c in contributions if c.year == year) for year in range(1, years + 1))


def funding_runs(contributions: Sequence[YearContribution]) -> tuple[FundingRun, ...]:
    """The contributions merged into runs of consecutive years with the same funder, standing and amount, in the
    order each funder first appears, earliest years first."""
    order: dict[str, int] = {}
    for contribution in contributions:
        order.setdefault(contribution.funder, len(order))
    ordered = sorted(contributions, key=lambda c: (order[c.funder], c.year))
    runs: list[FundingRun] = []
    for c in ordered:
        last = runs[-1] if runs else None
        if (
            last is not None
            and (last.funder, last.standing, last.annual_amount) == (c.funder, c.standing, c.amount)
            and last.last_year + 1 == c.year
        ):
            runs[-1] = FundingRun(c.funder, c.standing, last.first_year, c.year, c.amount)
        else:
            runs.append(FundingRun(c.funder, c.standing, c.year, c.year, c.amount))
    return tuple(runs)
