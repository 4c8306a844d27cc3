"""The directory's pure rules: meeting times in words, places typed by carers, and when a check is due."""

from datetime import date, time

import pytest

from carershub.directory.rules.assurance import is_due_for_check, months_before
from carershub.directory.rules.places import Place, distance_metres, read_place
from carershub.directory.rules.schedules import InvalidRecurrence, Recurrence, describe, rrule


@pytest.mark.parametrize(
    ("recurrence", "expected"),
    [
        pytest.param(
            Recurrence("WEEKLY", byday="TU", opens_at=time(16), closes_at=time(18)),
            "Every Tuesday, 4pm to 6pm",
            id="weekly_case",
        ),
        pytest.param(Recurrence("WEEKLY", byday="MO,WE"), "Every Monday and Wednesday", id="two_days_case"),
        pytest.param(Recurrence("WEEKLY", interval=2, byday="SA"), "Every other Saturday", id="fortnightly_case"),
        pytest.param(
            Recurrence("MONTHLY", byday="2TU", opens_at=time(10), closes_at=time(12, 30)),
            "Second Tuesday of every month, 10am to 12:30pm",
            id="second_tuesday_case",
        ),
        pytest.param(Recurrence("MONTHLY", byday="-1TU"), "Last Tuesday of every month", id="last_tuesday_case"),
        pytest.param(Recurrence("MONTHLY", bymonthday="15"), "Day 15 of every month", id="month_day_case"),
    ],
)
def test_describe_says_a_recurrence_in_plain_english(recurrence: Recurrence, expected: str) -> None:
    assert describe(recurrence) == expected


def test_rrule_writes_the_rfc_5545_value() -> None:
    assert rrule(Recurrence("MONTHLY", byday="2tu")) == "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"


@pytest.mark.parametrize(
    "recurrence",
    [
        pytest.param(Recurrence("DAILY"), id="frequency_orkuk_does_not_allow_case"),
        pytest.param(Recurrence("WEEKLY", byday="2TU"), id="numbered_day_in_weekly_case"),
        pytest.param(Recurrence("WEEKLY", byday="TUESDAY"), id="not_a_day_case"),
        pytest.param(Recurrence("MONTHLY"), id="monthly_without_a_day_case"),
        pytest.param(Recurrence("MONTHLY", bymonthday="32"), id="no_such_month_day_case"),
    ],
)
def test_describe_refuses_rules_it_cannot_publish(recurrence: Recurrence) -> None:
    with pytest.raises(InvalidRecurrence):
        describe(recurrence)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("mv1 2ab", Place("postcode", "MV1 2AB"), id="postcode_case"),
        pytest.param(" mv1 ", Place("district", "MV1"), id="district_case"),
        pytest.param("Merseyford", Place("town", "Merseyford"), id="town_case"),
        pytest.param("   ", None, id="blank_case"),
    ],
)
def test_read_place_tells_a_postcode_from_a_district_and_a_town(typed: str, expected: Place | None) -> None:
    assert read_place(typed) == expected


def test_distance_between_two_points_a_degree_of_latitude_apart_is_about_111_km() -> None:
    assert round(distance_metres(53.0, -2.9, 54.0, -2.9) / 1000) == 111


def test_months_before_keeps_the_day_or_uses_the_end_of_a_shorter_month() -> None:
    assert months_before(date(2026, 12, 7), 6) == date(2026, 6, 7)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("assured_on", "due"),
    [
        pytest.param(None, True, id="never_checked_case"),
        pytest.param(date(2026, 6, 7), True, id="exactly_six_months_case"),
        pytest.param(date(2026, 6, 8), False, id="just_under_six_months_case"),
    ],
)
def test_an_entry_is_due_for_a_check_six_months_after_the_last(assured_on: date | None, due: bool) -> None:
    assert is_due_for_check(assured_on, today=date(2026, 12, 7), months=6) is due
