"""PANOC-YC20 scoring: positive and negative scores, concern flags, safety items. No database."""

import pytest

from carershub.assessments.rules.panoc import (
    NEGATIVE_ITEMS,
    PANOC_ITEMS,
    POSITIVE_ITEMS,
    safety_alert_items,
    score_panoc_yc20,
)
from carershub.assessments.rules.responses import InvalidResponses


def answers(*, positive: int = 0, negative: int = 0) -> list[int]:
    """20 answers whose positive items add up to `positive` and negative items to `negative`."""
    result = [0] * PANOC_ITEMS
    for items, total in ((POSITIVE_ITEMS, positive), (NEGATIVE_ITEMS, negative)):
        for item in sorted(items):
            result[item - 1] = min(2, total)
            total -= result[item - 1]
    return result


def test_positive_and_negative_items_are_the_manuals_two_halves() -> None:
    assert sorted(POSITIVE_ITEMS) == [1, 2, 3, 4, 7, 8, 15, 18, 19, 20]
    assert sorted(NEGATIVE_ITEMS) == [5, 6, 9, 10, 11, 12, 13, 14, 16, 17]


def test_each_answer_counts_towards_its_own_half_only() -> None:
    responses = [0] * PANOC_ITEMS
    responses[4] = 2  # item 5, negative
    responses[6] = 1  # item 7, positive

    score = score_panoc_yc20(responses)

    assert (score.positive, score.negative) == (1, 2)


@pytest.mark.parametrize(
    ("positive", "concern"), [(0, True), (12, True), (13, False), (20, False)], ids=lambda value: str(value)
)
def test_few_positive_outcomes_are_a_concern_up_to_12(positive: int, concern: bool) -> None:
    score = score_panoc_yc20(answers(positive=positive))

    assert score.positive == positive
    assert score.positive_concern is concern


@pytest.mark.parametrize(
    ("negative", "concern"), [(0, False), (8, False), (9, True), (20, True)], ids=lambda value: str(value)
)
def test_many_negative_outcomes_are_a_concern_from_9(negative: int, concern: bool) -> None:
    score = score_panoc_yc20(answers(positive=20, negative=negative))

    assert score.negative == negative
    assert score.negative_concern is concern


@pytest.mark.parametrize("count", [0, 19, 21])
def test_the_wrong_number_of_answers_is_refused(count: int) -> None:
    with pytest.raises(InvalidResponses, match=f"expected 20 answers, got {count}"):
        score_panoc_yc20([0] * count)


def test_an_answer_off_the_scale_is_refused_naming_the_item() -> None:
    responses = [0] * PANOC_ITEMS
    responses[19] = 3

    with pytest.raises(InvalidResponses, match="PANOC-YC20 item 20: the answer must be 0, 1 or 2"):
        score_panoc_yc20(responses)


def test_safety_items_answered_anything_but_never_raise_an_alert_whatever_the_scores() -> None:
    responses = answers(positive=20)
    responses[13] = 1  # item 14: "some of the time"
    responses[16] = 2  # item 17: "a lot of the time"
    responses[5] = 2  # item 6 is not a safety item

    assert safety_alert_items(responses, {17, 14, 11}) == (14, 17)


def test_no_alert_when_every_safety_item_is_answered_never() -> None:
    responses = [2] * PANOC_ITEMS
    responses[13] = 0

    assert safety_alert_items(responses, {14}) == ()
    assert safety_alert_items(responses, set()) == ()


@pytest.mark.parametrize("item", [0, 21])
def test_a_safety_item_outside_the_questionnaire_is_refused(item: int) -> None:
    with pytest.raises(ValueError, match="Safety items must be PANOC-YC20 item numbers from 1 to 20"):
        safety_alert_items([0] * PANOC_ITEMS, {item})


def test_safety_items_need_a_complete_set_of_answers() -> None:
    with pytest.raises(InvalidResponses, match="expected 20 answers, got 18"):
        safety_alert_items([0] * 18, {14})
