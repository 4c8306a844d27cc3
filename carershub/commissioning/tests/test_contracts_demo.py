"""The demo contracts: modelled on Sefton's and Coventry's figures, and seeding twice changes nothing."""

import random
from datetime import date
from decimal import Decimal

import pytest

from carershub.accounts import demo as accounts_demo
from carershub.accounts.models import User
from carershub.commissioning.demo import contracts as contracts_demo
from carershub.commissioning.models import Contract, ExtensionDecision, PopulationEstimate
from carershub.commissioning.selectors.contracts import contract_overview
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_the_demo_contracts_have_the_seeds_figures_and_seeding_again_changes_nothing() -> None:
    context = SeedContext(scale="small", rng=random.Random(1), log=lambda _: None)
    organisations_demo.seed(context)
    accounts_demo.seed(context)

    contracts_demo.seed(context)
    contracts_demo.seed(context)

    assert Contract.objects.count() == 2
    assert ExtensionDecision.objects.count() == 3  # 3+1+1 has two options, 3+2 one
    assert PopulationEstimate.objects.count() == 4
    sefton = contract_overview(User.objects.get(email="commissioner@carershub.example"), "MV-CARERS-2025")
    assert sefton.lifetime_value == Decimal("5614650.00")
    # Seed 000: procured "through an open and competitive process"; light touch is its regime, not its procedure.
    assert (sefton.contract.route, sefton.contract.regime, sefton.contract.light_touch) == (
        Contract.Route.OPEN,
        Contract.Regime.PA_2023,
        True,
    )
    assert [share for _, share in sefton.contributions] == [Decimal("65.12"), Decimal("23.13"), Decimal("11.75")]
    assert [lot.provider.name for lot in sefton.lots if lot.provider] == [
        "Mersey Vale Carers Centre",
        "Young Carers Mersey Vale",
    ]
    coventry = contract_overview(User.objects.get(email="icb-commissioner@carershub.example"), "RM-CARERS-2025")
    assert (coventry.contract.annual_value, coventry.contract.maximum_price) == (
        Decimal("732861.00"),
        Decimal("732861.00"),
    )
    assert coventry.lifetime_value == Decimal("3664305.00")
    # Seed 001 §4.1: "the aim is to have a new contract in place for October 2025"; 3+2 years (§5.1).
    assert (coventry.contract.start_date, coventry.initial_end_date, coventry.latest_end_date) == (
        date(2025, 10, 1),
        date(2028, 9, 30),
        date(2030, 9, 30),
    )
    assert coventry.role == "commissioner"  # the ICB is a joint commissioner
