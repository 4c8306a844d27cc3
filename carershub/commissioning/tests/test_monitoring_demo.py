"""The monitoring demo: Coventry-like KPIs on every demo contract, one submitted return and one draft; idempotent."""

import random

import pytest

from carershub.accounts.models import User
from carershub.commissioning.demo.monitoring import seed
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.core.seeding import SeedContext
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_kpis_a_submitted_and_a_draft_return(
    council: Organisation, home_area: Area, carers_centre: Organisation, commissioner: User, manager: User
) -> None:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre)
    for _ in range(2):
        seed(SeedContext(scale="small", rng=random.Random(7), log=lambda _: None))
    contract = Contract.objects.get()
    measures = dict(contract.kpis.values_list("measure", "annual_target"))
    assert measures["carers_supported"] == 4000
    assert measures["new_carers_identified"] == 1500
    assert measures["short_breaks"] == 55
    assert len(measures) == 8
    statuses = sorted(contract.returns.values_list("status", flat=True))
    assert statuses == [MonitoringReturn.Status.DRAFT, MonitoringReturn.Status.SUBMITTED]
