"""Who gets a place at a group session, and what a booking needs. Pure: the service locks the session and asks."""

from dataclasses import dataclass
from enum import StrEnum

from carershub.people.rules import is_adult

# Under 16 a child comes to a group with a parent's consent: below that age the service does not rely on the
# child's own agreement to take part in organised activities away from home (the provider's safeguarding policy,
# in line with Gillick competence being judged case by case, not assumed).
PARENTAL_CONSENT_BELOW_AGE = 16


class Place(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"


@dataclass(frozen=True)
class SessionPlaces:
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def place_for_new_booking(places: SessionPlaces) -> Place:
    """A place while any are free; otherwise the waiting list. Never over capacity."""
    return Place.BOOKED if places.free > 0 else Place.WAITING


def places_to_offer(places: SessionPlaces, *, waiting: int) -> int:
    """How many people move up from the waiting list when places free up."""
    return min(places.free, waiting)


def needs_parental_consent(age: int | None, *, group_maximum_age: int | None) -> bool:
    """Whether a booking needs a parent's consent. An unknown age at a children's group is treated as a child's."""
    if age is None:
        return group_maximum_age is not None and not is_adult(group_maximum_age)
    return age < PARENTAL_CONSENT_BELOW_AGE


def age_fits(age: int | None, *, minimum: int | None, maximum: int | None) -> bool:
    """Whether a carer of this age may join a group for this age range (an unknown age fits any range)."""
    if age is None:
        return True
    return (minimum is None or age >= minimum) and (maximum is None or age <= maximum)
