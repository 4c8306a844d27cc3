"""Admission to a category on quality alone: the moderated marks and declarations decide, never a price.

An application is admitted when no mandatory exclusion ground applies, every pass/fail requirement is met, every
scored question reaches its minimum mark, and no discretionary exclusion ground applies that the assessors did not
set aside. Each failure is a reason the supplier sees. The weighted score (0-100) is reported either way.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")


class QuestionKind(StrEnum):
    PASS_FAIL = "pass_fail"  # noqa: S105 (a kind of question, not a password)
    MANDATORY_EXCLUSION = "mandatory_exclusion"
    DISCRETIONARY_EXCLUSION = "discretionary_exclusion"
    SCORED = "scored"


@dataclass(frozen=True)
class QuestionFacts:
    id: int
    kind: QuestionKind
    text: str
    weight: int = 0
    max_mark: int = 0
    minimum_mark: int = 0


@dataclass(frozen=True)
class AdmissionDecision:
    is_admitted: bool
    weighted_score: Decimal
    reasons: tuple[str, ...]


def decide_admission(
    questions: Sequence[QuestionFacts],
    *,
    declarations: Mapping[int, bool | None],
    passes: Mapping[int, bool],
    marks: Mapping[int, int],
    discretionary_grounds_set_aside: frozenset[int] = frozenset(),
) -> AdmissionDecision:
    """Decide an application from the supplier's declarations (does an exclusion ground apply?) and the moderated
    pass/fail results and marks."""
    reasons: list[str] = []
    for question in questions:
        if question.kind == QuestionKind.MANDATORY_EXCLUSION and declarations.get(question.id) is not False:
            reasons.append(f"A mandatory exclusion ground applies or was not answered: {question.text}")
        elif (
            question.kind == QuestionKind.DISCRETIONARY_EXCLUSION
            and declarations.get(question.id) is not False
            and question.id not in discretionary_grounds_set_aside
        ):
            reasons.append(f"A discretionary exclusion ground applies: {question.text}")
        elif question.kind == QuestionKind.PASS_FAIL and not passes.get(question.id, False):
            reasons.append(f"Requirement not met: {question.text}")
        elif question.kind == QuestionKind.SCORED and marks.get(question.id, 0) < question.minimum_mark:
            reasons.append(
                f"Marked {marks.get(question.id, 0)} out of {question.max_mark}, below the minimum of "
                f"{question.minimum_mark}: {question.text}"
            )
    return AdmissionDecision(not reasons, weighted_score(questions, marks), tuple(reasons))


def weighted_score(questions: Sequence[QuestionFacts], marks: Mapping[int, int]) -> Decimal:
    """Sum of weight x mark / max mark over the scored questions, scaled to 0-100, rounded half up to 2 dp."""
    scored = [question for question in questions if question.kind == QuestionKind.SCORED and question.max_mark]
    total_weight = sum(question.weight for question in scored)
    if not total_weight:
        return Decimal("0.00")
    points = sum(
        (
            Decimal(question.weight) * Decimal(marks.get(question.id, 0)) / Decimal(question.max_mark)
            for question in scored
        ),
        Decimal(0),
    )
    return (points * 100 / total_weight).quantize(PENNY, rounding=ROUND_HALF_UP)


def moderated_marks(evaluations: Sequence[Mapping[int, int]], question_ids: Sequence[int]) -> dict[int, int]:
    """A starting point for moderation: each question's median mark across the assessors, rounded down."""
    marks: dict[int, int] = {}
    for question_id in question_ids:
        given = sorted(evaluation.get(question_id, 0) for evaluation in evaluations)
        if given:
            middle = len(given) // 2
            marks[question_id] = given[middle] if len(given) % 2 else (given[middle - 1] + given[middle]) // 2
    return marks
