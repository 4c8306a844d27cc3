"""Arrangements and suppliers in the admin: listed and opened for oversight, never added, changed or deleted there;
package requests and bids are not in the admin at all."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.procurement.tests.conftest import Consortium

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    return sign_in(User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root"))


def test_an_arrangement_is_shown_but_cannot_be_changed_there(superuser_client: Client, consortium: Consortium) -> None:
    change_url = reverse("admin:procurement_purchasingarrangement_change", args=[consortium.arrangement.pk])

    listing = superuser_client.get(reverse("admin:procurement_purchasingarrangement_changelist"))
    opened = superuser_client.get(change_url)
    posted = superuser_client.post(change_url, {"title": "Changed"})

    assert consortium.arrangement.reference in listing.content.decode()
    assert opened.status_code == 200
    assert posted.status_code == 403
    consortium.arrangement.refresh_from_db()
    assert consortium.arrangement.title != "Changed"


def test_package_requests_and_bids_are_not_in_the_admin() -> None:
    for name in ("admin:procurement_packagerequest_changelist", "admin:procurement_bid_changelist"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
