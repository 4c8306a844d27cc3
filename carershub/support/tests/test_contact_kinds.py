"""Kinds of contact are a council's own list: renamed, reordered and switched off in the admin, never deleted, and
contacts point at their kind, so changing the list never rewrites what was recorded."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Area, Organisation
from carershub.support.models import Contact, ContactKind
from carershub.support.selectors import enabled_contact_kinds
from carershub.support.services.contacts import ContactDetails, SupportInvalid, log_contact
from carershub.support.tests.factories import carer_of, kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    superuser = User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root")
    return sign_in(superuser)


def test_renaming_a_kind_in_the_admin_keeps_its_contacts_and_its_code(
    superuser_client: Client, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    today = timezone.localdate()
    contact = log_contact(
        carer,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=kind("emotional_support"), channel=Contact.Channel.PHONE),
    )
    emotional = kind("emotional_support")

    changed = superuser_client.post(
        reverse("admin:support_contactkind_change", args=[emotional.pk]),
        {"name": "Wellbeing support", "order": 0, "code": "renamed", "is_one_to_one": "on"},
    )

    assert changed.status_code == 302
    contact.refresh_from_db()
    assert (contact.kind.name, contact.kind.code) == ("Wellbeing support", "emotional_support")
    assert enabled_contact_kinds()[0] == contact.kind  # first in the council's order


def test_a_switched_off_kind_is_not_offered_nor_logged_and_its_contacts_keep_it(
    superuser_client: Client, practitioner: User, carers_centre: Organisation, home_area: Area
) -> None:
    carer = carer_of(carers_centre, home_area)
    today = timezone.localdate()
    advocacy = kind("advocacy")
    earlier = log_contact(
        carer,
        by=practitioner,
        details=ContactDetails(contacted_on=today, kind=advocacy, channel=Contact.Channel.PHONE),
    )
    ContactKind.objects.filter(pk=advocacy.pk).update(disabled_on=today - timedelta(days=1))
    advocacy.refresh_from_db()

    with pytest.raises(SupportInvalid) as refused:
        log_contact(
            carer,
            by=practitioner,
            details=ContactDetails(contacted_on=today, kind=advocacy, channel=Contact.Channel.PHONE),
        )

    assert refused.value.errors == {"kind": "Select a kind of contact that is in use"}
    assert advocacy not in enabled_contact_kinds()
    assert Contact.objects.get(pk=earlier.pk).kind == advocacy
    deleted = superuser_client.post(reverse("admin:support_contactkind_delete", args=[advocacy.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    assert ContactKind.objects.filter(pk=advocacy.pk).exists()
