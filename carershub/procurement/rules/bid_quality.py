"""A bid's quality mark (0-100) from the evaluators' marks for each of the council's weighted quality questions."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

# Each quality answer in a mini-competition is marked out of this (0 none, 10 excellent).
MAX_ANSWER_MARK = 10
PENNY = Decimal("0.01")


def bid_quality(weights: Sequence[tuple[int, int]], marks: Mapping[int, int]) -> Decimal:
    """weights are (question id, weight) with weights summing to 100; quality = sum of weight x mark / 10."""
    total_weight = sum(weight for _, weight in weights)
    if not total_weight:
        return Decimal("0.00")
    points = sum(
        (Decimal(weight) * marks.get(question_id, 0) / MAX_ANSWER_MARK for question_id, weight in weights), Decimal(0)
    )
    return (points * 100 / total_weight).quantize(PENNY, rounding=ROUND_HALF_UP)
