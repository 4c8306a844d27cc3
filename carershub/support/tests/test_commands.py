"""The bench loader makes the volumes it is asked for: contacts, and registers of 30 named carers."""

import io

import pytest
from django.core.management import call_command

from carershub.accounts.models import User
from carershub.organisations.models import Area, Organisation
from carershub.support.models import Attendance, Contact, GroupSession
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
