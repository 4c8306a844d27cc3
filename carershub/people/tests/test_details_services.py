"""Registering people and changing their details: validation before anything is saved, and an audit event (and,
where a practitioner would look for it, a timeline entry) with every change."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import EthnicCategory, Person, TimelineEntry
from carershub.people.rules import add_years
from carershub.people.services.details import (
    PersonDetailsInvalid,
    register_person,
    register_person_by_nhs_number,
    update_person,
)
from carershub.people.tests.factories import PersonFactory
from carershub.people.tests.recorded import audit_of, people_audit_count


@pytest.fixture
def person(home_area: Area) -> Person:
    return PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")


# Registering


def test_register_person_saves_tidied_details_with_an_audit_event_and_a_timeline_entry(
    home_area: Area, practitioner: User, carers_centre: Organisation
) -> None:
    person = register_person(
        area=home_area,
        given_name="  Aisha ",
        family_name="Khan",
        registered_by=practitioner,
        date_of_birth=date(1980, 5, 17),
        nhs_number="999 000 0018",
        postcode="mv12ab",
        phone="+44 7700 900 123",
        employment_status=Person.EmploymentStatus.EMPLOYED_PART_TIME,
    )

    stored = Person.objects.get()
    assert (stored.given_name, stored.family_name, stored.date_of_birth) == ("Aisha", "Khan", date(1980, 5, 17))
    assert (stored.nhs_number, stored.postcode, stored.phone) == ("9990000018", "MV1 2AB", "07700900123")
    assert (stored.area, stored.created_by, stored.updated_by) == (home_area, practitioner, practitioner)
    event = AuditEvent.objects.get(subject_type="people.person")
    assert (event.kind, event.subject_id, event.actor, event.area, event.organisation) == (
        AuditEvent.Kind.RECORD_CREATED,
        str(person.pk),
        practitioner,
        home_area,
        carers_centre,
    )
    entry = TimelineEntry.objects.get()
    assert (entry.person, entry.kind, entry.summary, entry.actor, entry.organisation, entry.area) == (
        person,
        "people.registered",
        "Registered with the service",
        practitioner,
        carers_centre,
        home_area,
    )


def test_register_person_without_a_member_of_staff_records_no_actor(home_area: Area) -> None:
    person = register_person(area=home_area, given_name="Aisha", family_name="Khan", registered_by=None)
    assert audit_of(person) == [(AuditEvent.Kind.RECORD_CREATED, "people.registered", {})]
    assert TimelineEntry.objects.get().organisation is None


def test_a_date_of_birth_known_only_to_the_month_is_stored_as_the_1st(home_area: Area) -> None:
    person = register_person(
        area=home_area,
        given_name="Aisha",
        family_name="Khan",
        registered_by=None,
        date_of_birth=date(2012, 3, 19),
        date_of_birth_precision=Person.DateOfBirthPrecision.MONTH,
    )
    assert Person.objects.get(pk=person.pk).date_of_birth == date(2012, 3, 1)


def _too_old() -> date:
    return add_years(timezone.localdate(), -120) - timedelta(days=1)


def _earliest_message() -> str:
    earliest = add_years(timezone.localdate(), -120)
    return f"Date of birth must be on or after {earliest.day} {earliest:%B %Y}"


@pytest.mark.parametrize(
    ("details", "errors"),
    [
        pytest.param({"given_name": "  "}, {"given_name": "Enter their given name"}, id="blank_given_name"),
        pytest.param({"family_name": ""}, {"family_name": "Enter their family name"}, id="blank_family_name"),
        pytest.param(
            {"given_name": "A" * 101},
            {"given_name": "Given name must be 100 characters or fewer"},
            id="given_name_too_long",
        ),
        pytest.param(
            {"date_of_birth": timezone.localdate() + timedelta(days=1)},
            {"date_of_birth": "Date of birth must be today or in the past"},
            id="date_of_birth_in_the_future",
        ),
        pytest.param(
            {"date_of_birth": _too_old()}, {"date_of_birth": _earliest_message()}, id="date_of_birth_over_120_years_ago"
        ),
        pytest.param(
            {"date_of_birth_precision": "year"},
            {"date_of_birth_precision": "Select how much of the date of birth is known"},
            id="unknown_date_of_birth_precision",
        ),
        pytest.param(
            {"nhs_number": "999 000 001"}, {"nhs_number": "NHS number must be 10 digits"}, id="nhs_number_nine_digits"
        ),
        pytest.param(
            {"nhs_number": "999000001X"}, {"nhs_number": "NHS number must be 10 digits"}, id="nhs_number_with_a_letter"
        ),
        pytest.param(
            {"nhs_number": "999 000 0019"}, {"nhs_number": "Enter a valid NHS number"}, id="nhs_number_check_digit"
        ),
        pytest.param({"postcode": "MV1"}, {"postcode": "Enter a real postcode"}, id="postcode_not_a_postcode"),
        pytest.param(
            {"phone": "ring the school"},
            {"phone": "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"},
            id="phone_not_a_number",
        ),
        pytest.param(
            {"email": "aisha.example.com"},
            {"email": "Enter an email address in the correct format, like name@example.com"},
            id="email_without_an_at",
        ),
        pytest.param({"sex": "unknown"}, {"sex": "Select their sex"}, id="sex_not_a_choice"),
        pytest.param(
            {"employment_status": "student"},
            {"employment_status": "Select their employment status"},
            id="employment_status_not_a_choice",
        ),
        pytest.param(
            {"given_name": "", "postcode": "nowhere", "nhs_number": "1"},
            {
                "given_name": "Enter their given name",
                "postcode": "Enter a real postcode",
                "nhs_number": "NHS number must be 10 digits",
            },
            id="every_error_at_once",
        ),
    ],
)
def test_register_person_refuses_invalid_details_and_saves_nothing(
    home_area: Area, practitioner: User, details: dict[str, Any], errors: dict[str, str]
) -> None:
    arguments: dict[str, Any] = {"given_name": "Aisha", "family_name": "Khan", **details}

    with pytest.raises(PersonDetailsInvalid) as raised:
        register_person(area=home_area, registered_by=practitioner, **arguments)

    assert raised.value.errors == errors
    assert Person.objects.count() == 0
    assert people_audit_count() == 0
    assert TimelineEntry.objects.count() == 0


def test_register_person_accepts_a_date_of_birth_exactly_120_years_ago(home_area: Area) -> None:
    oldest = add_years(timezone.localdate(), -120)
    person = register_person(
        area=home_area, given_name="Aisha", family_name="Khan", registered_by=None, date_of_birth=oldest
    )
    assert person.date_of_birth == oldest


def test_register_person_refuses_a_disabled_ethnic_category(home_area: Area) -> None:
    category = EthnicCategory.objects.get(code="A")
    category.disabled_on = timezone.localdate()
    category.save(update_fields=["disabled_on"])

    with pytest.raises(PersonDetailsInvalid) as raised:
        register_person(
            area=home_area, given_name="Aisha", family_name="Khan", registered_by=None, ethnic_category=category
        )

    assert raised.value.errors == {"ethnic_category": "Select an ethnic category from the list"}
    assert Person.objects.count() == 0


@pytest.mark.parametrize("detail", ["merged_into", "area_id", "nickname"])
def test_register_person_refuses_unknown_details(home_area: Area, detail: str) -> None:
    unknown: dict[str, Any] = {detail: 1}
    with pytest.raises(TypeError, match=detail):
        register_person(area=home_area, given_name="Aisha", family_name="Khan", registered_by=None, **unknown)
    assert Person.objects.count() == 0


# Changing details


def test_update_person_saves_the_changes_and_audits_each_changed_value_before_and_after(
    person: Person, practitioner: User
) -> None:
    old_postcode = person.postcode
    update_person(person, changed_by=practitioner, postcode="mv9 9zz", preferred_name="Ash", family_name="Khan")

    stored = Person.objects.get(pk=person.pk)
    assert (stored.postcode, stored.preferred_name, stored.updated_by) == ("MV9 9ZZ", "Ash", practitioner)
    assert audit_of(person) == [
        (
            AuditEvent.Kind.RECORD_CHANGED,
            "people.details_changed",
            {
                "fields": ["postcode", "preferred_name"],
                "before": {"postcode": old_postcode, "preferred_name": ""},
                "after": {"postcode": "MV9 9ZZ", "preferred_name": "Ash"},
            },
        )
    ]
    assert not TimelineEntry.objects.exists()


def test_update_person_that_changes_nothing_records_nothing(person: Person, practitioner: User) -> None:
    update_person(person, changed_by=practitioner, given_name="Aisha", postcode=person.postcode.lower())
    assert audit_of(person) == []


def test_update_person_to_month_precision_keeps_only_the_month(person: Person, practitioner: User) -> None:
    update_person(person, changed_by=practitioner, date_of_birth=date(1984, 7, 23))
    update_person(person, changed_by=practitioner, date_of_birth_precision=Person.DateOfBirthPrecision.MONTH)
    assert Person.objects.get(pk=person.pk).date_of_birth == date(1984, 7, 1)


def test_update_person_refuses_invalid_details_and_changes_nothing(person: Person, practitioner: User) -> None:
    with pytest.raises(PersonDetailsInvalid) as raised:
        update_person(person, changed_by=practitioner, family_name=" ", postcode="MV2 1AA")

    assert raised.value.errors == {"family_name": "Enter their family name"}
    stored = Person.objects.get(pk=person.pk)
    assert (stored.family_name, stored.postcode) == ("Khan", person.postcode)
    assert audit_of(person) == []


def test_update_person_cannot_move_someone_to_another_area(
    person: Person, practitioner: User, neighbour_area: Area
) -> None:
    with pytest.raises(TypeError, match="area"):
        update_person(person, changed_by=practitioner, area=neighbour_area)
    assert Person.objects.get(pk=person.pk).area_id == person.area_id


def test_register_person_by_nhs_number_keeps_only_the_number_and_flags_the_details_to_confirm(
    home_area: Area,
) -> None:
    person = register_person_by_nhs_number(area=home_area, nhs_number="999 000 0034", registered_by=None)

    assert (person.nhs_number, person.given_name, person.family_name, person.date_of_birth) == (
        "9990000034",
        "",
        "",
        None,
    )
    assert (person.needs_details_confirmed, person.full_name) == (True, "Name not known")


def test_register_person_by_nhs_number_refuses_a_wrong_check_digit_and_saves_nothing(home_area: Area) -> None:
    with pytest.raises(PersonDetailsInvalid) as refused:
        register_person_by_nhs_number(area=home_area, nhs_number="9990000035", registered_by=None)

    assert refused.value.errors == {"nhs_number": "Enter a valid NHS number"}
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_update_person_with_a_name_confirms_someone_known_only_by_nhs_number(
    home_area: Area, practitioner: User
) -> None:
    person = register_person_by_nhs_number(area=home_area, nhs_number="9990000034", registered_by=None)

    update_person(person, changed_by=practitioner, given_name="Maria", family_name="Okafor")

    person.refresh_from_db()
    assert (person.full_name, person.needs_details_confirmed) == ("Maria Okafor", False)
    changed = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED, actor=practitioner).get()
    assert changed.detail == {
        "fields": ["family_name", "given_name", "needs_details_confirmed"],
        "before": {"family_name": "", "given_name": ""},
        "after": {"family_name": "Okafor", "given_name": "Maria"},
    }
