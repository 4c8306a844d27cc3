"""Scoring the MACA-YC18 (Multidimensional Assessment of Caring Activities; Joseph, Becker and Becker 2009).

Eighteen items, each answered 0/1/2, give a total of 0-36 (the amount of caring activity) and six subscales of three
items each. The bands are evidence for a young carer's needs assessment (Children Act 1989 s.17ZA), never the
statutory test itself. The item-to-subscale mapping and the 0 and 1-9 bands are not yet confirmed against the MACA-YC18
manual.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from carershub.assessments.rules.responses import checked_responses

MACA_ITEMS = 18


class MacaBand(StrEnum):
    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"


MACA_SUBSCALES: tuple[tuple[str, range], ...] = (
    ("domestic", range(1, 4)),
    ("household_management", range(4, 7)),
    ("financial_practical", range(7, 10)),
    ("personal_care", range(10, 13)),
    ("emotional_care", range(13, 16)),
    ("sibling_care", range(16, 19)),
)

# The lowest total in each band, highest first: 0 none, 1-9 low, 10-13 moderate, 14-17 high, 18+ very high.
_BAND_FLOORS: tuple[tuple[int, MacaBand], ...] = (
    (18, MacaBand.VERY_HIGH),
    (14, MacaBand.HIGH),
    (10, MacaBand.MODERATE),
    (1, MacaBand.LOW),
    (0, MacaBand.NONE),
)

MACA_BAND_LABELS: Mapping[MacaBand, str] = MappingProxyType(
    {
        MacaBand.NONE: "No caring activity",
        MacaBand.LOW: "Low amount of caring activity",
        MacaBand.MODERATE: "Moderate amount of caring activity",
        MacaBand.HIGH: "High amount of caring activity",
        MacaBand.VERY_HIGH: "Very high amount of caring activity",
    }
)


@dataclass(frozen=True)
class MacaScore:
    total: int
    band: MacaBand
    subscales: Mapping[str, int]  # keyed and ordered as MACA_SUBSCALES


def maca_band(total: int) -> MacaBand:
    """The band for a MACA-YC18 total (0-36)."""
    return next(band for floor, band in _BAND_FLOORS if total >= floor)


def score_maca_yc18(responses: Sequence[int]) -> MacaScore:
    """Total, band and subscales from 18 answers in item order. Raises InvalidResponses."""
    answers = checked_responses(responses, items=MACA_ITEMS, instrument="MACA-YC18")
    total = sum(answers)
    subscales = {name: sum(answers[item - 1] for item in items) for name, items in MACA_SUBSCALES}
    return MacaScore(total=total, band=maca_band(total), subscales=MappingProxyType(subscales))
