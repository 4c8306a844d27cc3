"""Caring relationships: recording that one person cares for another, ending it, and correcting what a carer's
record says about someone they care for."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.people.events import PersonEvent
from carershub.people.models import CaringRelationship, Person
from carershub.people.services.details import PersonDetailsInvalid, refuse_unknown, update_person

RELATIONSHIP_DETAILS = frozenset(
    {
        "has_parental_responsibility",
        "is_kinship_care",
        "care_tasks",
        "conditions",
        "hours_band",
        "lives_together",
        "caring_since",
    }
)


def check_caring_relationship(
    carer: Person, cared_for: Person, *, relationship: str, today: date | None = None, **details: Any
) -> None:
    """Raise PersonDetailsInvalid, with a message per field, if this caring relationship may not be recorded."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if carer.pk == cared_for.pk:
        errors["cared_for"] = "Select someone other than the carer"
    elif carer.area_id != cared_for.area_id:
        # Rows that refer to each other share an area (core.models.AreaScopedModel).
        errors["cared_for"] = "Select someone in the same area as the carer"
    elif carer.is_merged() or cared_for.is_merged():
        errors["cared_for"] = "Select a record that has not been merged into another"
    elif CaringRelationship.objects.filter(carer=carer, cared_for=cared_for, ended_on__isnull=True).exists():
        errors["cared_for"] = "They are already recorded as caring for this person"
    if relationship not in CaringRelationship.Relationship.values:
        errors["relationship"] = "Select what the cared-for person is to the carer"
    if not set(details.get("care_tasks", [])) <= set(CaringRelationship.CareTask.values):
        errors["care_tasks"] = "Select the care they give from the list"
    if not set(details.get("conditions", [])) <= set(CaringRelationship.Condition.values):
        errors["conditions"] = "Select the conditions from the list"
    if details.get("hours_band", "") not in {"", *CaringRelationship.HoursBand.values}:
        errors["hours_band"] = "Select how many hours a week they care"
    caring_since = details.get("caring_since")
    if caring_since is not None and caring_since > today:
        errors["caring_since"] = "The date they started caring must be today or in the past"
    if errors:
        raise PersonDetailsInvalid(errors)


@transaction.atomic
def add_caring_relationship(
    carer: Person, cared_for: Person, *, relationship: str, added_by: User | None, **details: Any
) -> CaringRelationship:
    """Record that one person cares for another in the same area. Nobody cares for themselves."""
    refuse_unknown(details, RELATIONSHIP_DETAILS, "caring relationship details")
    check_caring_relationship(carer, cared_for, relationship=relationship, **details)
    caring = CaringRelationship.objects.create(
        area=carer.area,
        carer=carer,
        cared_for=cared_for,
        relationship=relationship,
        created_by=added_by,
        updated_by=added_by,
        **details,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=added_by,
        subject=caring,
        area=carer.area,
        detail={"carer": carer.pk, "cared_for": cared_for.pk},
        event=PersonEvent.CARING_STARTED,
        # One audit row, a line on each person's timeline.
        timeline=(
            OnTimeline(carer, f"Caring for {cared_for} ({caring.get_relationship_display().lower()})"),
            OnTimeline(cared_for, f"Cared for by {carer}"),
        ),
    )
    return caring


@transaction.atomic
def end_caring_relationship(relationship: CaringRelationship, *, ended_by: User, ended_on: date) -> CaringRelationship:
    """Record the day someone stopped caring for another. Ending an ended relationship changes nothing."""
    relationship = (
        CaringRelationship.objects.select_for_update(of=("self",))
        .select_related("carer", "cared_for")
        .get(pk=relationship.pk)
    )
    if relationship.ended_on is not None:
        return relationship
    if ended_on > timezone.localdate():
        raise PersonDetailsInvalid({"ended_on": "The date they stopped caring must be today or in the past"})
    if relationship.caring_since is not None and ended_on < relationship.caring_since:
        raise PersonDetailsInvalid({"ended_on": "The date they stopped caring must be after they started caring"})
    relationship.ended_on = ended_on
    relationship.updated_by = ended_by
    relationship.save(update_fields=["ended_on", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=ended_by,
        subject=relationship,
        area=relationship.area,
        detail={"fields": ["ended_on"]},
        event=PersonEvent.CARING_ENDED,
        timeline=(
            OnTimeline(relationship.carer, f"Stopped caring for {relationship.cared_for}"),
            OnTimeline(relationship.cared_for, f"No longer cared for by {relationship.carer}"),
        ),
    )
    return relationship


@transaction.atomic
def update_cared_for_details(
    relationship: CaringRelationship,
    *,
    changed_by: User,
    expected_version: int,
    date_of_birth: date | None,
    disability: str,
    conditions: list[str],
) -> Person:
    """Correct what the carer's record says about someone they care for: their date of birth and disability (on
    their own record, with the stale-edit check) and their conditions (on the caring relationship). Together they
    decide which assessment the law points to, so the suggestion changes with them."""
    if not set(conditions) <= set(CaringRelationship.Condition.values):
        raise PersonDetailsInvalid({"conditions": "Select the conditions from the list"})
    dates: dict[str, Any] = {"date_of_birth": date_of_birth}
    if date_of_birth is not None:
        dates["date_of_birth_precision"] = Person.DateOfBirthPrecision.DAY  # a whole date was entered
    cared_for = update_person(
        relationship.cared_for, changed_by=changed_by, expected_version=expected_version, disability=disability, **dates
    )
    relationship = CaringRelationship.objects.select_for_update().get(pk=relationship.pk)
    if sorted(relationship.conditions) != sorted(conditions):
        before = relationship.conditions
        relationship.conditions = list(conditions)
        relationship.updated_by = changed_by
        relationship.save(update_fields=["conditions", "updated_by", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=changed_by,
            subject=relationship,
            area=relationship.area,
            detail={"fields": ["conditions"], "before": {"conditions": before}, "after": {"conditions": conditions}},
            event=PersonEvent.CARING_DETAILS_CHANGED,
        )
    return cared_for
