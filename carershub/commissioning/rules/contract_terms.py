"""Contract arithmetic: years, end dates, values with uplift, funders' shares, variations, decision dates.

Pure functions over dates and Decimals (no Django), used by the contract pages, the monitoring pages, the demo
and the public calculator at /api/v1/rules/contract-terms, so all of them give the same answers.

Conventions (the issue's, and where it was silent, ours):
- A contract year ends the day before the anniversary of the start. Anniversaries are always counted from the
  original start date, never chained year to year, so the years are contiguous and do not drift.
- A start on 29 February has its anniversary on 1 March in a year that is not a leap year: the year then ends on
  28 February, so no contract year is a day short. In leap years the anniversary is 29 February again.
- Money is Decimal, rounded to the penny half up. Uplift compounds from year 2 on the previous year's value as
  rounded (the figure that is actually invoiced), so year n = round(year n-1 x (1 + uplift / 100)).
- Shares of the annual value are percentages to 2 decimal places, half up. When those rounded shares do not add up
  to exactly 100.00, the residue (a few hundredths at most) is given a hundredth at a time to the funders whose
  shares rounding moved furthest from their exact value (largest remainder), earliest listed first on ties: the
  shares then always sum to 100.00 and each is within 0.01 of its exact value.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

PENNY = Decimal("0.01")
HUNDRED = Decimal("100")
WHOLE = Decimal("100.00")


class ContractTermsError(ValueError):
    """Input the contract arithmetic cannot work with, naming the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ContractYear:
    year: int
    start: date
    end: date
    value: Decimal
    is_extension: bool


@dataclass(frozen=True)
class Contribution:
    funder: str
    annual_amount: Decimal


@dataclass(frozen=True)
class ContributionShare:
    funder: str
    annual_amount: Decimal
    share_percent: Decimal


@dataclass(frozen=True)
class ContractTerms:
    """Everything the calculator reports about a contract's term and value."""

    initial_end_date: date
    latest_end_date: date
    maximum_term_years: int
    annual_value: Decimal
    initial_term_value: Decimal
    lifetime_value: Decimal
    years: tuple[ContractYear, ...]
    contributions: tuple[ContributionShare, ...]


