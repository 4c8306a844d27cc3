"""The "Am I a carer?" answers and what follows from them. Pure Python: nothing from Django."""

from collections.abc import Collection
from enum import StrEnum

from carershub.people.rules import ADULTHOOD, AGE_OF_CONSENT


class LooksAfterSomeone(StrEnum):
    """The answer to "Do you look after, or help, someone who could not manage without you?"."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class AgeBand(StrEnum):
    """The answer to "How old are you?": under-18s get the young carer pages."""

    UNDER_18 = "under_18"
    ADULT = "18_or_over"


class ConsentAnswer(StrEnum):
    """Who agrees, on the young carer form: the young person themselves, or a parent or carer for them."""

    SELF = "self"
    PARENT_OR_CARER = "parent_or_carer"


def asks_about_the_caring(looks_after: str) -> bool:
    """Someone who says they look after nobody skips the questions about why and how."""
    return looks_after != LooksAfterSomeone.NO


def is_probably_a_carer(looks_after: str, conditions: Collection[str], care_tasks: Collection[str]) -> bool:
    """Probably a carer: they help someone who could not manage without them, for a reason or with a task we
    recognise. Someone not sure is probably a carer when they name both a reason and a task."""
    if looks_after == LooksAfterSomeone.YES:
        return bool(conditions) or bool(care_tasks)
    if looks_after == LooksAfterSomeone.NOT_SURE:
        return bool(conditions) and bool(care_tasks)
    return False


def is_young(age_band: str) -> bool:
    return age_band == AgeBand.UNDER_18


def consent_given_by(age: int, answer: str) -> str | None:
    """Who gave consent (a `people.models.Consent.GivenBy` value), or None if that answer cannot stand.

    From 16 a young person decides for themselves, so a parent's agreement alone is not enough. Under 16 either a
    parent or carer agrees, or the child agrees and the consent waits until a practitioner judges that they
    understand (Gillick competence): ticking a box is not that judgement.
    """
    if age >= AGE_OF_CONSENT:
        return "self" if answer == ConsentAnswer.SELF else None
    if answer == ConsentAnswer.SELF:
        return "pending_competence"
    if answer == ConsentAnswer.PARENT_OR_CARER:
        return "parent_or_guardian"
    return None


# What the person cared for cannot be to a carer under 18: no one under 18 may marry or form a civil partnership in
# England and Wales (Marriage and Civil Partnership (Minimum Age) Act 2022), nor have a grandchild; a young carer
# looking after their own child or a partner is asked to choose "Other", and the service asks about it.
NOT_OFFERED_UNDER_18: frozenset[str] = frozenset({"spouse_or_partner", "child", "grandchild"})
# Relationships that say who is older: the person cared for is older than the carer (OLDER) or younger (YOUNGER).
OLDER: frozenset[str] = frozenset({"parent", "grandparent"})
YOUNGER: frozenset[str] = frozenset({"child", "grandchild"})


def relationships_for(choices: Collection[tuple[str, str]], *, young: bool) -> list[tuple[str, str]]:
    """The relationships to offer a carer: all of them to an adult, those that fit a child's age to an under-18."""
    return [(value, label) for value, label in choices if not (young and value in NOT_OFFERED_UNDER_18)]


def relationship_problem(relationship: str, *, carer_age: int | None, carer_is_older: bool | None) -> str:
    """What does not fit between the relationship and the two ages, in words for the form ("" when it fits).
    `carer_is_older` is None when either date of birth is not known."""
    if carer_age is not None and carer_age < ADULTHOOD and relationship in NOT_OFFERED_UNDER_18:
        return "The carer is under 18: select who the person is to them, or select Other"
    if carer_is_older is True and relationship in OLDER:
        return "Check who the person is to the carer: a parent or grandparent is older than the carer"
    if carer_is_older is False and relationship in YOUNGER:
        return "Check who the person is to the carer: a son, daughter or grandchild is younger than the carer"
    return ""
