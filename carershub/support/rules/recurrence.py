"""The part of iCalendar recurrence rules (RFC 5545 s.3.3.10) that groups use, as pure functions.

python-dateutil (whose `rrule` does all of RFC 5545) is not among the project's dependencies, and groups need only
a small, well-defined subset: "every Tuesday", "every other Thursday", "the first Monday of the month", "daily for
five days". Anything outside the subset is refused with a reason rather than half-understood, so a rule stored here
means the same to the directory's readers (Open Referral UK publishes the same RRULE text).

Supported: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, COUNT or UNTIL, BYDAY (weekly: MO..SU; monthly: with an optional
ordinal, 1MO or -1FR), BYMONTHDAY (monthly, 1..31 or -31..-1). Weeks start on Monday (WKST=MO, the default).
Occurrences are dates; the time of day is the group's own, kept in local time by the caller so that a 10am group
stays at 10am across the clock change.
"""

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
# A schedule longer than this is a typing mistake, not a group.
MAX_OCCURRENCES = 1000
_BYDAY = re.compile(r"^(?P<ordinal>[+-]?[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(?P<date>\d{8})(T\d{6}Z?)?$")


class RecurrenceInvalid(ValueError):
    """The rule is not one this service understands; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class WeekdayRule:
    weekday: int  # Monday is 0
    ordinal: int | None = None  # the 1st (1) or last (-1) such weekday of the month; None for every one


@dataclass(frozen=True)
class Recurrence:
    frequency: str
    interval: int = 1
    count: int | None = None
    until: date | None = None
    by_day: tuple[WeekdayRule, ...] = ()
    by_month_day: tuple[int, ...] = ()


def parse_rule(text: str) -> Recurrence:
    """Read an RRULE value ("FREQ=WEEKLY;BYDAY=TU"); raises RecurrenceInvalid naming what is wrong."""
    parts: dict[str, str] = {}
    body = text.strip().removeprefix("RRULE:")
    if not body:
        raise RecurrenceInvalid("Enter a schedule")
    for part in body.split(";"):
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if not value or name in parts:
            raise RecurrenceInvalid(f"Schedule part '{part}' is not understood")
        parts[name] = value.strip().upper()
    unknown = set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "WKST"}
    if unknown:
        raise RecurrenceInvalid(f"Schedules cannot use {', '.join(sorted(unknown))}")
    frequency = parts.get("FREQ", "")
    if frequency not in FREQUENCIES:
        raise RecurrenceInvalid("Schedule frequency must be DAILY, WEEKLY or MONTHLY")
    if parts.get("WKST", "MO") != "MO":
        raise RecurrenceInvalid("Weeks in a schedule start on Monday (WKST=MO)")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceInvalid("A schedule has COUNT or UNTIL, not both")
    by_day = tuple(_weekday_rule(item, frequency) for item in _items(parts.get("BYDAY")))
    by_month_day = tuple(_month_day(item) for item in _items(parts.get("BYMONTHDAY")))
    if by_month_day and frequency != "MONTHLY":
        raise RecurrenceInvalid("BYMONTHDAY is for monthly schedules")
    if by_day and frequency == "DAILY":
        raise RecurrenceInvalid("BYDAY is for weekly and monthly schedules")
    return Recurrence(
        frequency=frequency,
        interval=_positive(parts.get("INTERVAL", "1"), "INTERVAL"),
        count=_positive(parts["COUNT"], "COUNT") if "COUNT" in parts else None,
        until=_until(parts["UNTIL"]) if "UNTIL" in parts else None,
        by_day=by_day,
        by_month_day=by_month_day,
    )


def occurrence_dates(rule: Recurrence, first: date, *, through: date) -> list[date]:
    """The dates the rule gives from `first` (the group's first meeting) up to and including `through`."""
    dates: list[date] = []
    # `first` itself counts only if the rule gives it (as dateutil does); COUNT counts from there.
    for candidate in _candidates(rule, first):
        if candidate > through or (rule.until is not None and candidate > rule.until):
            break
        if candidate >= first:
            dates.append(candidate)
            if (rule.count is not None and len(dates) >= rule.count) or len(dates) >= MAX_OCCURRENCES:
                break
    return dates


def _candidates(rule: Recurrence, first: date) -> Iterator[date]:
    """The rule's dates in order from the period holding `first`, without end (the caller stops)."""
    period = 0
    while True:
        if rule.frequency == "DAILY":
            yield first + timedelta(days=period * rule.interval)
        elif rule.frequency == "WEEKLY":
            monday = first - timedelta(days=first.weekday()) + timedelta(weeks=period * rule.interval)
            weekdays = sorted({day.weekday for day in rule.by_day} or {first.weekday()})
            yield from (monday + timedelta(days=weekday) for weekday in weekdays)
        else:
            month_index = first.year * 12 + first.month - 1 + period * rule.interval
            yield from _month_dates(rule, month_index // 12, month_index % 12 + 1, first.day)
        period += 1


def _month_dates(rule: Recurrence, year: int, month: int, first_day: int) -> list[date]:
    days_in_month = calendar.monthrange(year, month)[1]
    days: set[int] = set()
    for month_day in rule.by_month_day:
        day = month_day if month_day > 0 else days_in_month + month_day + 1
        if 1 <= day <= days_in_month:
            days.add(day)
    for weekday_rule in rule.by_day:
        matching = [
            day for day in range(1, days_in_month + 1) if date(year, month, day).weekday() == weekday_rule.weekday
        ]
        if weekday_rule.ordinal is None:
            days.update(matching)
        elif abs(weekday_rule.ordinal) <= len(matching):
            index = weekday_rule.ordinal - 1 if weekday_rule.ordinal > 0 else weekday_rule.ordinal
            days.add(matching[index])
    if not rule.by_day and not rule.by_month_day and first_day <= days_in_month:
        # RFC 5545: a month without that day (the 31st in June) has no occurrence; it is not moved.
        days.add(first_day)
    return [date(year, month, day) for day in sorted(days)]


def _items(value: str | None) -> list[str]:
    return [item.strip() for item in value.split(",")] if value else []


def _weekday_rule(item: str, frequency: str) -> WeekdayRule:
    match = _BYDAY.match(item)
    if match is None:
        raise RecurrenceInvalid(f"'{item}' is not a day of the week such as MO or 1MO")
    ordinal = int(match["ordinal"]) if match["ordinal"] else None
    if ordinal is not None and frequency != "MONTHLY":
        raise RecurrenceInvalid("Only monthly schedules can name the first or last weekday (1MO, -1FR)")
    return WeekdayRule(weekday=WEEKDAYS.index(match["day"]), ordinal=ordinal)


def _month_day(item: str) -> int:
    try:
        day = int(item)
    except ValueError:
        raise RecurrenceInvalid(f"'{item}' is not a day of the month") from None
    if day == 0 or not -31 <= day <= 31:
        raise RecurrenceInvalid(f"'{item}' is not a day of the month")
    return day


def _positive(value: str, name: str) -> int:
    if not value.isdecimal() or int(value) < 1:
        raise RecurrenceInvalid(f"{name} must be a whole number of 1 or more")
    return int(value)


def _until(value: str) -> date:
    match = _UNTIL.match(value)
    if match is None:
        raise RecurrenceInvalid("UNTIL must be a date such as 20271231")
    text = match["date"]
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise RecurrenceInvalid("UNTIL must be a real date") from None
