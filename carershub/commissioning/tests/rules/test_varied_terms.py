"""A contract as varied: each variation's value applies from its effective date onward, pro rata inside a year;
term changes move the end of the term as it stands, the extension options after it and their decisions. No
database."""

from datetime import date
from decimal import Decimal

from carershub.commissioning.rules.contract_terms import contract_years, extension_decision_due_dates
from carershub.commissioning.rules.varied_terms import (
    ValueChange,
    value_in_force,
    varied_contract_years,
    varied_extension_decision_due_dates,
)

APRIL_2025 = date(2025, 4, 1)


def test_without_variations_the_years_are_the_plain_contract_years() -> None:
    plain = contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1, 1],
        annual_value=Decimal("990930.00"),
        annual_uplift_percent=Decimal("2.5"),
    )

    assert (
        varied_contract_years(
            start_date=APRIL_2025,
            initial_term_years=3,
            extension_years=[1, 1],
            annual_value=Decimal("990930.00"),
            annual_uplift_percent=Decimal("2.5"),
        )
        == plain
    )


def test_a_value_change_from_year_3_leaves_years_1_and_2_at_the_old_value() -> None:
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1, 1],
        annual_value=Decimal("1000000.00"),
        value_changes=[ValueChange(date(2027, 4, 1), Decimal("1300000.00"))],
    )

    assert [y.value for y in years] == [
        Decimal("1000000.00"),
        Decimal("1000000.00"),
        Decimal("1300000.00"),
        Decimal("1300000.00"),
        Decimal("1300000.00"),
    ]
    assert sum(y.value for y in years) == Decimal("5900000.00")


def test_a_value_change_inside_a_year_is_pro_rated_by_days() -> None:
    # 1 October 2026: 183 days of year 2 at £1,000,000 and 182 at £1,200,000, over a 365-day year.
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[],
        annual_value=Decimal("1000000.00"),
        value_changes=[ValueChange(date(2026, 10, 1), Decimal("1200000.00"))],
    )

    assert years[1].value == Decimal("1099726.03")
    assert [years[0].value, years[2].value] == [Decimal("1000000.00"), Decimal("1200000.00")]


def test_a_value_change_keeps_the_uplift_compounding_from_the_year_it_is_in() -> None:
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[],
        annual_value=Decimal("100000.00"),
        annual_uplift_percent=Decimal("10"),
        value_changes=[ValueChange(date(2027, 4, 1), Decimal("200000.00"))],
    )

    assert [y.value for y in years] == [Decimal("100000.00"), Decimal("110000.00"), Decimal("242000.00")]


def test_later_changes_replace_earlier_ones_whatever_order_they_were_recorded_in() -> None:
    changes = [ValueChange(date(2028, 4, 1), Decimal("3.00")), ValueChange(date(2026, 4, 1), Decimal("2.00"))]
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1],
        annual_value=Decimal("1.00"),
        value_changes=changes,
    )

    assert [y.value for y in years] == [Decimal("1.00"), Decimal("2.00"), Decimal("2.00"), Decimal("3.00")]
    assert value_in_force(date(2026, 3, 31), Decimal("1.00"), changes) == Decimal("1.00")
    assert value_in_force(date(2027, 1, 1), Decimal("1.00"), changes) == Decimal("2.00")
    assert value_in_force(date(2030, 1, 1), Decimal("1.00"), changes) == Decimal("3.00")


def test_lengthening_the_initial_term_makes_its_last_year_longer_and_moves_the_options_after_it() -> None:
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1, 1],
        annual_value=Decimal("1000000.00"),
        term_change_months=6,
    )

    assert [(y.year, y.start, y.end, y.is_extension) for y in years] == [
        (1, date(2025, 4, 1), date(2026, 3, 31), False),
        (2, date(2026, 4, 1), date(2027, 3, 31), False),
        (3, date(2027, 4, 1), date(2028, 9, 30), False),
        (4, date(2028, 10, 1), date(2029, 9, 30), True),
        (5, date(2029, 10, 1), date(2030, 9, 30), True),
    ]
    # Year 3 is 549 days of a 366-day year (it holds 29 February 2028).
    assert years[2].value == Decimal("1500000.00")


def test_shortening_the_term_by_more_than_a_year_drops_its_last_year_and_clips_the_one_before() -> None:
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1],
        annual_value=Decimal("365000.00"),
        term_change_months=-18,
    )

    assert [(y.year, y.start, y.end, y.is_extension) for y in years] == [
        (1, date(2025, 4, 1), date(2026, 3, 31), False),
        (2, date(2026, 4, 1), date(2026, 9, 30), False),
        (3, date(2026, 10, 1), date(2027, 9, 30), True),
    ]
    assert years[1].value == Decimal("183000.00")


def test_a_term_change_after_an_extension_moves_only_the_extended_term_and_the_options_after_it() -> None:
    years = varied_contract_years(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1, 1],
        annual_value=Decimal("1000000.00"),
        extensions_taken=1,
        term_change_months=3,
    )

    assert [y.end for y in years] == [
        date(2026, 3, 31),
        date(2027, 3, 31),
        date(2028, 3, 31),
        date(2029, 6, 30),
        date(2030, 6, 30),
    ]


def test_undecided_extension_decisions_move_with_the_term_they_would_extend() -> None:
    plain = extension_decision_due_dates(
        start_date=APRIL_2025, initial_term_years=3, extension_years=[1, 1], notice_months=6
    )

    assert plain == (date(2027, 9, 30), date(2028, 9, 30))
    assert varied_extension_decision_due_dates(
        start_date=APRIL_2025, initial_term_years=3, extension_years=[1, 1], notice_months=6, term_change_months=6
    ) == (date(2028, 3, 30), date(2029, 3, 30))
    # Option 1 already taken: its decision stays where it was; option 2 extends the term as varied.
    assert varied_extension_decision_due_dates(
        start_date=APRIL_2025,
        initial_term_years=3,
        extension_years=[1, 1],
        notice_months=6,
        extensions_taken=1,
        term_change_months=6,
    ) == (date(2027, 9, 30), date(2029, 3, 30))