def to_pennies(amount: Decimal) -> Decimal:
    """Round to the penny, half up (0.005 -> 0.01)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def anniversary(start: date, years: int) -> date:
    """The date `years` whole years after `start`; 29 February falls on 1 March in a year that is not leap."""
    target_year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(target_year):
        return date(target_year, 3, 1)
    return start.replace(year=target_year)


def term_end(start: date, years: int) -> date:
    """The last day of a term of `years` whole years beginning on `start`: the day before the anniversary."""
    return anniversary(start, years) - timedelta(days=1)


def _check_term(initial_term_years: int, extension_years: Sequence[int]) -> None:
    if isinstance(initial_term_years, bool) or not isinstance(initial_term_years, int) or initial_term_years < 1:
        raise ContractTermsError("initial_term_years", "The initial term must be a whole number of years, at least 1")
    for option in extension_years:
        if isinstance(option, bool) or not isinstance(option, int) or option < 1:
            raise ContractTermsError(
                "extension_years", "Each extension option must be a whole number of years, at least 1"
            )


def check_money(field: str, amount: Decimal) -> None:
    if not amount.is_finite():
        raise ContractTermsError(field, "Enter an amount of money, like 990930.00")
    if amount < 0:
        raise ContractTermsError(field, "The amount must not be negative")


def initial_end_date(start_date: date, initial_term_years: int) -> date:
    """The last day of the initial term."""
    _check_term(initial_term_years, ())
    return term_end(start_date, initial_term_years)


def maximum_term_years(initial_term_years: int, extension_years: Sequence[int]) -> int:
    """The initial term plus every extension option, in years."""
    _check_term(initial_term_years, extension_years)
    return initial_term_years + sum(extension_years)


def latest_end_date(start_date: date, initial_term_years: int, extension_years: Sequence[int]) -> date:
    """The last day of the contract if every extension option is taken."""
    return term_end(start_date, maximum_term_years(initial_term_years, extension_years))


def uplifted_values(annual_value: Decimal, annual_uplift_percent: Decimal, years: int) -> tuple[Decimal, ...]:
    """Each year's value: year 1 is the annual value; from year 2 the uplift compounds on the previous year's
    rounded value, each year rounded to the penny half up. A negative uplift is a reduction."""
    check_money("annual_value", annual_value)
    if not annual_uplift_percent.is_finite() or annual_uplift_percent <= -HUNDRED:
        raise ContractTermsError("annual_uplift_percent", "The uplift must be a percentage above -100")
    factor = 1 + annual_uplift_percent / HUNDRED
    values = [to_pennies(annual_value)]
    for _ in range(1, years):
        values.append(to_pennies(values[-1] * factor))
    return tuple(values[:years])


def contract_years(
    *,
    start_date: date,
    initial_term_years: int,
    extension_years: Sequence[int],
    annual_value: Decimal,
    annual_uplift_percent: Decimal = Decimal("0"),
) -> tuple[ContractYear, ...]:
    """Every year of the contract if all extension options are taken, with its dates and value."""
    total = maximum_term_years(initial_term_years, extension_years)
    if start_date.year + total > date.max.year:
        raise ContractTermsError("start_date", "The contract would end after the year 9999")
    values = uplifted_values(annual_value, annual_uplift_percent, total)
    return tuple(
        ContractYear(
            year=number,
            start=anniversary(start_date, number - 1),
            end=term_end(start_date, number),
            value=values[number - 1],
            is_extension=number > initial_term_years,
        )
        for number in range(1, total + 1)
    )


def contribution_shares(contributions: Sequence[Contribution]) -> tuple[ContributionShare, ...]:
    """Each funder's share of the total, in percent to 2 dp half up, adjusted by largest remainder so that the
    shares sum to exactly 100.00 (see the module docstring). With a total of nothing, every share is 0.00."""
    for index, contribution in enumerate(contributions):
        check_money(f"contributions.{index}.annual_amount", contribution.annual_amount)
    total = sum((contribution.annual_amount for contribution in contributions), Decimal("0"))
    if total == 0:
        return tuple(ContributionShare(c.funder, to_pennies(c.annual_amount), Decimal("0.00")) for c in contributions)
    exact = [contribution.annual_amount * HUNDRED / total for contribution in contributions]
    shares = [to_pennies(value) for value in exact]
    residue = WHOLE - sum(shares, Decimal("0"))
    step = PENNY if residue > 0 else -PENNY
    # Who gains a hundredth first: the share rounding took furthest below its exact value (or above, when the
    # rounded shares overshoot). Python's sort is stable, so ties go to the funder listed first.
    order = sorted(range(len(shares)), key=lambda i: (exact[i] - shares[i]) * step, reverse=True)
    for index in order[: int(abs(residue) / PENNY)]:
        shares[index] += step
    return tuple(
        ContributionShare(c.funder, to_pennies(c.annual_amount), share)
        for c, share in zip(contributions, shares, strict=True)
    )


def percentage_change(before: Decimal, after: Decimal) -> Decimal | None:
    """The change from `before` to `after` in percent to 2 dp half up (negative for a reduction); None when
    `before` is nothing (a change from nothing has no percentage)."""
    if before == 0:
        return None
    return to_pennies((after - before) * HUNDRED / before)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months (negative for earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def extension_decision_due_dates(
    *, start_date: date, initial_term_years: int, extension_years: Sequence[int], notice_months: int
) -> tuple[date, ...]:
    """When each extension decision is due: `notice_months` before the end of the term it would extend (the
    initial term for option 1, the term as extended by option 1 for option 2, and so on)."""
    _check_term(initial_term_years, extension_years)
    if isinstance(notice_months, bool) or not isinstance(notice_months, int) or notice_months < 0:
        raise ContractTermsError("extension_notice_months", "The notice period must be a whole number of months")
    ends = [term_end(start_date, initial_term_years + taken) for taken in accumulate([0, *extension_years[:-1]])]
    return tuple(add_months(end, -notice_months) for end in ends[: len(extension_years)])


def varied_end_date(start_date: date, term_years: int, term_change_months: int = 0) -> date:
    """The last day of a term of `term_years` moved by variations totalling `term_change_months` (the month after
    the end moves, so a 31 March end lengthened by 6 months ends on 30 September)."""
    end = term_end(start_date, term_years)
    if not term_change_months:
        return end
    return add_months(end + timedelta(days=1), term_change_months) - timedelta(days=1)


def _years(count: int) -> str:
    return f"{count} year{'s' if count != 1 else ''}"


def check_extension(extension_years: Sequence[int], *, taken_years: int, years: int) -> None:
    """Raise ContractTermsError unless `years` more can be taken now. The options add up to an allowance that may
    be taken in any whole-year parts up to what remains: Sefton's "up to two years, (either as a single extension
    or via two separate twelve-month extensions)" (seed 000, recommendation 3)."""
    remaining = sum(extension_years) - taken_years
    if remaining <= 0:
        raise ContractTermsError("extension_years", "There is no extension left to take")
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ContractTermsError("extension_years", "An extension is a whole number of years, at least 1")
    if years > remaining:
        raise ContractTermsError(
            "extension_years", f"Only {_years(remaining)} of extension remain{'s' if remaining == 1 else ''}"
        )


