"""The whole-family section's children (Care and Support (Assessment) Regulations 2014 reg 4(3)): where each child's
answers are kept, and which children it names. Pure Python: nothing from Django."""

from collections.abc import Mapping
from typing import Any, Final

# How many children the whole-family section can name; each gets their own young carer's referral.
MAX_CHILDREN: Final = 3


def child_prefix(number: int) -> str:
    """The answer names of the nth child in the whole-family section: child_given_name, child_2_given_name, ..."""
    return "child_" if number == 1 else f"child_{number}_"


def named_children(answers: Mapping[str, Any]) -> list[int]:
    """The places (1 to MAX_CHILDREN) of the children the whole-family section names."""
    return [number for number in range(1, MAX_CHILDREN + 1) if answers.get(f"{child_prefix(number)}given_name")]
