"""Contracts as varied: values and terms after variations, and the decision dates that move with them.

Pure functions over dates and Decimals (no Django), like `contract_terms`, which they build on.

A variation changes the annual value from its effective date onward, and/or moves the end of the term as it
stands by whole months. Conventions (ours; the issue was silent):
- The annual value on a contract and on a variation is the value before uplift (the year-1 basis); a year's value
  is that basis uplifted to the year, so a variation keeps the contract's uplift.
- A variation taking effect inside a contract year is pro-rated by days: the year's value is the old value for the
  days before the effective date and the new value for the days from it, rounded to the penny once, half up.
- A term change moves the end of the term as it stands (initial term plus extensions taken). The last year of that
  term absorbs it (longer or shorter than a year, valued pro rata); extension options not yet taken follow on from
  the moved end, keeping their lengths, so their decision due dates and the latest end date move with it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from carershub.commissioning.rules.contract_terms import (
    ContractYear,
    add_months,
    anniversary,
    check_money,
    contract_years,
    extension_decision_due_dates,
    term_end,
    to_pennies,
    uplifted_values,
    varied_end_date,
)


@dataclass(frozen=True)
class ValueChange:
    """From `effective_from` onward the contract's annual value (before uplift) is `annual_value`."""

    effective_from: date
    annual_value: Decimal


def _term_ends(
    start_date: date, initial_term_years: int, extension_years: Sequence[int], extensions_taken: int, months: int
) -> list[tuple[int, date]]:
    """(year number, last day) of every year, with the term change applied at the end of the term as it stands."""
    current_years = initial_term_years + sum(extension_years[:extensions_taken])
    total = initial_term_years + sum(extension_years)
    current_end = varied_end_date(start_date, current_years, months)
    ends = []
    for number in range(1, total + 1):
        if number >= current_years:
            ends.append((number, varied_end_date(start_date, number, months)))
        elif anniversary(start_date, number - 1) <= current_end:
            # A term shortened by more than a year drops or clips the years that would run past its new end.
            ends.append((number, min(term_end(start_date, number), current_end)))
    return ends


def _basis_segments(
    first: date, last: date, original_value: Decimal, changes: Sequence[ValueChange]
) -> list[tuple[int, Decimal]]:
    """The days from `first` to `last` split by the annual value (before uplift) in force on each: (days, value)."""
    ordered = sorted(changes, key=lambda change: change.effective_from)
    value = original_value
    for change in ordered:
        if change.effective_from <= first:
            value = change.annual_value
    segments: list[tuple[int, Decimal]] = []
    cursor = first
    for change in ordered:
        if first < change.effective_from <= last:
            segments.append(((change.effective_from - cursor).days, value))
            cursor, value = change.effective_from, change.annual_value
    segments.append(((last - cursor).days + 1, value))
    return [(days, amount) for days, amount in segments if days > 0]


def varied_contract_years(
    *,
    start_date: date,
    initial_term_years: int,
    extension_years: Sequence[int],
    annual_value: Decimal,
    annual_uplift_percent: Decimal = Decimal("0"),
    extensions_taken: int = 0,
    value_changes: Sequence[ValueChange] = (),
    term_change_months: int = 0,
) -> tuple[ContractYear, ...]:
    """Every year of the contract as varied, if every extension option not yet taken is taken. `annual_value` is the
    value before any variation; each of `value_changes` applies from its effective date onward (pro rata by days
    inside a year); `term_change_months` moves the end of the term as it stands (see the conventions above).
    Without variations this is exactly `contract_years`."""
    base = contract_years(
        start_date=start_date,
        initial_term_years=initial_term_years,
        extension_years=extension_years,
        annual_value=annual_value,
        annual_uplift_percent=annual_uplift_percent,
    )
    if not value_changes and not term_change_months:
        return base
    for change in value_changes:
        check_money("new_annual_value", change.annual_value)
    total = len(base)
    uplifted: dict[Decimal, tuple[Decimal, ...]] = {}

    def year_value(basis: Decimal, number: int) -> Decimal:
        if basis not in uplifted:
            uplifted[basis] = uplifted_values(basis, annual_uplift_percent, total)
        return uplifted[basis][number - 1]

    current_years = initial_term_years + sum(extension_years[:extensions_taken])
    years: list[ContractYear] = []
    previous_end = start_date - timedelta(days=1)
    ends = _term_ends(start_date, initial_term_years, extension_years, extensions_taken, term_change_months)
    for number, end in ends:
        first = previous_end + timedelta(days=1)
        if end < first:
            continue  # the year of the term as it stands, when a shortening took all of it
        if number > current_years:
            nominal_days = (varied_end_date(start_date, number, term_change_months) - first).days + 1
        else:
            nominal_days = (term_end(start_date, number) - anniversary(start_date, number - 1)).days + 1
        exact = sum(
            (
                year_value(basis, number) * days / nominal_days
                for days, basis in _basis_segments(first, end, annual_value, value_changes)
            ),
            Decimal("0"),
        )
        years.append(
            ContractYear(
                year=len(years) + 1,
                start=first,
                end=end,
                value=to_pennies(exact),
                is_extension=number > initial_term_years,
            )
        )
        previous_end = end
    return tuple(years)


def value_in_force(on: date, annual_value: Decimal, value_changes: Sequence[ValueChange] = ()) -> Decimal:
    """The annual value (before uplift) in force on a day: the latest change effective by then, else the original."""
    in_force = [change for change in value_changes if change.effective_from <= on]
    if not in_force:
        return annual_value
    return max(in_force, key=lambda change: change.effective_from).annual_value


def varied_extension_decision_due_dates(
    *,
    start_date: date,
    initial_term_years: int,
    extension_years: Sequence[int],
    notice_months: int,
    extensions_taken: int = 0,
    term_change_months: int = 0,
) -> tuple[date, ...]:
    """When each extension decision is due with the term as varied: the terms ending at or after the end of the
    term as it stands are moved by `term_change_months`, so the decisions that extend them move with them."""
    due = extension_decision_due_dates(
        start_date=start_date,
        initial_term_years=initial_term_years,
        extension_years=extension_years,
        notice_months=notice_months,
    )
    if not term_change_months:
        return due
    current_years = initial_term_years + sum(extension_years[:extensions_taken])
    extended = [initial_term_years + taken for taken in accumulate([0, *extension_years[:-1]])]
    return tuple(
        add_months(varied_end_date(start_date, years, term_change_months), -notice_months)
        if years >= current_years
        else day
        for years, day in zip(extended[: len(due)], due, strict=True)
    )
