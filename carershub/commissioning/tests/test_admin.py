"""Contracts and population estimates in the admin: listed and opened for oversight, never added, changed or deleted
there (the services check and audit every change)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.models import Contract, PopulationEstimate
from carershub.commissioning.tests.factories import (
    ContractFactory,
    FundingContributionFactory,
    LotFactory,
    PopulationEstimateFactory,
)
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    superuser = User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root")
    return sign_in(superuser)


def test_a_contract_is_shown_with_its_lots_and_funders_but_cannot_be_changed_there(
    superuser_client: Client, council: Organisation, carers_centre: Organisation
) -> None:
    contract = ContractFactory.create(reference="HOME-ADMIN", title="Carers support", commissioner=council)
    LotFactory.create(contract=contract, number=1, title="Adult carers lot", provider=carers_centre)
    FundingContributionFactory.create(contract=contract, funder=council, amount=Decimal("990930.00"))
    change_url = reverse("admin:commissioning_contract_change", args=[contract.pk])

    listing = superuser_client.get(reverse("admin:commissioning_contract_changelist"))
    opened = superuser_client.get(change_url)

    assert listing.status_code == 200
    assert "HOME-ADMIN" in listing.content.decode()
    assert opened.status_code == 200
    page = opened.content.decode()
    assert "Adult carers lot" in page
    assert carers_centre.name in page
    assert "990930.00" in page  # the funder's annual contribution
    assert superuser_client.get(reverse("admin:commissioning_contract_add")).status_code == 403
    assert superuser_client.post(change_url, {"title": "Renamed"}).status_code == 403
    deleted = superuser_client.post(reverse("admin:commissioning_contract_delete", args=[contract.pk]), {"post": "yes"})
    assert deleted.status_code == 403
    assert Contract.objects.get(pk=contract.pk).title == "Carers support"


def test_population_estimates_are_listed_with_their_source_and_cannot_be_changed_there(
    superuser_client: Client, home_area: Area
) -> None:
    estimate = PopulationEstimateFactory.create(area=home_area, source="Census 2021 (ONS)")

    listing = superuser_client.get(reverse("admin:commissioning_populationestimate_changelist"))

    assert listing.status_code == 200
    assert "Census 2021 (ONS)" in listing.content.decode()
    assert superuser_client.get(reverse("admin:commissioning_populationestimate_add")).status_code == 403
    delete_url = reverse("admin:commissioning_populationestimate_delete", args=[estimate.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert PopulationEstimate.objects.filter(pk=estimate.pk).exists()
