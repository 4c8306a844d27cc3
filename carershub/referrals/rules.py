"""Which cohort a referral belongs to, in order of preference. Pure: no Django, no database."""

from carershub.people.rules import CarerCategory

# Preference order: the most specific service first. An area without a rule for the first cohort falls back
# to the next, so an area that runs one all-age service needs only an "adult" rule (plus "young" for children).
_YOUNG_ADULT_UPPER_AGE = 25


def cohort_preferences(categories: frozenset[CarerCategory], age: int | None) -> tuple[str, ...]:
    """The cohorts a carer could be routed to, most specific first (values of referrals.models.Cohort)."""
    preferences: list[str] = []
    if CarerCategory.YOUNG_ADULT_CARER in categories:
        # Young adult carers in transition may be served by either lot (South Tees); the area's rules decide.
        preferences.append("young_adult")
    if CarerCategory.YOUNG_CARER in categories or (age is not None and age < 18):
        preferences.append("young")
        return tuple(preferences)
    if CarerCategory.PARENT_CARER in categories:
        preferences.append("parent")
    if CarerCategory.KINSHIP_CARER in categories:
        preferences.append("kinship")
    preferences.append("adult")
    return tuple(dict.fromkeys(preferences))
