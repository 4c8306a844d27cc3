"""Targets, RAG, suppression and rating suggestions: pure rules, no database."""

from datetime import date
from decimal import Decimal

import pytest

from carershub.commissioning.rules.rag import (
    SUPPRESSED,
    Direction,
    Period,
    Rag,
    Rating,
    achievement_percent,
    difference,
    financial_quarter,
    financial_year,
    median,
    percentile,
    previous_quarters,
    prorated_target,
    rag,
    reportable_quarters,
    reporting_period_problem,
    suggest_rating,
    suppress,
    suppress_breakdown,
)

Q1_2025 = Period(date(2025, 4, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("on", "start", "end"),
    [
        (date(2025, 4, 1), date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 6, 30), date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 8, 15), date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 12, 31), date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 2, 28), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2024, 2, 29), date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_financial_quarters_run_april_to_june_and_so_on(on: date, start: date, end: date) -> None:
    assert financial_quarter(on) == Period(start, end)


def test_previous_quarters_are_oldest_first_and_cross_the_year_end() -> None:
    quarters = previous_quarters(date(2026, 5, 10), 4)
    assert [quarter.start for quarter in quarters] == [
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
        date(2026, 4, 1),
    ]


def test_financial_year_runs_april_to_march() -> None:
    assert financial_year(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert financial_year(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2027, 3, 31))


def test_period_labels_read_as_words() -> None:
    assert Q1_2025.label == "April to June 2025"
    assert Q1_2025.short_label == "2025-26 Q1"
    assert Period(date(2026, 1, 1), date(2026, 3, 31)).short_label == "2025-26 Q4"
    assert Period(date(2025, 4, 1), date(2026, 3, 31)).label == "1 April 2025 to 31 March 2026"


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end before"):
        Period(date(2025, 4, 2), date(2025, 4, 1))


def test_a_quarter_gets_a_quarter_of_the_annual_target() -> None:
    assert prorated_target(Decimal(4000), Q1_2025) == Decimal("1000.00")
    # A quarter is a quarter even though quarters differ in days (90 to 92).
    assert prorated_target(Decimal(1500), Period(date(2026, 1, 1), date(2026, 3, 31))) == Decimal("375.00")


def test_a_whole_year_gets_the_whole_target_even_in_a_leap_year() -> None:
    assert prorated_target(Decimal(340), Period(date(2023, 4, 1), date(2024, 3, 31))) == Decimal("340.00")


def test_any_other_period_is_pro_rated_by_days_over_365() -> None:
    # 1 to 30 April is 30 days: 4000 x 30 / 365 = 328.767... -> 328.77
    assert prorated_target(Decimal(4000), Period(date(2025, 4, 1), date(2025, 4, 30))) == Decimal("328.77")


def test_level_measures_keep_their_target_in_every_period() -> None:
    assert prorated_target(Decimal(60), Q1_2025, prorated=False) == Decimal("60.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1000, Rag.GREEN), (1200, Rag.GREEN), (999, Rag.AMBER), (900, Rag.AMBER), (899, Rag.RED), (0, Rag.RED)],
)
def test_rag_when_higher_is_better(value: int, expected: Rag) -> None:
    result = rag(
        value,
        Decimal(1000),
        direction=Direction.HIGHER_IS_BETTER,
        green_from_percent=Decimal(100),
        amber_from_percent=Decimal(90),
    )
    assert result == expected


@pytest.mark.parametrize(
    ("wait", "expected"), [(Decimal(20), Rag.GREEN), (Decimal(28), Rag.GREEN), (Decimal(30), Rag.AMBER), (40, Rag.RED)]
)
def test_rag_when_lower_is_better_compares_target_to_value(wait: Decimal | int, expected: Rag) -> None:
    # Target 28 days: 30 days is 93.33% of the way, amber; 40 days is 70%, red.
    result = rag(
        wait,
        Decimal(28),
        direction=Direction.LOWER_IS_BETTER,
        green_from_percent=Decimal(100),
        amber_from_percent=Decimal(90),
    )
    assert result == expected


def test_no_value_has_no_rag() -> None:
    assert (
        rag(
            None,
            Decimal(10),
            direction=Direction.HIGHER_IS_BETTER,
            green_from_percent=Decimal(100),
            amber_from_percent=Decimal(90),
        )
        is None
    )


