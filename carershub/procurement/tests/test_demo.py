"""The demo procurement: the seed's two arrangements, suppliers admitted on quality, package requests at each stage,
and seeding twice changes nothing."""

import random

import pytest

from carershub.accounts import demo as accounts_demo
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo
from carershub.procurement import demo as procurement_demo
from carershub.procurement.models import Category, Membership, PackageRequest, PurchasingArrangement, SpotPurchase

pytestmark = pytest.mark.django_db


def test_the_demo_has_each_stage_and_seeding_again_changes_nothing() -> None:
    context = SeedContext(scale="small", rng=random.Random(1), log=lambda _: None)
    organisations_demo.seed(context)
    accounts_demo.seed(context)

    procurement_demo.seed(context)
    procurement_demo.seed(context)

    assert set(PurchasingArrangement.objects.values_list("regime", flat=True)) == {
        PurchasingArrangement.Regime.PCR_2015_DPS,
        PurchasingArrangement.Regime.PA_2023_DYNAMIC_MARKET,
    }
    assert Category.objects.filter(arrangement__reference="NW-DM-LC").count() == 3
    assert Membership.objects.filter(supplier__organisation__slug="brightwater-home-care").exists()
    assert sorted(PackageRequest.objects.values_list("status", flat=True)) == ["awarded", "published", "published"]
    assert SpotPurchase.objects.count() == 1
