"""Places at a session and parental consent, without a database."""

import pytest

from carershub.support.rules.bookings import (
    Place,
    SessionPlaces,
    age_fits,
    needs_parental_consent,
    place_for_new_booking,
    places_to_offer,
)


def test_a_place_while_any_are_free_then_the_waiting_list() -> None:
    assert place_for_new_booking(SessionPlaces(capacity=2, booked=1)) == Place.BOOKED
    assert place_for_new_booking(SessionPlaces(capacity=2, booked=2)) == Place.WAITING
    # A capacity lowered below the bookings already taken never lets more in.
    assert place_for_new_booking(SessionPlaces(capacity=2, booked=3)) == Place.WAITING


def test_people_move_up_only_into_free_places() -> None:
    assert places_to_offer(SessionPlaces(capacity=10, booked=8), waiting=5) == 2
    assert places_to_offer(SessionPlaces(capacity=10, booked=10), waiting=5) == 0
    assert places_to_offer(SessionPlaces(capacity=10, booked=2), waiting=1) == 1


@pytest.mark.parametrize(
    ("age", "group_maximum_age", "needed"),
    [
        pytest.param(15, None, True, id="fifteen"),
        pytest.param(16, 18, False, id="sixteen"),
        pytest.param(None, 15, True, id="unknown_age_at_a_childrens_group"),
        pytest.param(None, None, False, id="unknown_age_at_an_adults_group"),
    ],
)
def test_under_sixteens_need_a_parents_consent(age: int | None, group_maximum_age: int | None, needed: bool) -> None:
    assert needs_parental_consent(age, group_maximum_age=group_maximum_age) is needed


def test_age_range() -> None:
    assert age_fits(12, minimum=8, maximum=17)
    assert not age_fits(18, minimum=8, maximum=17)
    assert age_fits(None, minimum=8, maximum=17)
