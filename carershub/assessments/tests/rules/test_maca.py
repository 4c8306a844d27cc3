"""MACA-YC18 scoring: totals, bands and subscales. No database."""

import pytest

from carershub.assessments.rules.maca import MACA_ITEMS, MACA_SUBSCALES, MacaBand, score_maca_yc18
from carershub.assessments.rules.responses import InvalidResponses


def answers_totalling(total: int) -> list[int]:
    """18 answers adding up to `total`: as many "a lot of the time" (2) as fit, then one "some of the time" (1)."""
    twos, one = divmod(total, 2)
    return [2] * twos + [1] * one + [0] * (MACA_ITEMS - twos - one)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, MacaBand.NONE),
        (1, MacaBand.LOW),
        (9, MacaBand.LOW),
        (10, MacaBand.MODERATE),
        (13, MacaBand.MODERATE),
        (14, MacaBand.HIGH),
        (17, MacaBand.HIGH),
        (18, MacaBand.VERY_HIGH),
        (36, MacaBand.VERY_HIGH),
    ],
)
def test_band_edges(total: int, band: MacaBand) -> None:
    score = score_maca_yc18(answers_totalling(total))

    assert score.total == total
    assert score.band == band


def test_each_subscale_adds_up_its_own_three_items_in_order() -> None:
    answers = [2, 0, 0, 1, 1, 0, 2, 2, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1]

    score = score_maca_yc18(answers)

    assert list(score.subscales.items()) == [
        ("domestic", 2),
        ("household_management", 2),
        ("financial_practical", 6),
        ("personal_care", 0),
        ("emotional_care", 1),
        ("sibling_care", 3),
    ]
    assert score.total == 14
    assert score.band == MacaBand.HIGH


def test_subscales_are_six_runs_of_three_items_covering_all_eighteen() -> None:
    assert [(name, list(items)) for name, items in MACA_SUBSCALES] == [
        ("domestic", [1, 2, 3]),
        ("household_management", [4, 5, 6]),
        ("financial_practical", [7, 8, 9]),
        ("personal_care", [10, 11, 12]),
        ("emotional_care", [13, 14, 15]),
        ("sibling_care", [16, 17, 18]),
    ]


@pytest.mark.parametrize("count", [0, 17, 19])
def test_the_wrong_number_of_answers_is_refused(count: int) -> None:
    with pytest.raises(InvalidResponses, match=f"expected 18 answers, got {count}"):
        score_maca_yc18([0] * count)


@pytest.mark.parametrize("answer", [3, -1, True, 1.0, "1", None])
def test_an_answer_off_the_scale_is_refused_naming_the_item(answer: object) -> None:
    answers: list[object] = [0] * MACA_ITEMS
    answers[4] = answer

    with pytest.raises(InvalidResponses, match="MACA-YC18 item 5: the answer must be 0, 1 or 2"):
        score_maca_yc18(answers)  # type: ignore[arg-type]
