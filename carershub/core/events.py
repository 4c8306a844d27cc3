"""One vocabulary of events, and one function that records them.

Each app declares what can happen in it as `EventChoices` (e.g. `referrals.events.ReferralEvent`) and registers
them in its AppConfig.ready(). `record_event` (core.audit) writes the audit row with the event's code and, where
the event belongs on a person's timeline, the timeline entry, in the caller's transaction. The audit `kind` says
what sort of access it was (viewed, created, changed); the event says what happened; `purpose` says why person
data was accessed. The statutory returns count events by their code, so a code is never renamed: a label may be.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.organisations.models import Organisation

# The column width of AuditEvent.event and people.TimelineEntry.kind.
EVENT_CODE_LENGTH = 80


class EventChoices(models.TextChoices):
    """An app's events. Values are `<app label>.<what happened>`, e.g. "referrals.accepted"."""


_REGISTERED: dict[str, type[EventChoices]] = {}


def register_events(choices: type[EventChoices]) -> None:
    """Make an app's events known (labels in the admin and reports, and the check that codes are unique)."""
    for code in choices.values:
        if len(code) > EVENT_CODE_LENGTH or "." not in code:
            raise ValueError(f"Event code {code!r} must be '<app>.<event>' and at most {EVENT_CODE_LENGTH} letters.")
        owner = _REGISTERED.get(code)
        if owner is not None and owner is not choices:
            raise ValueError(f"Event code {code!r} is declared by both {owner.__name__} and {choices.__name__}.")
        _REGISTERED[code] = choices


def event_label(code: str) -> str:
    """The words for an event code; a code no app declares any more is shown as it was stored."""
    choices = _REGISTERED.get(code)
    return str(choices(code).label) if choices is not None else code


@dataclass(frozen=True)
class OnTimeline:
    """The line an event adds to a person's timeline: what a practitioner reads, in words.

    `organisation` names whose work the line records where that is not the audit row's (a referral's line names the
    provider it was routed to; its audit row names the referrer's organisation)."""

    person: models.Model
    summary: str
    link: str = ""
    at: datetime | None = None
    organisation: "Organisation | None" = None


# people registers the function that writes timeline entries (core sits below people and cannot import it).
TimelineWriter = Callable[[str, OnTimeline, "User | None", "Organisation | None"], Any]
_timeline_writer: TimelineWriter | None = None


def register_timeline_writer(writer: TimelineWriter) -> None:
    global _timeline_writer  # set once, from PeopleConfig.ready()
    _timeline_writer = writer


def write_timeline(code: str, line: OnTimeline, actor: "User | None", organisation: "Organisation | None") -> None:
    if _timeline_writer is None:
        raise RuntimeError("No timeline writer is registered: is carershub.people in INSTALLED_APPS?")
    _timeline_writer(code, line, actor, line.organisation or organisation)
