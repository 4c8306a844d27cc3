"""Contract arithmetic: years and end dates (leap years included), uplift rounding, values, shares, variations and
extension decision dates. No database."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from carershub.commissioning.rules.contract_terms import (
    ContractTermsError,
    Contribution,
    add_months,
    anniversary,
    check_extension,
    contract_terms,
    contract_years,
    contribution_shares,
    extension_decision_due_dates,
    initial_end_date,
    latest_end_date,
    maximum_term_years,
    options_as_taken,
    percentage_change,
    term_end,
    to_pennies,
    uplifted_values,
)

# Seed 000, section 4: the council's budget is adult social care £731,236 + children's £259,694 = £990,930 a year,
# the grand total "(Excluding ICB contribution and uplift)". The ICB's £132,000 is only "anticipated" for 25/26, so
# it is no part of the committed budget (see test_funding.py for the split by standing).
SEFTON = (
    Contribution("Adult social care", Decimal("731236.00")),
    Contribution("Children's social care", Decimal("259694.00")),
)


def test_sefton_3_plus_1_plus_1_from_april_2025_runs_to_march_2030_and_commits_4954650() -> None:
    terms = contract_terms(
        start_date=date(2025, 4, 1), initial_term_years=3, extension_years=[1, 1], contributions=SEFTON
    )

    assert terms.annual_value == Decimal("990930.00")
    assert terms.initial_end_date == date(2028, 3, 31)
    assert terms.latest_end_date == date(2030, 3, 31)
    assert terms.maximum_term_years == 5
    assert terms.initial_term_value == Decimal("2972790.00")
    assert terms.lifetime_value == Decimal("4954650.00")
    assert [(y.year, y.start, y.end, y.is_extension) for y in terms.years] == [
        (1, date(2025, 4, 1), date(2026, 3, 31), False),
        (2, date(2026, 4, 1), date(2027, 3, 31), False),
        (3, date(2027, 4, 1), date(2028, 3, 31), False),
        (4, date(2028, 4, 1), date(2029, 3, 31), True),
        (5, date(2029, 4, 1), date(2030, 3, 31), True),
    ]
    assert [(c.funder, c.share_percent) for c in terms.contributions] == [
        ("Adult social care", Decimal("73.79")),
        ("Children's social care", Decimal("26.21")),
    ]


def test_coventry_3_plus_2_from_october_2025_with_the_council_and_icb_shares() -> None:
    # Seed 001 §4.1: "the aim is to have a new contract in place for October 2025"; §5.1: "The contractual term will
    # be 3 years with an option to extend for a further 2 years ... (£598,765 per annum)".
    terms = contract_terms(
        start_date=date(2025, 10, 1),
        initial_term_years=3,
        extension_years=[2],
        contributions=[Contribution("Council", Decimal("598765")), Contribution("ICB", Decimal("134096"))],
    )

    assert terms.annual_value == Decimal("732861.00")
    assert terms.lifetime_value == Decimal("3664305.00")
    assert terms.initial_end_date == date(2028, 9, 30)
    assert terms.latest_end_date == date(2030, 9, 30)
    assert [y.is_extension for y in terms.years] == [False, False, False, True, True]
    assert [c.share_percent for c in terms.contributions] == [Decimal("81.70"), Decimal("18.30")]


def test_a_year_ends_the_day_before_the_anniversary_of_the_start() -> None:
    assert term_end(date(2025, 1, 1), 1) == date(2025, 12, 31)
    assert term_end(date(2025, 10, 15), 2) == date(2027, 10, 14)
    assert term_end(date(2023, 3, 1), 1) == date(2024, 2, 29)  # across a leap day


def test_a_29_february_start_has_its_anniversary_on_1_march_in_other_years_and_29_february_in_leap_years() -> None:
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)

    years = contract_years(
        start_date=date(2024, 2, 29), initial_term_years=4, extension_years=[1], annual_value=Decimal("100")
    )

    assert [(y.start, y.end) for y in years] == [
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2028, 2, 28)),
        (date(2028, 2, 29), date(2029, 2, 28)),
    ]


def test_years_are_contiguous_with_no_gap_or_overlap() -> None:
    for start in (date(2024, 2, 29), date(2025, 1, 31), date(2025, 12, 31), date(2023, 3, 1)):
        years = contract_years(
            start_date=start, initial_term_years=3, extension_years=[2, 1, 1], annual_value=Decimal("1")
        )
        assert years[0].start == start
        for before, after in itertools.pairwise(years):
            assert (after.start - before.end).days == 1


def test_end_dates_and_maximum_term() -> None:
    assert initial_end_date(date(2025, 4, 1), 2) == date(2027, 3, 31)
    assert latest_end_date(date(2025, 4, 1), 2, [1, 1]) == date(2029, 3, 31)
    assert latest_end_date(date(2025, 4, 1), 3, []) == date(2028, 3, 31)
    assert maximum_term_years(3, [2]) == 5
    assert maximum_term_years(3, []) == 3


def test_uplift_compounds_from_year_2_each_year_rounded_half_up_to_the_penny() -> None:
    # 100.10 x 1.025 = 102.6025 -> 102.60; 102.60 x 1.025 = 105.165 -> 105.17 (half up, not to even).
    assert uplifted_values(Decimal("100.10"), Decimal("2.5"), 3) == (
        Decimal("100.10"),
        Decimal("102.60"),
        Decimal("105.17"),
    )


def test_uplift_compounds_on_the_rounded_previous_year_not_the_exact_one() -> None:
    # 0.05 x 1.1 = 0.055 -> 0.06; 0.06 x 1.1 = 0.066 -> 0.07 (exact compounding would give 0.0605 -> 0.06).
    assert uplifted_values(Decimal("0.05"), Decimal("10"), 3) == (Decimal("0.05"), Decimal("0.06"), Decimal("0.07"))


def test_no_uplift_keeps_every_year_at_the_annual_value_and_extensions_count_in_the_lifetime_only() -> None:
    terms = contract_terms(
        start_date=date(2025, 4, 1), initial_term_years=2, extension_years=[1], annual_value=Decimal("325500")
    )

    assert {y.value for y in terms.years} == {Decimal("325500.00")}
    assert terms.initial_term_value == Decimal("651000.00")
    assert terms.lifetime_value == Decimal("976500.00")


def test_uplifted_values_appear_in_the_years_and_totals() -> None:
    terms = contract_terms(
        start_date=date(2025, 4, 1),
        initial_term_years=2,
        extension_years=[1],
        annual_value=Decimal("1000.00"),
        annual_uplift_percent=Decimal("3"),
    )

    assert [y.value for y in terms.years] == [Decimal("1000.00"), Decimal("1030.00"), Decimal("1060.90")]
    assert terms.initial_term_value == Decimal("2030.00")
    assert terms.lifetime_value == Decimal("3090.90")


def test_to_pennies_rounds_half_up() -> None:
    assert to_pennies(Decimal("0.005")) == Decimal("0.01")
    assert to_pennies(Decimal("0.015")) == Decimal("0.02")
    assert to_pennies(Decimal("0.0049")) == Decimal("0.00")
    assert to_pennies(Decimal("2.675")) == Decimal("2.68")


def test_shares_round_half_up_to_2_dp() -> None:
    shares = contribution_shares([Contribution("A", Decimal("1")), Contribution("B", Decimal("7"))])

    assert [s.share_percent for s in shares] == [Decimal("12.50"), Decimal("87.50")]


def test_three_equal_funders_share_100_with_the_spare_hundredth_to_the_first_listed() -> None:
    shares = contribution_shares([Contribution(name, Decimal("10")) for name in "ABC"])

    assert [s.share_percent for s in shares] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_when_rounding_overshoots_the_hundredth_comes_off_the_share_rounded_up_most() -> None:
    # Exact shares 16.665, 16.665, 66.67 round to 16.67 + 16.67 + 66.67 = 100.01; the first 16.67 gives a hundredth.
    shares = contribution_shares(
        [
            Contribution("A", Decimal("16.665")),
            Contribution("B", Decimal("16.665")),
            Contribution("C", Decimal("66.67")),
        ]
    )

    assert [s.share_percent for s in shares] == [Decimal("16.66"), Decimal("16.67"), Decimal("66.67")]
    assert sum(s.share_percent for s in shares) == Decimal("100.00")


@pytest.mark.parametrize("count", [2, 3, 6, 7, 9, 11, 13])
def test_shares_always_sum_to_100_and_stay_within_a_hundredth_of_exact(count: int) -> None:
    amounts = [Decimal(1000 + 37 * index) / 3 for index in range(count)]
    shares = contribution_shares([Contribution(str(i), amount) for i, amount in enumerate(amounts)])
    total = sum(amounts, Decimal(0))

    assert sum(s.share_percent for s in shares) == Decimal("100.00")
    for share, amount in zip(shares, amounts, strict=True):
        assert abs(share.share_percent - amount * 100 / total) < Decimal("0.01")


def test_a_single_funder_has_100_percent_and_funders_of_nothing_share_nothing() -> None:
    assert contribution_shares([Contribution("A", Decimal("5"))])[0].share_percent == Decimal("100.00")
    assert [s.share_percent for s in contribution_shares([Contribution("A", Decimal(0))] * 2)] == [
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_annual_value_defaults_to_the_sum_of_contributions_and_must_agree_when_given() -> None:
    assert contract_terms(
        start_date=date(2025, 4, 1),
        initial_term_years=3,
        extension_years=[],
        annual_value=Decimal("990930"),
        contributions=SEFTON,
    ).annual_value == Decimal("990930.00")

    with pytest.raises(ContractTermsError) as differs:
        contract_terms(
            start_date=date(2025, 4, 1),
            initial_term_years=3,
            extension_years=[],
            annual_value=Decimal("1122930"),
            contributions=SEFTON,
        )

    assert differs.value.field == "annual_value"
    assert "£990,930.00" in differs.value.message


def test_neither_annual_value_nor_contributions_is_an_error_on_annual_value() -> None:
    with pytest.raises(ContractTermsError) as neither:
        contract_terms(start_date=date(2025, 4, 1), initial_term_years=3, extension_years=[])

    assert neither.value.field == "annual_value"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"initial_term_years": 0}, "initial_term_years"),
        ({"initial_term_years": True}, "initial_term_years"),
        ({"extension_years": [1, 0]}, "extension_years"),
        ({"extension_years": [-1]}, "extension_years"),
        ({"annual_value": Decimal("-0.01")}, "annual_value"),
        ({"annual_value": Decimal("NaN")}, "annual_value"),
        ({"annual_uplift_percent": Decimal("-100")}, "annual_uplift_percent"),
        ({"contributions": [Contribution("A", Decimal("-1"))], "annual_value": None}, "contributions.0.annual_amount"),
        ({"start_date": date(9990, 1, 1), "initial_term_years": 10}, "start_date"),
    ],
)
def test_impossible_input_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "start_date": date(2025, 4, 1),
        "initial_term_years": 3,
        "extension_years": [1, 1],
        "annual_value": Decimal("1000"),
    } | changes

    with pytest.raises(ContractTermsError) as refused:
        contract_terms(**arguments)  # type: ignore[arg-type]

    assert refused.value.field == field


def test_percentage_change_of_a_variation() -> None:
    assert percentage_change(Decimal("774731"), Decimal("732861")) == Decimal("-5.40")
    assert percentage_change(Decimal("1000"), Decimal("1100")) == Decimal("10.00")
    assert percentage_change(Decimal("3"), Decimal("4")) == Decimal("33.33")
    assert percentage_change(Decimal("200"), Decimal("200.01")) == Decimal("0.01")  # 0.005 rounds up
    assert percentage_change(Decimal("0"), Decimal("10")) is None


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2028, 3, 31), -6) == date(2027, 9, 30)
    assert add_months(date(2028, 8, 31), -6) == date(2028, 2, 29)
    assert add_months(date(2027, 8, 31), -6) == date(2027, 2, 28)
    assert add_months(date(2025, 1, 15), 13) == date(2026, 2, 15)
    assert add_months(date(2025, 1, 15), 0) == date(2025, 1, 15)


def test_each_extension_decision_is_due_the_notice_period_before_the_term_it_would_extend_ends() -> None:
    assert extension_decision_due_dates(
        start_date=date(2025, 4, 1), initial_term_years=3, extension_years=[1, 1], notice_months=6
    ) == (date(2027, 9, 30), date(2028, 9, 30))
    assert extension_decision_due_dates(
        start_date=date(2025, 4, 1), initial_term_years=3, extension_years=[2], notice_months=3
    ) == (date(2027, 12, 31),)
    assert (
        extension_decision_due_dates(
            start_date=date(2025, 4, 1), initial_term_years=2, extension_years=[], notice_months=6
        )
        == ()
    )


def test_an_extension_allowance_may_be_taken_in_one_go_or_in_whole_year_parts() -> None:
    # Seed 000, recommendation (3): "the option to further extend for a period of up to two years, (either as a
    # single extension or via two separate twelve-month extensions)".
    check_extension([1, 1], taken_years=0, years=2)
    check_extension([1, 1], taken_years=0, years=1)
    check_extension([1, 1], taken_years=1, years=1)
    check_extension([2], taken_years=0, years=1)

    with pytest.raises(ContractTermsError, match="Only 2 years of extension remain"):
        check_extension([1, 1], taken_years=0, years=3)
    with pytest.raises(ContractTermsError, match="Only 1 year of extension remains"):
        check_extension([2], taken_years=1, years=2)
    with pytest.raises(ContractTermsError, match="no extension left"):
        check_extension([1, 1], taken_years=2, years=1)
    with pytest.raises(ContractTermsError, match="whole number of years"):
        check_extension([1, 1], taken_years=0, years=0)


def test_the_options_as_taken_keep_the_total() -> None:
    assert options_as_taken([1, 1], []) == (1, 1)
    assert options_as_taken([1, 1], [2]) == (2,)
    assert options_as_taken([1, 1], [1]) == (1, 1)
    assert options_as_taken([2], [1]) == (1, 1)
    assert options_as_taken([1, 2], [2]) == (2, 1)
    assert latest_end_date(date(2025, 4, 1), 3, options_as_taken([1, 1], [2])) == date(2030, 3, 31)
