"""What the people services recorded about a record: its audit events and timeline lines, for tests to compare."""

from typing import Any

from carershub.core.models import AuditEvent
from carershub.people.models import CaringRelationship, Consent, Involvement, Person, TimelineEntry


def audit_of(record: Person | CaringRelationship | Consent | Involvement) -> list[tuple[str, str, dict[str, Any]]]:
    """The kinds, events and details of the audit events about one record, oldest first."""
    events = AuditEvent.objects.filter(subject_type=record._meta.label_lower, subject_id=str(record.pk))
    return [(event.kind, event.event, event.detail) for event in events.order_by("occurred_at", "id")]


def timeline_of(person: Person) -> list[tuple[str, str]]:
    return [(entry.kind, entry.summary) for entry in TimelineEntry.objects.filter(person=person).order_by("id")]


def people_audit_count() -> int:
    return AuditEvent.objects.filter(subject_type__startswith="people.").count()
