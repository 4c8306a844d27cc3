"""Saying an iCalendar recurrence rule (RFC 5545) in plain English, and writing it as an RRULE. Pure: no Django."""

import re
from dataclasses import dataclass
from datetime import time

DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_BYDAY_ITEM = re.compile(r"(?P<nth>[+-]?[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)")


class InvalidRecurrence(ValueError):
    """The BYDAY or BYMONTHDAY value is not one RFC 5545 allows here."""


@dataclass(frozen=True)
class Recurrence:
    freq: str  # "WEEKLY" or "MONTHLY" (the two Open Referral UK allows)
    interval: int = 1
    byday: str = ""
    bymonthday: str = ""
    opens_at: time | None = None
    closes_at: time | None = None


def _days(byday: str) -> list[tuple[int | None, str]]:
    days: list[tuple[int | None, str]] = []
    for item in filter(None, (part.strip().upper() for part in byday.split(","))):
        match = _BYDAY_ITEM.fullmatch(item)
        if match is None:
            raise InvalidRecurrence(f"{item!r} is not a day of the week such as TU or 2TU.")
        nth = match.group("nth")
        days.append((int(nth) if nth else None, match.group("day")))
    return days


def check_recurrence(recurrence: Recurrence) -> None:
    """Raise InvalidRecurrence unless the rule is one we can publish and describe."""
    if recurrence.freq not in {"WEEKLY", "MONTHLY"}:
        raise InvalidRecurrence("Frequency must be WEEKLY or MONTHLY.")
    if recurrence.interval < 1:
        raise InvalidRecurrence("The interval must be 1 or more.")
    days = _days(recurrence.byday)
    if recurrence.freq == "WEEKLY" and any(nth is not None for nth, _ in days):
        raise InvalidRecurrence("A weekly rule names days without a number (TU, not 2TU).")
    for part in filter(None, recurrence.bymonthday.split(",")):
        if not part.strip().lstrip("-").isdigit() or not 1 <= abs(int(part)) <= 31:
            raise InvalidRecurrence(f"{part!r} is not a day of the month.")
    if recurrence.freq == "MONTHLY" and not days and not recurrence.bymonthday:
        raise InvalidRecurrence("A monthly rule names a day (2TU) or a day of the month.")


def _time(value: time) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(recurrence: Recurrence) -> str:
    """ "Every Tuesday, 10am to 12pm", "Second Tuesday of every month", "Every other Wednesday"."""
    check_recurrence(recurrence)
    days = _days(recurrence.byday)
    if recurrence.freq == "WEEKLY":
        names = _join([DAY_NAMES[day] for _, day in days]) if days else "week"
        every = {1: "Every", 2: "Every other"}.get(recurrence.interval, f"Every {recurrence.interval} weeks on")
        text = f"{every} {names}"
    else:
        if days:
            what = _join([f"{_ORDINALS.get(nth or 1, str(nth))} {DAY_NAMES[day]}" for nth, day in days])
        else:
            what = "day " + _join([part.strip() for part in recurrence.bymonthday.split(",") if part.strip()])
        month = "every month" if recurrence.interval == 1 else f"every {recurrence.interval} months"
        text = f"{what[0].upper()}{what[1:]} of {month}"
    if recurrence.opens_at and recurrence.closes_at:
        text += f", {_time(recurrence.opens_at)} to {_time(recurrence.closes_at)}"
    elif recurrence.opens_at:
        text += f", from {_time(recurrence.opens_at)}"
    return text


def rrule(recurrence: Recurrence) -> str:
    """The rule as an RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU"."""
    check_recurrence(recurrence)
    parts = [f"FREQ={recurrence.freq}", f"INTERVAL={recurrence.interval}"]
    if recurrence.byday:
        parts.append(f"BYDAY={recurrence.byday.upper().replace(' ', '')}")
    if recurrence.bymonthday:
        parts.append(f"BYMONTHDAY={recurrence.bymonthday.replace(' ', '')}")
    return ";".join(parts)
