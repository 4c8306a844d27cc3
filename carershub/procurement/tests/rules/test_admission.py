"""Admission on quality: exclusion grounds, pass/fail requirements, minimum marks and the weighted score."""

from decimal import Decimal

from carershub.procurement.rules.admission import QuestionFacts, QuestionKind, decide_admission, moderated_marks
from carershub.procurement.rules.bid_quality import bid_quality

QUESTIONS = (
    QuestionFacts(1, QuestionKind.MANDATORY_EXCLUSION, "Fraud"),
    QuestionFacts(2, QuestionKind.DISCRETIONARY_EXCLUSION, "Insolvency"),
    QuestionFacts(3, QuestionKind.PASS_FAIL, "Serves up to 25"),
    QuestionFacts(4, QuestionKind.SCORED, "Safeguarding", weight=60, max_mark=5, minimum_mark=3),
    QuestionFacts(5, QuestionKind.SCORED, "Workforce", weight=40, max_mark=5, minimum_mark=2),
)
CLEAN = {1: False, 2: False}


def test_meeting_everything_admits_with_the_weighted_score() -> None:
    decision = decide_admission(QUESTIONS, declarations=CLEAN, passes={3: True}, marks={4: 4, 5: 3})

    assert decision.is_admitted
    assert decision.weighted_score == Decimal("72.00")
    assert decision.reasons == ()


def test_each_failure_is_a_reason() -> None:
    decision = decide_admission(QUESTIONS, declarations={1: True, 2: True}, passes={3: False}, marks={4: 2, 5: 2})

    assert not decision.is_admitted
    assert len(decision.reasons) == 4


def test_an_unanswered_mandatory_ground_is_a_failure_and_a_discretionary_one_can_be_set_aside() -> None:
    unanswered = decide_admission(QUESTIONS, declarations={2: False}, passes={3: True}, marks={4: 5, 5: 5})
    set_aside = decide_admission(
        QUESTIONS,
        declarations={1: False, 2: True},
        passes={3: True},
        marks={4: 5, 5: 5},
        discretionary_grounds_set_aside=frozenset({2}),
    )

    assert not unanswered.is_admitted
    assert set_aside.is_admitted


def test_moderation_starts_from_the_median_mark() -> None:
    assert moderated_marks([{4: 2, 5: 3}, {4: 4, 5: 3}, {4: 5, 5: 1}], [4, 5]) == {4: 4, 5: 3}
    assert moderated_marks([{4: 2}, {4: 5}], [4]) == {4: 3}


def test_bid_quality_is_the_weighted_marks_out_of_100() -> None:
    assert bid_quality([(1, 70), (2, 30)], {1: 7, 2: 8}) == Decimal("73.00")
    assert bid_quality([(1, 70), (2, 30)], {1: 10, 2: 10}) == Decimal("100.00")
    assert bid_quality([], {}) == Decimal("0.00")
