"""Weighted scoring by several panel members, and the money left in a round. Pure: the services fetch, lock, ask."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAXIMUM_SCORE = 5
# A decision needs this many panel members' complete scores: one person's view is not a panel.
MINIMUM_SCORERS = 2


@dataclass(frozen=True)
class ScorerTotal:
    scorer_id: int
    percentage: Decimal


@dataclass(frozen=True)
class PanelScore:
    totals: tuple[ScorerTotal, ...]
    mean: Decimal | None
    spread: Decimal | None

    @property
    def is_complete(self) -> bool:
        return len(self.totals) >= MINIMUM_SCORERS


def _percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def weighted_percentage(scores: Mapping[int, int], weights: Mapping[int, int]) -> Decimal | None:
    """One scorer's total as a percentage of the best possible, each criterion counted by its weight. None until
    every criterion is scored."""
    if not weights or set(scores) != set(weights):
        return None
    best = sum(MAXIMUM_SCORE * weight for weight in weights.values())
    got = sum(scores[criterion] * weight for criterion, weight in weights.items())
    return _percent(Decimal(100 * got) / Decimal(best))


def panel_score(scores_by_scorer: Mapping[int, Mapping[int, int]], weights: Mapping[int, int]) -> PanelScore:
    """Each complete scorer's weighted total, their mean, and the spread a moderator looks at first."""
    totals = []
    for scorer_id, scores in sorted(scores_by_scorer.items()):
        percentage = weighted_percentage(scores, weights)
        if percentage is not None:
            totals.append(ScorerTotal(scorer_id, percentage))
    if not totals:
        return PanelScore(totals=(), mean=None, spread=None)
    values = [total.percentage for total in totals]
    return PanelScore(
        totals=tuple(totals), mean=_percent(sum(values, Decimal(0)) / len(values)), spread=max(values) - min(values)
    )


def remaining_budget(budget: Decimal, awards: Sequence[Decimal]) -> Decimal:
    return budget - sum(awards, Decimal(0))


def fits_budget(amount: Decimal, *, budget: Decimal, awards: Sequence[Decimal]) -> bool:
    """An award never takes a round past its budget."""
    return Decimal(0) < amount <= remaining_budget(budget, awards)
