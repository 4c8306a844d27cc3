"""The bench volume command: suppliers admitted, package requests and bids, with the demo supplier invited."""

import random

import pytest
from django.core.management import call_command

from carershub.accounts import demo as accounts_demo
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo
from carershub.procurement import demo as procurement_demo
from carershub.procurement.models import Bid, Invitation, Membership, PackageRequest, Supplier

pytestmark = pytest.mark.django_db


def test_the_volume_command_loads_suppliers_requests_and_bids() -> None:
    context = SeedContext(scale="small", rng=random.Random(1), log=lambda _: None)
    organisations_demo.seed(context)
    accounts_demo.seed(context)
    procurement_demo.seed(context)
    requests_before = PackageRequest.objects.count()

    call_command("seed_procurement_volume", "--suppliers", "12", "--requests", "30", "--bids", "90", stdout=None)

    assert Supplier.objects.filter(memberships__category__arrangement__reference="MV-DPS-CS").count() == 12
    assert Membership.objects.filter(supplier__organisation__slug__startswith="bench-supplier-").count() == 12 - 2
    assert PackageRequest.objects.count() == requests_before + 30
    assert Bid.objects.filter(package_request__reference__startswith="BENCH-").count() == 90
    # The demo supplier is invited to at least every third request (and to others by chance).
    demo_supplier_invited = Invitation.objects.filter(
        supplier__organisation__slug="brightwater-home-care", package_request__reference__startswith="BENCH-"
    )
    assert demo_supplier_invited.count() >= 10
