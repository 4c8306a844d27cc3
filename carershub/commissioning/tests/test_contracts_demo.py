"""The demo contracts: modelled on Sefton's and Coventry's figures, and seeding twice changes nothing."""

import io
import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from carershub.accounts import demo as accounts_demo
from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.commissioning.demo import contracts as contracts_demo
from carershub.commissioning.models import Contract, ExtensionDecision, PopulationEstimate
from carershub.commissioning.selectors.contracts import contract_overview, lot_coverage
from carershub.commissioning.selectors.demand import contract_demand
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo
from carershub.referrals.models import Cohort, Referral

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
    # Seed 000: the £990,930 a year is the council's budget, the grand total "excluding ICB contribution and
    # uplift"; the ICB's £132,000 "for 25/26 is anticipated", and the finance table only assumes it continues.
    assert (sefton.funding.committed, sefton.funding.anticipated, sefton.funding.assumed) == (
        Decimal("4954650.00"),
        Decimal("132000.00"),
        Decimal("528000.00"),
    )
    assert [(run.funder, run.standing, run.first_year, run.last_year) for run, _ in sefton.contributions] == [
        ("Mersey Vale Council Adult Social Care", "committed", 1, 5),
        ("Mersey Vale Council Children's Services", "committed", 1, 5),
        ("Vale and Moor Integrated Care Board", "anticipated", 1, 1),
        ("Vale and Moor Integrated Care Board", "assumed", 2, 5),
    ]
    assert [share for _, share in sefton.contributions] == [
        Decimal("65.12"),
        Decimal("23.13"),
        Decimal("2.35"),
        Decimal("9.40"),
    ]
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


def test_the_demo_sefton_contract_page_shows_the_council_committed_and_the_icb_anticipated_for_year_one(
    sign_in: SignIn,
) -> None:
    context = SeedContext(scale="small", rng=random.Random(1), log=lambda _: None)
    organisations_demo.seed(context)
    accounts_demo.seed(context)
    contracts_demo.seed(context)

    page = sign_in(User.objects.get(email="commissioner@carershub.example")).get(
        "/commissioning/contracts/MV-CARERS-2025/"
    )

    html = " ".join(page.content.decode().split())
    assert 'id="funding-committed">£4,954,650.00' in html
    assert "and £132,000.00 anticipated, £528,000.00 assumed" in html
    cell = '<td class="govuk-table__cell">'
    assert f"Vale and Moor Integrated Care Board</th> {cell}Year 1</td> {cell}Anticipated</td>" in html


@override_settings(
    CARERSHUB_DEMO_SEEDERS=[
        "carershub.organisations.demo.seed",
        "carershub.accounts.demo.seed",
        "carershub.referrals.demo.seed_routing_rules",
        "carershub.referrals.demo.seed",
        "carershub.commissioning.demo.contracts.seed",
    ]
)
def test_seed_demo_puts_every_referral_in_exactly_one_lots_figures() -> None:
    # Seed 003 §10-12: lot 1 adult carers (parent, kinship and working carers), lot 2 young carers, and "the young
    # adult carers in Transition Service will form part of both contracts". The demo's routing sends young adult
    # carers of 16-17 to lot 2's provider and of 18-25 to lot 1's, so no referral falls between the lots.
    call_command("seed_demo", scale="small", seed=7, stdout=io.StringIO())

    for reference in ("MV-CARERS-2025", "RM-CARERS-2025"):
        contract = Contract.objects.get(reference=reference)
        coverage = lot_coverage(contract)
        assert coverage.referrals == Referral.objects.filter(area__in=contract.areas.all()).count() > 0
        assert (coverage.in_no_lot, coverage.in_several_lots) == (0, 0)
    young_adults = Referral.objects.filter(area__slug="mersey-vale", cohort=Cohort.YOUNG_ADULT)
    assert set(young_adults.values_list("provider__slug", flat=True)) == {
        "young-carers-mersey-vale",
        "mersey-vale-carers-centre",
    }


def test_the_demo_labels_each_population_estimate_with_its_source_and_age_range_and_counts_no_child_twice() -> None:
    # Seed 000: the ~35,000 are Sefton's estimate of adult carers ("an adult who provides or intends to provide care
    # for another adult"), not the census's carers aged 5 and over; young carers are 8% of 40,447 pupils.
    context = SeedContext(scale="small", rng=random.Random(1), log=lambda _: None)
    organisations_demo.seed(context)
    accounts_demo.seed(context)
    contracts_demo.seed(context)
    mersey_vale = contract_demand(
        Contract.objects.get(reference="MV-CARERS-2025"),
        growth_percent=Decimal(30),
        capacity=None,
        today=timezone.localdate(),
    ).areas[0]

    adults = mersey_vale.estimates[PopulationEstimate.Measure.ADULT_CARERS]
    assert (adults.value, adults.get_measure_display()) == (
        Decimal(35000),
        "Adult carers aged 18 and over (local estimate)",
    )
    assert "Census" not in adults.source
    assert PopulationEstimate.Measure.CENSUS_CARERS not in mersey_vale.estimates
    assert (mersey_vale.young_carers, mersey_vale.estimated) == (3236, 38236)
