"""The three-point answer scale both young carers' questionnaires share. No database."""

import pytest

from carershub.assessments.rules.responses import ANSWER_SCORES, InvalidResponses, checked_responses


def test_answers_are_never_some_of_the_time_and_a_lot_of_the_time_scored_0_1_2() -> None:
    assert ANSWER_SCORES == (0, 1, 2)


def test_checked_answers_come_back_as_a_tuple_in_item_order() -> None:
    assert checked_responses([2, 0, 1], items=3, instrument="Test") == (2, 0, 1)


def test_invalid_responses_is_a_value_error_so_callers_can_treat_it_as_bad_input() -> None:
    assert issubclass(InvalidResponses, ValueError)


def test_text_is_not_a_list_of_answers_even_when_it_has_the_right_length() -> None:
    with pytest.raises(InvalidResponses, match="Test answers must be a list of numbers, not text"):
        checked_responses("012", items=3, instrument="Test")  # type: ignore[arg-type]
