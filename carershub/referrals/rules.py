"""Which cohort a referral belongs to, in order of preference, and which of the area's routing rules takes it.
Pure: no Django, no database."""

from collections.abc import Sequence
from dataclasses import dataclass

from carershub.people.rules import CarerCategory, is_adult

# Preference order: the most specific service first. An area without a rule for the first cohort falls back
# to the next, so an area that runs one all-age service needs only an "adult" rule (plus "young" for children).
_YOUNG_ADULT_UPPER_AGE = 25


def cohort_preferences(categories: frozenset[CarerCategory], age: int | None) -> tuple[str, ...]:
    """The cohorts a carer could be routed to, most specific first (values of referrals.models.Cohort)."""
    preferences: list[str] = []
    if CarerCategory.YOUNG_ADULT_CARER in categories:
        # Young adult carers in transition may be served by either lot (South Tees); the area's rules decide.
        preferences.append("young_adult")
    if CarerCategory.YOUNG_CARER in categories or (age is not None and not is_adult(age)):
        preferences.append("young")
        return tuple(preferences)
    if CarerCategory.PARENT_CARER in categories:
        preferences.append("parent")
    if CarerCategory.KINSHIP_CARER in categories:
        preferences.append("kinship")
    preferences.append("adult")
    return tuple(dict.fromkeys(preferences))


@dataclass(frozen=True)
class RouteRule:
    """One of an area's routing rules: referrals of `cohort` go to `provider_id`, for carers aged `from_age` to
    `to_age` when the council splits a cohort by age (e.g. young adult carers of 16-17 to the young carers' lot and
    of 18-25 to the adult carers' lot: seed 003 puts "young adult carers in Transition" in both contracts)."""

    cohort: str
    provider_id: int
    from_age: int | None = None
    to_age: int | None = None

    @property
    def is_by_age(self) -> bool:
        return self.from_age is not None or self.to_age is not None

    def applies_at(self, age: int | None) -> bool:
        if not self.is_by_age:
            return True
        if age is None:
            return False
        return (self.from_age is None or age >= self.from_age) and (self.to_age is None or age <= self.to_age)


def choose_route(preferences: Sequence[str], age: int | None, rules: Sequence[RouteRule]) -> RouteRule | None:
    """The rule that takes the referral: the first preferred cohort with a rule for the carer's age (a rule by age
    before one for every age). None when no rule fits."""
    ordered = sorted(rules, key=lambda rule: not rule.is_by_age)
    for cohort in preferences:
        for rule in ordered:
            if rule.cohort == cohort and rule.applies_at(age):
                return rule
    return None