def options_as_taken(extension_years: Sequence[int], parts_taken: Sequence[int]) -> tuple[int, ...]:
    """The extension options as the contract now stands: the parts already taken, then what is left of the stated
    options in order (3+1+1 with 2 years taken at once is (2,); 3+2 with 1 year taken is (1, 1)). The total, and so
    the latest end date, never changes."""
    consume = sum(parts_taken)
    rest: list[int] = []
    for option in extension_years:
        if consume >= option:
            consume -= option
        else:
            rest.append(option - consume)
            consume = 0
    return (*parts_taken, *rest)


def contract_terms(
    *,
    start_date: date,
    initial_term_years: int,
    extension_years: Sequence[int],
    annual_value: Decimal | None = None,
    annual_uplift_percent: Decimal = Decimal("0"),
    contributions: Sequence[Contribution] = (),
) -> ContractTerms:
    """The whole calculation. When contributions are given and the annual value is not, the annual value is their
    sum; when both are given they must agree to the penny (otherwise ContractTermsError on "annual_value")."""
    _check_term(initial_term_years, extension_years)
    shares = contribution_shares(contributions)
    contributed = sum((share.annual_amount for share in shares), Decimal("0.00"))
    if annual_value is None:
        if not contributions:
            raise ContractTermsError("annual_value", "Enter the annual value, or the funders' contributions")
        annual_value = contributed
    check_money("annual_value", annual_value)
    annual_value = to_pennies(annual_value)
    if contributions and contributed != annual_value:
        raise ContractTermsError(
            "annual_value",
            f"The contributions add up to £{contributed:,}, not the annual value of £{annual_value:,}",
        )
    years = contract_years(
        start_date=start_date,
        initial_term_years=initial_term_years,
        extension_years=extension_years,
        annual_value=annual_value,
        annual_uplift_percent=annual_uplift_percent,
    )
    return ContractTerms(
        initial_end_date=term_end(start_date, initial_term_years),
        latest_end_date=years[-1].end,
        maximum_term_years=len(years),
        annual_value=annual_value,
        initial_term_value=sum((y.value for y in years if not y.is_extension), Decimal("0.00")),
        lifetime_value=sum((y.value for y in years), Decimal("0.00")),
        years=years,
        contributions=shares,
    )
