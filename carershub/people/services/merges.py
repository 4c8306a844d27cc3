"""Merging duplicate records: hiding a duplicate behind the record it duplicates, and undoing that. Nothing moves
and nothing is deleted, so a merge can always be undone."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.people.events import PersonEvent
from carershub.people.models import Involvement, Person
from carershub.people.services.details import PersonDetailsInvalid


def _lock_pair(first: Person, second: Person) -> tuple[Person, Person]:
    # Lock in primary key order, so two merges touching the same records cannot deadlock.
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    }
    return locked[first.pk], locked[second.pk]


@transaction.atomic
def merge_people(duplicate: Person, *, into: Person, merged_by: User) -> Person:
    """Hide a duplicate record behind the record it duplicates. Nothing moves and nothing is deleted, so it can be
    undone; the surviving record's timeline shows the duplicate's entries."""
    if duplicate.pk == into.pk:
        raise PersonDetailsInvalid({"into": "Select a different record to merge into"})
    duplicate, into = _lock_pair(duplicate, into)
    if duplicate.area_id != into.area_id:
        raise PersonDetailsInvalid({"into": "Select a record in the same area"})
    if duplicate.is_merged():
        raise PersonDetailsInvalid({"into": "This record has already been merged into another"})
    if into.is_merged():
        raise PersonDetailsInvalid({"into": "Select a record that has not been merged into another"})
    if Person.objects.filter(merged_into=duplicate).exists():
        # Chains would hide entries: the surviving record shows only records merged directly into it.
        raise PersonDetailsInvalid({"into": "Other records were merged into this one; unmerge them first"})
    duplicate.merged_into = into
    duplicate.merged_at = timezone.now()
    duplicate.updated_by = merged_by
    duplicate.save(update_fields=["merged_into", "merged_at", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=merged_by,
        subject=duplicate,
        area=duplicate.area,
        detail={"fields": ["merged_into", "merged_at"], "merged_into": into.pk},
        event=PersonEvent.MERGED,
        timeline=OnTimeline(duplicate, f"Merged into another record of {into}"),
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=merged_by,
        subject=into,
        area=into.area,
        detail={"merged": duplicate.pk},
        event=PersonEvent.MERGED,
        timeline=OnTimeline(into, f"A duplicate record of {duplicate} was merged into this one"),
    )
    _carry_over_involvements(duplicate, into=into, at=duplicate.merged_at)
    return duplicate


def _carry_over_involvements(duplicate: Person, *, into: Person, at: datetime | None) -> None:
    """Organisations working with the duplicate now work with the surviving record (until an unmerge)."""
    already = set(
        Involvement.objects.filter(person=into, ended_at__isnull=True).values_list("organisation_id", "reason")
    )
    Involvement.objects.bulk_create(
        Involvement(
            area_id=into.area_id,
            person=into,
            organisation_id=involvement.organisation_id,
            reason=involvement.reason,
            started_at=at or timezone.now(),
            carried_over_from=duplicate,
        )
        for involvement in Involvement.objects.filter(person=duplicate, ended_at__isnull=True)
        if (involvement.organisation_id, involvement.reason) not in already
    )


@transaction.atomic
def unmerge_person(duplicate: Person, *, unmerged_by: User, reason: str) -> Person:
    """Undo a merge, saying why: the record is visible again on its own, with its own timeline."""
    if not reason.strip():
        raise PersonDetailsInvalid({"reason": "Enter why these records are not the same person"})
    duplicate = Person.objects.select_for_update(of=("self",)).select_related("merged_into").get(pk=duplicate.pk)
    into = duplicate.merged_into
    if into is None:
        raise PersonDetailsInvalid({"merged_into": "This record is not merged into another"})
    duplicate.merged_into = None
    duplicate.merged_at = None
    duplicate.updated_by = unmerged_by
    duplicate.save(update_fields=["merged_into", "merged_at", "updated_by", "updated_at"])
    Involvement.objects.filter(person=into, carried_over_from=duplicate, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    # Why the records are not the same person is kept with the event (it is not why anyone's data was read).
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=unmerged_by,
        subject=duplicate,
        area=duplicate.area,
        detail={"fields": ["merged_into", "merged_at"], "unmerged_from": into.pk, "reason": reason.strip()},
        event=PersonEvent.UNMERGED,
        timeline=OnTimeline(duplicate, f"Separated from the record of {into}"),
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=unmerged_by,
        subject=into,
        area=into.area,
        detail={"unmerged": duplicate.pk, "reason": reason.strip()},
        event=PersonEvent.UNMERGED,
        timeline=OnTimeline(into, f"The record of {duplicate} was separated from this one"),
    )
    return duplicate
