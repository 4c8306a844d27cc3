"""Merging duplicate records and undoing it: nothing moves or is deleted, and both records say what happened."""

import pytest

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.people.models import Consent, Person
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.merges import merge_people, unmerge_person
from carershub.people.tests.factories import ConsentFactory, PersonFactory
from carershub.people.tests.recorded import audit_of, timeline_of


@pytest.fixture
def person(home_area: Area) -> Person:
    return PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")


# Merging duplicates


def test_merge_people_hides_the_duplicate_and_unmerge_puts_everything_back(home_area: Area, practitioner: User) -> None:
    original = PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")
    duplicate = PersonFactory.create(area=home_area, given_name="Aysha", family_name="Khan")
    ConsentFactory.create(person=duplicate)
    rows_before = (Person.objects.count(), Consent.objects.count())

    merge_people(duplicate, into=original, merged_by=practitioner)

    merged = Person.objects.get(pk=duplicate.pk)
    assert merged.merged_into == original
    assert merged.merged_at is not None
    assert (Person.objects.count(), Consent.objects.count()) == rows_before
    assert audit_of(duplicate) == [
        (
            AuditEvent.Kind.RECORD_CHANGED,
            "people.merged",
            {"fields": ["merged_into", "merged_at"], "merged_into": original.pk},
        )
    ]
    assert audit_of(original) == [(AuditEvent.Kind.RECORD_CHANGED, "people.merged", {"merged": duplicate.pk})]
    assert timeline_of(duplicate) == [("people.merged", "Merged into another record of Aisha Khan")]
    assert timeline_of(original) == [("people.merged", "A duplicate record of Aysha Khan was merged into this one")]

    unmerge_person(duplicate, unmerged_by=practitioner, reason="Twins, not one person")

    separated = Person.objects.get(pk=duplicate.pk)
    assert (separated.merged_into, separated.merged_at) == (None, None)
    assert (Person.objects.count(), Consent.objects.count()) == rows_before
    assert audit_of(duplicate)[1:] == [
        (
            AuditEvent.Kind.RECORD_CHANGED,
            "people.unmerged",
            {"fields": ["merged_into", "merged_at"], "unmerged_from": original.pk, "reason": "Twins, not one person"},
        )
    ]
    assert audit_of(original)[1:] == [
        (
            AuditEvent.Kind.RECORD_CHANGED,
            "people.unmerged",
            {"unmerged": duplicate.pk, "reason": "Twins, not one person"},
        )
    ]
    assert timeline_of(duplicate)[1:] == [("people.unmerged", "Separated from the record of Aisha Khan")]
    assert timeline_of(original)[1:] == [("people.unmerged", "The record of Aysha Khan was separated from this one")]


def _merge_refusal(duplicate: Person, into: Person, practitioner: User) -> dict[str, str]:
    with pytest.raises(PersonDetailsInvalid) as raised:
        merge_people(duplicate, into=into, merged_by=practitioner)
    return raised.value.errors


def test_merge_people_refuses_itself_another_area_and_records_already_merged(
    home_area: Area, neighbour_area: Area, practitioner: User
) -> None:
    original = PersonFactory.create(area=home_area)
    duplicate = PersonFactory.create(area=home_area)
    elsewhere = PersonFactory.create(area=neighbour_area)
    third = PersonFactory.create(area=home_area)

    assert _merge_refusal(original, original, practitioner) == {"into": "Select a different record to merge into"}
    assert _merge_refusal(elsewhere, original, practitioner) == {"into": "Select a record in the same area"}
    merge_people(duplicate, into=original, merged_by=practitioner)
    assert _merge_refusal(duplicate, third, practitioner) == {
        "into": "This record has already been merged into another"
    }
    assert _merge_refusal(third, duplicate, practitioner) == {
        "into": "Select a record that has not been merged into another"
    }
    assert _merge_refusal(original, third, practitioner) == {
        "into": "Other records were merged into this one; unmerge them first"
    }
    assert list(Person.objects.filter(merged_into__isnull=False)) == [duplicate]
    assert AuditEvent.objects.filter(subject_type="people.person").count() == 2  # the one merge


def test_unmerge_person_refuses_a_record_that_is_not_merged(person: Person, practitioner: User) -> None:
    with pytest.raises(PersonDetailsInvalid) as raised:
        unmerge_person(person, unmerged_by=practitioner, reason="Twins")
    assert raised.value.errors == {"merged_into": "This record is not merged into another"}
    assert audit_of(person) == []
