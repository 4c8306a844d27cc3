"""Organisations working with a person (what lets their staff see the record), and lines on a person's timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person, TimelineEntry
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.involvement import end_involvement, open_involvement
from carershub.people.services.timeline import add_timeline_entry
from carershub.people.tests.factories import PersonFactory
from carershub.people.tests.recorded import audit_of


@pytest.fixture
def person(home_area: Area) -> Person:
    return PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")


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
