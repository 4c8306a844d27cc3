"""Registering people and changing what is known about them: validation before anything is saved, and an audit
event (and, where a practitioner would look for it, a timeline entry) with every change."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Consent, EthnicCategory, Involvement, Person, TimelineEntry
from carershub.people.rules import add_years
from carershub.people.services.consent import record_consent, withdraw_consent
from carershub.people.services.details import (
    PersonDetailsInvalid,
    register_person,
    register_person_by_nhs_number,
    update_person,
)
from carershub.people.services.involvement import end_involvement, open_involvement
from carershub.people.services.merges import merge_people, unmerge_person
from carershub.people.services.relationships import add_caring_relationship, end_caring_relationship
from carershub.people.services.timeline import add_timeline_entry
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaredForPersonFactory,
    CaringRelationshipFactory,
    ConsentFactory,
    PersonFactory,
    born_years_ago,
)


def audit_of(record: Person | CaringRelationship | Consent | Involvement) -> list[tuple[str, str, dict[str, Any]]]:
    """The kinds, events and details of the audit events about one record, oldest first."""
    events = AuditEvent.objects.filter(subject_type=record._meta.label_lower, subject_id=str(record.pk))
    return [(event.kind, event.event, event.detail) for event in events.order_by("occurred_at", "id")]


def timeline_of(person: Person) -> list[tuple[str, str]]:
    return [(entry.kind, entry.summary) for entry in TimelineEntry.objects.filter(person=person).order_by("id")]


def people_audit_count() -> int:
    return AuditEvent.objects.filter(subject_type__startswith="people.").count()


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


# Consent


def test_record_consent_with_audit_and_a_timeline_entry(
    person: Person, practitioner: User, young_carers_service: Organisation
) -> None:
    consent = record_consent(
        person,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.SELF,
        recorded_by=practitioner,
        organisation=young_carers_service,
    )

    stored = Consent.objects.get()
    assert (stored.person, stored.area, stored.organisation, stored.recorded_by) == (
        person,
        person.area,
        young_carers_service,
        practitioner,
    )
    assert audit_of(consent) == [
        (
            AuditEvent.Kind.RECORD_CREATED,
            "people.consent_given",
            {"scope": "share", "given_by": "self", "how_given": ""},
        )
    ]
    assert timeline_of(person) == [
        (
            "people.consent_given",
            "Consent given to share their information with Home Young Carers (the person themselves)",
        )
    ]


@pytest.mark.parametrize(
    ("days_since_16th_birthday", "given_by", "is_allowed"),
    [
        pytest.param(-1, Consent.GivenBy.SELF, False, id="16_tomorrow_for_themselves"),
        pytest.param(-1, Consent.GivenBy.REPRESENTATIVE, False, id="16_tomorrow_through_a_representative"),
        pytest.param(-1, Consent.GivenBy.PARENT_OR_GUARDIAN, True, id="16_tomorrow_through_a_parent"),
        pytest.param(-1, Consent.GivenBy.COMPETENCE_JUDGEMENT, True, id="16_tomorrow_judged_competent"),
        pytest.param(0, Consent.GivenBy.SELF, True, id="16_today_for_themselves"),
    ],
)
def test_a_child_under_16_consents_through_a_parent_or_a_competence_judgement(
    home_area: Area, practitioner: User, days_since_16th_birthday: int, given_by: str, is_allowed: bool
) -> None:
    child = PersonFactory.create(area=home_area, date_of_birth=born_years_ago(16, days=days_since_16th_birthday))

    if is_allowed:
        record_consent(child, scope=Consent.Scope.REGISTRATION, given_by=given_by, recorded_by=practitioner)
        assert Consent.objects.get().given_by == given_by
        return
    with pytest.raises(PersonDetailsInvalid) as raised:
        record_consent(child, scope=Consent.Scope.REGISTRATION, given_by=given_by, recorded_by=practitioner)
    assert raised.value.errors == {
        "given_by": "Select a parent or guardian, or record that the young person was judged competent to decide"
    }
    assert not Consent.objects.exists()
    assert people_audit_count() == 0
    assert not TimelineEntry.objects.exists()


@pytest.mark.parametrize(
    ("precision", "is_allowed"),
    [
        pytest.param(Person.DateOfBirthPrecision.DAY, True, id="born_on_the_1st"),
        pytest.param(Person.DateOfBirthPrecision.MONTH, False, id="born_some_day_that_month"),
    ],
)
def test_with_only_the_month_of_birth_known_a_child_who_may_still_be_15_cannot_consent_alone(
    home_area: Area, precision: str, is_allowed: bool
) -> None:
    # Consent given on the 10th of a month, by someone born in that month 16 years before: 16 if born on the 1st,
    # but perhaps still 15 if all we know is the month.
    month_ago = timezone.localdate() - timedelta(days=60)
    child = PersonFactory.create(
        area=home_area, date_of_birth=date(month_ago.year - 16, month_ago.month, 1), date_of_birth_precision=precision
    )
    given_at = datetime(month_ago.year, month_ago.month, 10, 12, tzinfo=UTC)

    arguments: dict[str, Any] = {"scope": Consent.Scope.REGISTRATION, "given_by": Consent.GivenBy.SELF}

    if is_allowed:
        record_consent(child, recorded_by=None, given_at=given_at, **arguments)
        assert Consent.objects.get().person == child
        return
    with pytest.raises(PersonDetailsInvalid) as raised:
        record_consent(child, recorded_by=None, given_at=given_at, **arguments)
    assert set(raised.value.errors) == {"given_by"}
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "errors"),
    [
        pytest.param(
            {"scope": Consent.Scope.SHARE},
            {"organisation": "Select one organisation, or one kind of organisation, to share with"},
            id="share_without_a_recipient",
        ),
        pytest.param(
            {"scope": Consent.Scope.CONTACT},
            {"channel": "Select how they agreed to be contacted"},
            id="contact_without_a_channel",
        ),
        pytest.param({"scope": "everything"}, {"scope": "Select what they agreed to"}, id="unknown_scope"),
        pytest.param(
            {"scope": Consent.Scope.REGISTRATION, "given_at": timezone.now() + timedelta(days=2)},
            {"given_at": "The date consent was given must be today or in the past"},
            id="given_in_the_future",
        ),
    ],
)
def test_record_consent_refuses_incomplete_consent(
    person: Person, practitioner: User, arguments: dict[str, Any], errors: dict[str, str]
) -> None:
    with pytest.raises(PersonDetailsInvalid) as raised:
        record_consent(person, given_by=Consent.GivenBy.SELF, recorded_by=practitioner, **arguments)
    assert raised.value.errors == errors
    assert not Consent.objects.exists()


def test_withdraw_consent_keeps_the_record_and_withdrawing_again_changes_nothing(
    person: Person, practitioner: User, manager: User
) -> None:
    consent = record_consent(
        person,
        scope=Consent.Scope.SHARE,
        given_by=Consent.GivenBy.SELF,
        recorded_by=practitioner,
        recipient_kind=Consent.RecipientKind.PROVIDER,
    )

    withdrawn = withdraw_consent(consent, withdrawn_by=practitioner)
    again = withdraw_consent(consent, withdrawn_by=manager)

    stored = Consent.objects.get()
    assert stored.withdrawn_at == withdrawn.withdrawn_at == again.withdrawn_at
    assert stored.withdrawn_by == practitioner
    assert [(kind, event) for kind, event, _ in audit_of(consent)] == [
        (AuditEvent.Kind.RECORD_CREATED, "people.consent_given"),
        (AuditEvent.Kind.RECORD_CHANGED, "people.consent_withdrawn"),
    ]
    assert timeline_of(person)[1:] == [
        ("people.consent_withdrawn", "Consent withdrawn to share their information with carers' support providers")
    ]


# Involvement


def test_open_involvement_returns_the_open_one_for_the_same_reason(
    person: Person, carers_centre: Organisation, practitioner: User
) -> None:
    first = open_involvement(person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED, opened_by=practitioner)
    second = open_involvement(person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    case = open_involvement(person, carers_centre, reason=Involvement.Reason.CASE_OPEN)

    assert first == second != case
    assert Involvement.objects.filter(ended_at__isnull=True).count() == 2
    assert audit_of(first) == [
        (
            AuditEvent.Kind.RECORD_CREATED,
            "people.involvement_opened",
            {"person": person.pk, "organisation": carers_centre.pk, "reason": "referral_received"},
        )
    ]


def test_open_involvement_refuses_an_organisation_outside_the_persons_area(
    person: Person, neighbour_provider: Organisation
) -> None:
    with pytest.raises(PersonDetailsInvalid) as raised:
        open_involvement(person, neighbour_provider, reason=Involvement.Reason.REFERRAL_RECEIVED)
    assert raised.value.errors == {"organisation": "Select an organisation that works in the person's area"}
    assert not Involvement.objects.exists()


def test_end_involvement_ends_only_the_involvement_for_that_reason(
    person: Person, carers_centre: Organisation, practitioner: User
) -> None:
    referral = open_involvement(person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    case = open_involvement(person, carers_centre, reason=Involvement.Reason.CASE_OPEN)
    ended_at = timezone.now() - timedelta(hours=1)

    end_involvement(
        person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED, at=ended_at, ended_by=practitioner
    )
    end_involvement(person, carers_centre, reason=Involvement.Reason.REFERRER)

    assert Involvement.objects.get(pk=referral.pk).ended_at == ended_at
    assert Involvement.objects.get(pk=case.pk).ended_at is None
    assert audit_of(referral)[1:] == [
        (AuditEvent.Kind.RECORD_CHANGED, "people.involvement_ended", {"fields": ["ended_at"]})
    ]


# Timeline


def test_add_timeline_entry_takes_the_organisation_from_the_actor_and_shortens_long_summaries(
    person: Person, practitioner: User, carers_centre: Organisation
) -> None:
    entry = add_timeline_entry(person, kind="note", summary="x" * 400, actor=practitioner, link="/somewhere/")

    stored = TimelineEntry.objects.get()
    assert (stored.organisation, stored.area, stored.link) == (carers_centre, person.area, "/somewhere/")
    assert stored.summary == "x" * 299 + "…"
    assert entry.pk == stored.pk


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
