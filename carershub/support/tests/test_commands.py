"""The bench loader makes the volumes it is asked for: contacts, and registers of 30 named carers."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from carershub.accounts.models import User
from carershub.organisations.models import Area, Organisation
from carershub.support.models import Attendance, Contact, GroupKind, GroupSession
from carershub.support.services.groups import GroupDetails, create_group
from carershub.support.tests.factories import carer_of

pytestmark = pytest.mark.django_db


def test_seed_support_activity_makes_contacts_and_full_registers(
    practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    for _ in range(31):
        carer_of(carers_centre, home_area)

    call_command(
        "seed_support_activity",
        contacts=120,
        attendances=90,
        organisation=carers_centre.slug,
        stdout=io.StringIO(),
    )

    assert Contact.objects.filter(organisation=carers_centre).count() == 120
    assert GroupSession.objects.count() == 3
    assert Attendance.objects.count() == 90


def test_schedule_group_sessions_tops_up_to_three_months_ahead_once(
    practitioner: User, carers_centre: Organisation
) -> None:
    group = create_group(
        carers_centre,
        by=practitioner,
        details=GroupDetails(
            name="Weekly",
            kind=GroupKind.objects.get(code="peer_support"),
            schedule="FREQ=WEEKLY",
            first_starts_at=timezone.now() + timedelta(days=1),
            venue="Hall",
            capacity=5,
        ),
    )
    group.sessions.filter(starts_at__gt=timezone.now() + timedelta(days=30)).delete()
    kept = group.sessions.count()

    first, second = io.StringIO(), io.StringIO()
    call_command("schedule_group_sessions", stdout=first)
    call_command("schedule_group_sessions", stdout=second)

    assert group.sessions.count() > kept
    assert second.getvalue().strip() == "0 sessions made"
