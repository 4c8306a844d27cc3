"""Caring relationships: who cares for whom, recorded and ended with an audit event and a line on both timelines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.people.models import CaringRelationship, Person, TimelineEntry
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.relationships import add_caring_relationship, end_caring_relationship
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaredForPersonFactory,
    CaringRelationshipFactory,
    PersonFactory,
)
from carershub.people.tests.recorded import audit_of, people_audit_count, timeline_of


@pytest.fixture
def person(home_area: Area) -> Person:
    return PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")


# Caring relationships


def test_add_caring_relationship_records_it_with_audit_and_timeline_on_both_people(
    person: Person, practitioner: User
) -> None:
    mother = CaredForPersonFactory.create(area=person.area, given_name="Farida", family_name="Khan")

    caring = add_caring_relationship(
        person,
        mother,
        relationship=CaringRelationship.Relationship.PARENT,
        added_by=practitioner,
        conditions=[CaringRelationship.Condition.DEMENTIA],
        hours_band=CaringRelationship.HoursBand.FROM_50,
    )

    stored = CaringRelationship.objects.get()
    assert (stored.carer, stored.cared_for, stored.area, stored.conditions) == (
        person,
        mother,
        person.area,
        ["dementia"],
    )
    assert audit_of(caring) == [
        (AuditEvent.Kind.RECORD_CREATED, "people.caring_started", {"carer": person.pk, "cared_for": mother.pk})
    ]
    assert timeline_of(person) == [("people.caring_started", "Caring for Farida Khan (parent)")]
    assert timeline_of(mother) == [("people.caring_started", "Cared for by Aisha Khan")]


def test_nobody_can_be_recorded_as_caring_for_themselves(person: Person, practitioner: User) -> None:
    with pytest.raises(PersonDetailsInvalid) as raised:
        add_caring_relationship(person, person, relationship=CaringRelationship.Relationship.OTHER, added_by=None)

    assert raised.value.errors == {"cared_for": "Select someone other than the carer"}
    assert not CaringRelationship.objects.exists()


def test_a_caring_relationship_across_areas_is_refused(
    person: Person, neighbour_area: Area, practitioner: User
) -> None:
    elsewhere = CaredForPersonFactory.create(area=neighbour_area)

    with pytest.raises(PersonDetailsInvalid) as raised:
        add_caring_relationship(
            person, elsewhere, relationship=CaringRelationship.Relationship.PARENT, added_by=practitioner
        )

    assert raised.value.errors == {"cared_for": "Select someone in the same area as the carer"}
    assert not CaringRelationship.objects.exists()
    assert people_audit_count() == 0
    assert not TimelineEntry.objects.exists()


def test_add_caring_relationship_refuses_a_second_current_relationship_and_bad_choices(
    person: Person, practitioner: User
) -> None:
    mother = CaredForPersonFactory.create(area=person.area)
    add_caring_relationship(person, mother, relationship=CaringRelationship.Relationship.PARENT, added_by=None)

    with pytest.raises(PersonDetailsInvalid) as raised:
        add_caring_relationship(
            person,
            mother,
            relationship="aunt",
            added_by=practitioner,
            conditions=["tiredness"],
            caring_since=timezone.localdate() + timedelta(days=1),
        )

    assert raised.value.errors == {
        "cared_for": "They are already recorded as caring for this person",
        "relationship": "Select what the cared-for person is to the carer",
        "conditions": "Select the conditions from the list",
        "caring_since": "The date they started caring must be today or in the past",
    }
    assert CaringRelationship.objects.count() == 1


def test_end_caring_relationship_records_the_day_with_audit_and_timeline_and_only_once(practitioner: User) -> None:
    caring = CaringRelationshipFactory.create(
        carer__given_name="Aisha",
        carer__family_name="Khan",
        cared_for__given_name="Farida",
        cared_for__family_name="Khan",
    )
    carer = caring.carer
    yesterday = timezone.localdate() - timedelta(days=1)

    end_caring_relationship(caring, ended_by=practitioner, ended_on=yesterday)
    end_caring_relationship(caring, ended_by=practitioner, ended_on=timezone.localdate())

    assert CaringRelationship.objects.get(pk=caring.pk).ended_on == yesterday
    assert audit_of(caring) == [(AuditEvent.Kind.RECORD_CHANGED, "people.caring_ended", {"fields": ["ended_on"]})]
    assert timeline_of(carer) == [("people.caring_ended", "Stopped caring for Farida Khan")]
    assert timeline_of(caring.cared_for) == [("people.caring_ended", "No longer cared for by Aisha Khan")]


def test_end_caring_relationship_refuses_a_day_in_the_future(practitioner: User) -> None:
    caring = CaringRelationship.objects.get(carer=AdultCarerFactory.create())

    with pytest.raises(PersonDetailsInvalid) as raised:
        end_caring_relationship(caring, ended_by=practitioner, ended_on=timezone.localdate() + timedelta(days=1))

    assert raised.value.errors == {"ended_on": "The date they stopped caring must be today or in the past"}
    assert CaringRelationship.objects.get(pk=caring.pk).ended_on is None
    assert audit_of(caring) == []
