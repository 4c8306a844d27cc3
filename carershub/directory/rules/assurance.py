"""When a directory entry is due to be checked again. Pure: no Django."""

from datetime import date


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month when that day does not exist)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_due_for_check(assured_on: date | None, *, today: date, months: int) -> bool:
    """An entry never checked, or last checked `months` or more ago, is due."""
    return assured_on is None or assured_on <= months_before(today, months)
