"""Answers to the young carers' questionnaires (MACA-YC18, PANOC-YC20), stored and scored by item number only.

Both use the same three-point scale. The item wording is copyright and never needed to score: see
`carershub.assessments.instruments` for where the licensed text comes from.
"""

from collections.abc import Sequence

ANSWER_SCORES = (0, 1, 2)  # never / some of the time / a lot of the time


class InvalidResponses(ValueError):
    """The answers cannot be scored: the wrong number of them, or an answer that is not 0, 1 or 2."""


def checked_responses(responses: Sequence[int], *, items: int, instrument: str) -> tuple[int, ...]:
    """The answers as a tuple, once there is exactly one per item and each is 0, 1 or 2. Raises InvalidResponses."""
    if isinstance(responses, str | bytes):
        raise InvalidResponses(f"{instrument} answers must be a list of numbers, not text")
    if len(responses) != items:
        raise InvalidResponses(f"{instrument} has {items} items: expected {items} answers, got {len(responses)}")
    for number, answer in enumerate(responses, start=1):
        # bool is a subclass of int in Python; True is not an answer on this scale.
        if type(answer) is not int or answer not in ANSWER_SCORES:
            raise InvalidResponses(
                f"{instrument} item {number}: the answer must be 0, 1 or 2 (never, some of the time, "
                f"a lot of the time), got {answer!r}"
            )
    return tuple(responses)
