"""The RRULE subset groups use, checked against dates worked out by hand from a calendar (RFC 5545 s.3.3.10)."""

from datetime import date

import pytest

from carershub.support.rules.recurrence import RecurrenceInvalid, occurrence_dates, parse_rule

# Tuesday 6 January 2026
FIRST = date(2026, 1, 6)


def _dates(rule: str, first: date = FIRST, through: date = date(2026, 3, 31)) -> list[date]:
    return occurrence_dates(parse_rule(rule), first, through=through)


def test_every_tuesday() -> None:
    assert _dates("FREQ=WEEKLY;BYDAY=TU", through=date(2026, 1, 27)) == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 20),
        date(2026, 1, 27),
    ]


def test_every_other_week_on_two_days() -> None:
    assert _dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", through=date(2026, 1, 31)) == [
        date(2026, 1, 6),
        date(2026, 1, 8),
        date(2026, 1, 20),
        date(2026, 1, 22),
    ]


def test_the_first_monday_and_the_last_friday_of_the_month() -> None:
    assert _dates("FREQ=MONTHLY;BYDAY=1MO", through=date(2026, 3, 31)) == [date(2026, 2, 2), date(2026, 3, 2)]
    assert _dates("FREQ=MONTHLY;BYDAY=-1FR", through=date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]


def test_a_course_of_six_weeks_stops_after_its_count() -> None:
    dates = _dates("FREQ=WEEKLY;COUNT=6", through=date(2027, 1, 1))

    assert len(dates) == 6
    assert dates[-1] == date(2026, 2, 10)


def test_until_is_inclusive() -> None:
    assert _dates("FREQ=DAILY;UNTIL=20260108T235959Z") == [date(2026, 1, 6), date(2026, 1, 7), date(2026, 1, 8)]


def test_a_month_without_the_day_is_skipped_not_moved() -> None:
    assert _dates("FREQ=MONTHLY", first=date(2026, 1, 31), through=date(2026, 5, 31)) == [
        date(2026, 1, 31),
        date(2026, 3, 31),
        date(2026, 5, 31),
    ]


def test_the_last_day_of_each_month() -> None:
    assert _dates("FREQ=MONTHLY;BYMONTHDAY=-1", through=date(2026, 3, 31)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        pytest.param("", "Enter a schedule", id="empty"),
        pytest.param("FREQ=YEARLY", "DAILY, WEEKLY or MONTHLY", id="yearly"),
        pytest.param("FREQ=WEEKLY;BYHOUR=10", "cannot use BYHOUR", id="unsupported_part"),
        pytest.param("FREQ=WEEKLY;BYDAY=1MO", "Only monthly", id="ordinal_in_weekly"),
        pytest.param("FREQ=WEEKLY;BYDAY=XX", "not a day of the week", id="bad_day"),
        pytest.param("FREQ=WEEKLY;COUNT=3;UNTIL=20260101", "not both", id="count_and_until"),
        pytest.param("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be", id="zero_interval"),
        pytest.param("FREQ=MONTHLY;BYMONTHDAY=32", "not a day of the month", id="bad_month_day"),
        pytest.param("FREQ=WEEKLY;UNTIL=20260231", "real date", id="impossible_until"),
        pytest.param("FREQ=WEEKLY;WKST=SU", "start on Monday", id="sunday_weeks"),
    ],
)
def test_rules_outside_the_subset_are_refused_with_a_reason(rule: str, message: str) -> None:
    with pytest.raises(RecurrenceInvalid, match=message):
        parse_rule(rule)


def test_the_rrule_prefix_and_lower_case_are_accepted() -> None:
    assert parse_rule("RRULE:freq=weekly;byday=tu") == parse_rule("FREQ=WEEKLY;BYDAY=TU")