def test_zero_targets() -> None:
    assert achievement_percent(0, Decimal(0), Direction.HIGHER_IS_BETTER) == Decimal(100)
    assert achievement_percent(0, Decimal(0), Direction.LOWER_IS_BETTER) == Decimal(100)
    assert achievement_percent(3, Decimal(0), Direction.LOWER_IS_BETTER) == Decimal(0)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (4000, 4000), (None, None)]
)
def test_counts_of_one_to_four_are_suppressed_and_nought_is_shown(count: int | None, shown: object) -> None:
    assert suppress(count) == shown


def test_a_lone_small_cell_in_a_breakdown_takes_the_next_smallest_with_it() -> None:
    shown = suppress_breakdown({"gp_practice": 40, "school": 3, "self": 12, "hospital": 0})
    assert shown == {"gp_practice": 40, "school": SUPPRESSED, "self": SUPPRESSED, "hospital": 0}


def test_two_small_cells_protect_each_other() -> None:
    shown = suppress_breakdown({"gp_practice": 40, "school": 3, "self": 2})
    assert shown == {"gp_practice": 40, "school": SUPPRESSED, "self": SUPPRESSED}


def test_median_and_90th_percentile_from_a_histogram() -> None:
    waits = {5: 2, 10: 5, 30: 2, 90: 1}  # ten assessments
    assert median(waits) == Decimal(10)
    assert percentile(waits, 90) == 30
    assert median({4: 1, 7: 1}) == Decimal("5.5")
    assert median({}) is None
    assert percentile({}, 90) is None
    assert percentile({12: 1}, 90) == 12


def test_rating_suggestions_follow_the_share_of_red() -> None:
    assert suggest_rating([Rag.GREEN] * 8).rating == Rating.GOOD
    assert suggest_rating([Rag.GREEN] * 6 + [Rag.AMBER] * 2).rating == Rating.GOOD
    assert suggest_rating([Rag.GREEN] * 3 + [Rag.AMBER] * 1 + [Rag.RED]).rating == Rating.APPROACHING_TARGET
    assert suggest_rating([Rag.GREEN] * 2 + [Rag.RED] * 2).rating == Rating.REQUIRES_IMPROVEMENT
    assert suggest_rating([Rag.GREEN] + [Rag.RED] * 2).rating == Rating.INADEQUATE
    empty = suggest_rating([None, ""])
    assert empty.rating is None
    assert "No KPI results" in empty.reason


def test_rating_suggestion_explains_its_counts() -> None:
    suggestion = suggest_rating(["green", "amber", "red", "green"])
    assert (suggestion.green, suggestion.amber, suggestion.red) == (2, 1, 1)
    assert suggestion.reason == "2 green, 1 amber and 1 red of 4 KPI results in the year."


def test_difference_is_live_minus_frozen() -> None:
    assert difference(100, 103) == 3
    assert difference(None, 3) is None


def test_reportable_quarters_run_from_the_contracts_first_quarter_to_the_one_running_today() -> None:
    quarters = reportable_quarters(
        contract_start=date(2025, 5, 15), contract_end=date(2030, 3, 31), today=date(2026, 1, 2)
    )

    assert [q.start for q in quarters] == [date(2026, 1, 1), date(2025, 10, 1), date(2025, 7, 1), date(2025, 4, 1)]
    assert (
        reportable_quarters(contract_start=date(2027, 4, 1), contract_end=date(2030, 3, 31), today=date(2026, 1, 2))
        == []
    )
    ended = reportable_quarters(contract_start=date(2025, 4, 1), contract_end=date(2025, 9, 30), today=date(2026, 1, 2))
    assert [q.start for q in ended] == [date(2025, 7, 1), date(2025, 4, 1)]


def test_a_quarter_not_started_or_outside_the_term_says_which_may_be_chosen() -> None:
    term = {"contract_start": date(2025, 4, 1), "contract_end": date(2026, 3, 31), "today": date(2025, 11, 5)}

    assert reporting_period_problem(Period(date(2025, 10, 1), date(2025, 12, 31)), **term) is None
    assert reporting_period_problem(Period(date(2026, 1, 1), date(2026, 3, 31)), **term) == (
        "January to March 2026 has not started yet: choose October to December 2025 or an earlier quarter"
    )
    assert reporting_period_problem(Period(date(2025, 1, 1), date(2025, 3, 31)), **term) == (
        "The contract started on 1 April 2025: choose a quarter from then on"
    )
