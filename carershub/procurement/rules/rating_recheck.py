"""When a member's regulator rating (Ofsted or CQC) is due to be checked again against the regulator's register.

Admission rests on quality (PCR 2015 reg 34; Procurement Act 2023 s.36), so a rating checked long ago is no longer
evidence of it. A rating last checked `months` or more months ago, or never checked, is due."""

from calendar import monthrange
from datetime import date


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier; the month's last day when that month is shorter (31 March -> 28 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def is_recheck_due(checked_on: date | None, *, today: date, months: int) -> bool:
    return checked_on is None or checked_on <= months_before(today, months)
