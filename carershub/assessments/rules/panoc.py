"""Scoring the PANOC-YC20 (Positive and Negative Outcomes of Caring; Joseph, Becker and Becker 2009).

Twenty items, each answered 0/1/2, give a positive score and a negative score (0-20 each); there is no total. A low
positive score (12 or less) and a high negative score (9 or more) are concerns to discuss with the young carer
(as the PANOC-YC20 manual advises). Some items ask about feeling life is not worth living or wanting to run away:
any answer but "never" to an item the deployment marks as a safety item raises an immediate alert, whatever the
scores.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from carershub.assessments.rules.responses import checked_responses

PANOC_ITEMS = 20
POSITIVE_ITEMS = frozenset({1, 2, 3, 4, 7, 8, 15, 18, 19, 20})
NEGATIVE_ITEMS = frozenset(range(1, PANOC_ITEMS + 1)) - POSITIVE_ITEMS
# The manual's bands: positive 0-12 "no or relatively few positive outcomes", negative 9-20 "relatively high".
POSITIVE_CONCERN_AT_MOST = 12
NEGATIVE_CONCERN_AT_LEAST = 9


@dataclass(frozen=True)
class PanocScore:
    positive: int
    negative: int
    positive_concern: bool
    negative_concern: bool


def score_panoc_yc20(responses: Sequence[int]) -> PanocScore:
    """Positive and negative scores and their concern flags from 20 answers in item order. Raises InvalidResponses."""
    answers = checked_responses(responses, items=PANOC_ITEMS, instrument="PANOC-YC20")
    positive = sum(answers[item - 1] for item in POSITIVE_ITEMS)
    negative = sum(answers[item - 1] for item in NEGATIVE_ITEMS)
    return PanocScore(
        positive=positive,
        negative=negative,
        positive_concern=positive <= POSITIVE_CONCERN_AT_MOST,
        negative_concern=negative >= NEGATIVE_CONCERN_AT_LEAST,
    )


def safety_alert_items(responses: Sequence[int], safety_items: Collection[int]) -> tuple[int, ...]:
    """Item numbers (1-based) among safety_items answered anything other than 0 ("never")."""
    answers = checked_responses(responses, items=PANOC_ITEMS, instrument="PANOC-YC20")
    outside = sorted((item for item in safety_items if type(item) is not int or not 1 <= item <= PANOC_ITEMS), key=repr)
    if outside:
        raise ValueError(f"Safety items must be PANOC-YC20 item numbers from 1 to {PANOC_ITEMS}, not {outside}")
    return tuple(item for item in sorted(safety_items) if answers[item - 1] != 0)
