"""Engagement activities in the admin: listed for oversight, never added, changed or deleted there."""

from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.identification.tests.factories import GPPracticeEngagementFactory
from carershub.organisations.models import Organisation


def test_the_admin_lists_activities_but_offers_no_way_to_add_change_or_delete_them(
    carers_centre: Organisation, sign_in: SignIn
) -> None:
    superuser = User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root")
    activity = GPPracticeEngagementFactory.create(organisation=carers_centre)
    client = sign_in(superuser)

    listing = client.get(reverse("admin:identification_engagementactivity_changelist"))

    assert listing.status_code == 200
    assert activity.gp_practice is not None
    assert activity.gp_practice.name in listing.content.decode()
    assert client.get(reverse("admin:identification_engagementactivity_add")).status_code == 403
    assert client.post(reverse("admin:identification_engagementactivity_delete", args=[activity.pk])).status_code == 403
