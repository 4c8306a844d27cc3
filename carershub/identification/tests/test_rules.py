"""The "Am I a carer?" rules, tested without a database."""

import pytest

from carershub.identification.rules import (
    AgeBand,
    ConsentAnswer,
    asks_about_the_caring,
    consent_given_by,
    is_probably_a_carer,
    is_young,
)


@pytest.mark.parametrize(
    ("looks_after", "conditions", "care_tasks", "expected"),
    [
        pytest.param("yes", ["dementia"], ["medication"], True, id="yes_with_reason_and_task"),
        pytest.param("yes", [], ["medication"], True, id="yes_with_a_task_only"),
        pytest.param("yes", ["frailty"], [], True, id="yes_with_a_reason_only"),
        pytest.param("yes", [], [], False, id="yes_but_none_of_these_twice"),
        pytest.param("not_sure", ["autism"], ["supervision"], True, id="not_sure_with_reason_and_task"),
        pytest.param("not_sure", ["autism"], [], False, id="not_sure_without_a_task"),
        pytest.param("not_sure", [], ["household"], False, id="not_sure_without_a_reason"),
        pytest.param("no", [], [], False, id="no"),
    ],
)
def test_is_probably_a_carer(looks_after: str, conditions: list[str], care_tasks: list[str], expected: bool) -> None:
    assert is_probably_a_carer(looks_after, conditions, care_tasks) is expected


def test_only_no_skips_the_questions_about_the_caring() -> None:
    assert [asks_about_the_caring(answer) for answer in ("yes", "not_sure", "no")] == [True, True, False]


def test_only_under_18_is_young() -> None:
    assert [is_young(band) for band in AgeBand] == [True, False]


@pytest.mark.parametrize(
    ("age", "answer", "given_by"),
    [
        pytest.param(12, ConsentAnswer.PARENT_OR_CARER, "parent_or_guardian", id="child_whose_parent_agrees"),
        pytest.param(15, ConsentAnswer.SELF, "pending_competence", id="child_who_agrees_themselves_awaits_judgement"),
        pytest.param(16, ConsentAnswer.SELF, "self", id="16_agrees_themselves"),
        pytest.param(40, ConsentAnswer.SELF, "self", id="adult"),
        pytest.param(16, ConsentAnswer.PARENT_OR_CARER, None, id="16_cannot_rely_on_a_parent"),
        pytest.param(12, "", None, id="no_answer"),
    ],
)
def test_consent_given_by(age: int, answer: str, given_by: str | None) -> None:
    assert consent_given_by(age, answer) == given_by
