"""The lines of a person's story. `record_event(..., timeline=OnTimeline(...))` (core.audit) writes the line with
its audit event through `write_timeline_entry`; `add_timeline_entry` is for a line with no audit event of its own
(a note, a flag) or a second line of one event."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.events import OnTimeline
from carershub.organisations.models import Organisation
from carershub.people.models import Person, TimelineEntry

TIMELINE_SUMMARY_LENGTH = 300


@transaction.atomic
def add_timeline_entry(
    person: Person,
    *,
    kind: str,
    summary: str,
    actor: User | None = None,
    organisation: Organisation | None = None,
    link: str = "",
    at: datetime | None = None,
) -> TimelineEntry:
    """Add one line to a person's story. The audit event is the caller's: this is the practitioner's view of it."""
    if not kind or not summary.strip():
        raise ValueError("A timeline entry needs a kind and a summary.")
    summary = summary.strip()
    if len(summary) > TIMELINE_SUMMARY_LENGTH:
        # Long names can push a generated summary past the column; shortening it is better than losing it.
        summary = summary[: TIMELINE_SUMMARY_LENGTH - 1] + "…"
    return TimelineEntry.objects.create(
        area=person.area,
        person=person,
        occurred_at=at or timezone.now(),
        kind=kind,
        summary=summary,
        actor=actor,
        organisation=organisation or (actor.organisation if actor is not None else None),
        link=link,
        created_by=actor,
        updated_by=actor,
    )


def write_timeline_entry(
    code: str, line: OnTimeline, actor: User | None, organisation: Organisation | None
) -> TimelineEntry:
    """core.events' timeline writer: `record_event(..., timeline=OnTimeline(...))` adds the line through here."""
    if not isinstance(line.person, Person):
        raise TypeError("A timeline entry belongs to a person.")
    return add_timeline_entry(
        line.person, kind=code, summary=line.summary, actor=actor, organisation=organisation, link=line.link, at=line.at
    )
