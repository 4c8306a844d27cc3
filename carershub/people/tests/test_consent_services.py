"""Consent: what someone agreed to, who agreed (a parent, or a young person judged competent) and its withdrawal."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent, Person, TimelineEntry
from carershub.people.services.consent import record_consent, withdraw_consent
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.people.tests.recorded import audit_of, people_audit_count, timeline_of


@pytest.fixture
def person(home_area: Area) -> Person:
    return PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")


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
