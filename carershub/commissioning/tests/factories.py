"""Factories for commissioning. A factory-made contract is a live 3+1+1 contract commissioned by a council, in the
council's first area unless `areas=[...]` is given; its lots, contributions and KPIs are made separately:

    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    FundingContributionFactory.create(contract=contract, funder=council, amount=contract.annual_value)  # year 1
    fund_every_year(contract, council, contract.annual_value)  # or each year the contract could run
    ContractKpiFactory.create(contract=contract, measure="carers_supported", annual_target=Decimal(4000))

`ContractFactory` does not create extension decisions; `services.set_up.set_up_contract` does.
"""

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from carershub.commissioning.models import (
    Contract,
    ContractKpi,
    ContractPartner,
    ExtensionDecision,
    FundingContribution,
    Lot,
    PopulationEstimate,
)
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import AreaFactory, CouncilAdultSocialCareFactory, ProviderFactory
from carershub.referrals.models import Cohort


class ContractFactory(DjangoModelFactory[Contract]):
    class Meta:
        model = Contract
        django_get_or_create: ClassVar[tuple[str, ...]] = ("reference",)
        skip_postgeneration_save = True

    reference = Sequence(lambda n: f"CTEST{n:04d}")
    title = "Carers support and advice service"
    commissioner = SubFactory(CouncilAdultSocialCareFactory)
    status = Contract.Status.LIVE
    regime = Contract.Regime.PA_2023
    route = Contract.Route.OPEN
    light_touch = True
    start_date = date(2025, 4, 1)
    initial_term_years = 3
    extension_years: Any = LazyAttribute(lambda _: [1, 1])
    extension_notice_months = 6
    decision_maker = "Executive Director of Adult Social Care"
    annual_value = Decimal("990930.00")
    annual_uplift_percent = Decimal("0.00")
    ocid = LazyAttribute(lambda contract: f"ocds-test00-{contract.reference}")

    @post_generation
    def areas(self, create: bool, extracted: list[Area] | None, **kwargs: Any) -> None:
        if not create:
            return
        contract = cast(Contract, self)
        areas = extracted or list(contract.commissioner.areas.all()[:1]) or [AreaFactory.create()]
        contract.areas.set(areas)


class ContractPartnerFactory(DjangoModelFactory[ContractPartner]):
    class Meta:
        model = ContractPartner

    contract = SubFactory(ContractFactory)
    organisation = SubFactory(CouncilAdultSocialCareFactory)
    role = ContractPartner.Role.PARTNER


class LotFactory(DjangoModelFactory[Lot]):
    class Meta:
        model = Lot

    contract = SubFactory(ContractFactory)
    number = Sequence(lambda n: n + 1)
    title = "Adult, parent and kinship carers"
    cohorts: Any = LazyAttribute(lambda _: [Cohort.ADULT.value])
    provider = SubFactory(ProviderFactory)


class FundingContributionFactory(DjangoModelFactory[FundingContribution]):
    class Meta:
        model = FundingContribution

    contract = SubFactory(ContractFactory)
    funder = SubFactory(CouncilAdultSocialCareFactory)
    contract_year = 1
    amount = LazyAttribute(lambda contribution: contribution.contract.annual_value)
    standing = FundingContribution.Standing.COMMITTED


def fund_every_year(
    contract: Contract,
    funder: Any,
    amount: Decimal,
    *,
    standing: str = FundingContribution.Standing.COMMITTED,
) -> list[FundingContribution]:
    """The funder's contribution to every year the contract could run, at one standing."""
    longest = contract.initial_term_years + sum(contract.extension_years)
    return [
        FundingContributionFactory.create(
            contract=contract, funder=funder, contract_year=year, amount=amount, standing=standing
        )
        for year in range(1, longest + 1)
    ]


class ExtensionDecisionFactory(DjangoModelFactory[ExtensionDecision]):
    class Meta:
        model = ExtensionDecision

    contract = SubFactory(ContractFactory)
    option_number = 1
    decision_due_on = date(2027, 9, 30)


class ContractKpiFactory(DjangoModelFactory[ContractKpi]):
    class Meta:
        model = ContractKpi

    contract = SubFactory(ContractFactory)
    lot = None
    measure = "carers_supported"
    label = ""
    manual = False
    annual_target = Decimal("4000")


class PopulationEstimateFactory(DjangoModelFactory[PopulationEstimate]):
    class Meta:
        model = PopulationEstimate

    area = SubFactory(AreaFactory)
    measure = PopulationEstimate.Measure.CENSUS_CARERS
    value = Decimal("35000")
    source = "Census 2021, table TS039"
    as_of = date(2021, 3, 21)
