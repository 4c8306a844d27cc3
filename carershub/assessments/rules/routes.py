"""Which statutory assessment a carer's situation calls for, by age and relationship.

- A carer under 18 has a young carer's needs assessment (Children Act 1989 s.17ZA), whoever they care for; when they
  care for an adult, a transition assessment (Care Act 2014 s.63) is to be considered too.
- A carer of 18 or over caring for an adult has a carer's assessment (Care Act 2014 s.10); this includes the
  service's "young adult carers", which is not a legal category.
- A carer of 18 or over with parental responsibility for a disabled child has a parent carer's needs assessment
  (Children Act 1989 s.17ZD: "a person aged 18 or over who provides or intends to provide care for a disabled child
  for whom the person has parental responsibility"), and a child's carer's transition assessment (Care Act 2014
  s.60) as the child nears 18. With parental responsibility for a child who is not disabled, no carer's assessment
  applies: parenting is not caring.
- A carer of 18 or over caring for a child without parental responsibility (a grandparent, say) has no assessment of
  their own here: their needs sit within the child's Children Act 1989 s.17 assessment (unconfirmed), with s.60 to
  consider.

Whether a transition assessment is due is professional judgement ("significant benefit"), not an age trigger: the
route only says which one to consider.
"""

from dataclasses import dataclass
from enum import StrEnum

from carershub.people.rules import is_adult

OLDEST_AGE = 120


class AssessmentRoute(StrEnum):
    YOUNG_CARERS_NEEDS = "young_carers_needs"
    CARERS = "carers"
    PARENT_CARERS_NEEDS = "parent_carers_needs"


class TransitionRoute(StrEnum):
    YOUNG_CARER_S63 = "young_carer_s63"
    CHILD_CARER_S60 = "child_carer_s60"


@dataclass(frozen=True)
class Route:
    assessment: AssessmentRoute | None
    transition: TransitionRoute | None
    reasons: tuple[str, ...]


_YOUNG_CARER = (
    "The carer is under 18, so they have a young carer's needs assessment (Children Act 1989 s.17ZA), "
    "whoever they care for."
)
_YOUNG_CARER_OF_AN_ADULT = (
    "They care for an adult, so consider a young carer's transition assessment (Care Act 2014 s.63) when they are "
    "likely to have needs for support after turning 18 and it would be of significant benefit to them."
)
_ADULT_CARER_OF_AN_ADULT = (
    "The carer is 18 or over and cares for an adult, so they have a carer's assessment (Care Act 2014 s.10)."
)
_PARENT_CARER = (
    "The carer is 18 or over and has parental responsibility for the child they care for, so they have a parent "
    "carer's needs assessment (Children Act 1989 s.17ZD)."
)
_CHILD_CARER_TRANSITION = (
    "They care for a child, so consider a child's carer's transition assessment (Care Act 2014 s.60) as the child "
    "nears 18, when the carer is likely to have needs for support afterwards and it would be of significant benefit."
)
_PARENT_OF_A_CHILD_NOT_DISABLED = (
    "The carer is 18 or over and has parental responsibility for a child who is not disabled: looking after your "
    "own child is parenting, not caring, so no carer's assessment applies (Children Act 1989 s.17ZD applies only "
    "to the parent of a disabled child)."
)
_CARER_OF_A_CHILD_WITHOUT_PR = (
    "The carer is 18 or over and cares for a child without parental responsibility for them, so no assessment of "
    "the carer's own applies: their needs are considered within the child's assessment (Children Act 1989 s.17)."
)


class MissingFact(ValueError):
    """A fact the route depends on was not given; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def assessment_route(
    *,
    carer_age: int,
    cared_for_age: int,
    has_parental_responsibility: bool,
    cared_for_disabled: bool | None = None,
) -> Route:
    """The assessment for a carer of this age caring for someone of that age, and the transition to consider.

    Ages are whole years (0-120); anything else raises ValueError. Parental responsibility only matters for a carer
    of 18 or over caring for a child, and then whether the child is disabled decides the route (Children Act 1989
    s.17ZD): it must be given (MissingFact on "cared_for_disabled" otherwise). It is ignored in every other case.
    """
    _check_age("carer_age", carer_age)
    _check_age("cared_for_age", cared_for_age)
    if not is_adult(carer_age):
        if is_adult(cared_for_age):
            return Route(
                AssessmentRoute.YOUNG_CARERS_NEEDS,
                TransitionRoute.YOUNG_CARER_S63,
                (_YOUNG_CARER, _YOUNG_CARER_OF_AN_ADULT),
            )
        return Route(AssessmentRoute.YOUNG_CARERS_NEEDS, None, (_YOUNG_CARER,))
    if is_adult(cared_for_age):
        return Route(AssessmentRoute.CARERS, None, (_ADULT_CARER_OF_AN_ADULT,))
    if has_parental_responsibility:
        if cared_for_disabled is None:
            raise MissingFact(
                "cared_for_disabled",
                "cared_for_disabled is required when a carer of 18 or over has parental responsibility for a child",
            )
        if not cared_for_disabled:
            return Route(None, None, (_PARENT_OF_A_CHILD_NOT_DISABLED,))
        return Route(
            AssessmentRoute.PARENT_CARERS_NEEDS,
            TransitionRoute.CHILD_CARER_S60,
            (_PARENT_CARER, _CHILD_CARER_TRANSITION),
        )
    return Route(None, TransitionRoute.CHILD_CARER_S60, (_CARER_OF_A_CHILD_WITHOUT_PR, _CHILD_CARER_TRANSITION))


def _check_age(name: str, age: int) -> None:
    # bool is a subclass of int in Python; True is not an age.
    if type(age) is not int:
        raise ValueError(f"{name} must be a whole number of years, got {age!r}")
    if not 0 <= age <= OLDEST_AGE:
        raise ValueError(f"{name} must be from 0 to {OLDEST_AGE} years, got {age}")
