"""Logging contacts, following them up, and series of sessions: the rules a practitioner relies on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.support.events import SupportEvent
from carershub.support.models import Contact
from carershub.support.services.contacts import (
    ContactDetails,
    SupportInvalid,
    end_series,
    log_contact,
    mark_followed_up,
    start_series,
)
from carershub.support.tests.factories import carer_of, kind

pytestmark = pytest.mark.django_db


def test_log_contact_records_it_as_the_logger_and_audits_it(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    today = timezone.localdate()

    contact = log_contact(
        carer,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("emotional_support"), channel=Contact.Channel.PHONE),
    )

    assert (contact.worker, contact.organisation, contact.area_id) == (practitioner, carers_centre, home_area.pk)
    event = AuditEvent.objects.get(event=SupportEvent.CONTACT_LOGGED)
    assert event.detail == {"contact": contact.pk, "kind": "emotional_support"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"contacted_on": timezone.localdate() + timedelta(days=1)}, "contacted_on", id="future_date"),
        pytest.param({"minutes": 0}, "minutes", id="no_minutes"),
        pytest.param({"minutes": 24 * 60 + 1}, "minutes", id="more_than_a_day"),
        pytest.param(
            {"follow_up_on": timezone.localdate() - timedelta(days=1)}, "follow_up_on", id="follow_up_before_contact"
        ),
        pytest.param({"channel": "pigeon"}, "channel", id="unknown_channel"),
    ],
)
def test_log_contact_refuses_bad_details_and_records_nothing(
    practitioner: User, carers_centre: Organisation, home_area: Area, change: dict[str, object], field: str
) -> None:
    carer = carer_of(carers_centre, home_area)
    details = {"contacted_on": timezone.localdate(), "kind": kind("counselling"), "channel": "phone", **change}

    with pytest.raises(SupportInvalid) as refused:
        log_contact(carer, by=practitioner, details=ContactDetails(**details))  # type: ignore[arg-type]

    assert list(refused.value.errors) == [field]
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(event=SupportEvent.CONTACT_LOGGED).exists()


def test_log_contact_refuses_a_worker_from_another_organisation(
    practitioner: User, other_team_practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    details = ContactDetails(
        contacted_on=timezone.localdate(), kind=kind("advocacy"), channel="phone", worker=other_team_practitioner
    )

    with pytest.raises(SupportInvalid, match="Select someone from your organisation"):
        log_contact(carer, by=practitioner, details=details)
    assert not Contact.objects.exists()


def test_marking_a_follow_up_done_twice_records_it_once(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    today = timezone.localdate()
    contact = log_contact(
        carer,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("advocacy"), channel="phone", follow_up_on=today),
    )

    first = mark_followed_up(contact, by=practitioner)
    second = mark_followed_up(contact, by=practitioner)

    assert first.followed_up_at == second.followed_up_at
    assert AuditEvent.objects.filter(event=SupportEvent.FOLLOW_UP_DONE).count() == 1


def test_a_series_gathers_its_sessions_and_ends_with_a_reason(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    today = timezone.localdate()
    series = start_series(
        carer, by=practitioner, kind=kind("counselling"), started_on=today - timedelta(days=14), planned_sessions=6
    )
    for days_ago in (14, 7, 0):
        log_contact(
            carer,
            by=practitioner,
            details=ContactDetails(
                contacted_on=today - timedelta(days=days_ago),
                kind=kind("counselling"),
                channel="face_to_face",
                minutes=50,
                series=series,
            ),
        )

    ended = end_series(series, by=practitioner, ended_on=today, ending="Carer felt ready to stop")

    assert ended.sessions.count() == 3
    assert ended.ended_on == today
    with pytest.raises(SupportInvalid, match="open series"):
        log_contact(
            carer,
            by=practitioner,
            details=ContactDetails(contacted_on=today, kind=kind("counselling"), channel="phone", series=ended),
        )
