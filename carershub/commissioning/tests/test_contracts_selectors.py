"""Who sees which contract: commissioners through their organisation or a partnership, provider managers through a
lot; everyone else gets the same 404 as for a missing contract."""

import pytest
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.commissioning.models import Contract
from carershub.commissioning.selectors.contracts import (
    contract_role_of,
    contracts_visible_to,
    get_contract_for_user,
)
from carershub.commissioning.tests.factories import ContractFactory, ContractPartnerFactory, LotFactory
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council: Organisation, carers_centre: Organisation, home_area: Area) -> Contract:
    contract = ContractFactory.create(reference="SEL-1", commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre)
    return contract


def test_the_commissioner_and_the_provider_manager_see_the_contract_in_their_roles(
    contract: Contract, commissioner: User, manager: User
) -> None:
    assert list(contracts_visible_to(commissioner)) == [contract]
    assert list(contracts_visible_to(manager)) == [contract]
    assert contract_role_of(commissioner, contract) == "commissioner"
    assert contract_role_of(manager, contract) == "provider"


def test_a_partner_organisations_commissioner_sees_it_as_commissioner(contract: Contract, home_area: Area) -> None:
    icb = OrganisationFactory.create(kind=Organisation.Kind.ICB, areas=[home_area])
    ContractPartnerFactory.create(contract=contract, organisation=icb, role="funder")
    icb_commissioner = create_staff_user(
        icb, email="icb@test.example", full_name="Icb", roles=[Role.COMMISSIONER], created_by=None
    )

    assert get_contract_for_user(icb_commissioner, "SEL-1") == contract
    assert contract_role_of(icb_commissioner, contract) == "commissioner"


def test_everyone_else_gets_404(
    contract: Contract,
    practitioner: User,
    other_team_practitioner: User,
    administrator: User,
    neighbour_practitioner: User,
) -> None:
    for user in (practitioner, other_team_practitioner, administrator, neighbour_practitioner):
        assert not contracts_visible_to(user).exists()
        with pytest.raises(Http404):
            get_contract_for_user(user, "SEL-1")
        with pytest.raises(Http404):
            contract_role_of(user, contract)


def test_a_manager_of_another_provider_and_an_inactive_commissioner_see_nothing(
    contract: Contract, young_carers_service: Organisation, commissioner: User
) -> None:
    other_manager = create_staff_user(
        young_carers_service, email="m2@test.example", full_name="M", roles=[Role.MANAGER], created_by=None
    )
    commissioner.is_active = False
    commissioner.save(update_fields=["is_active"])

    assert not contracts_visible_to(other_manager).exists()
    assert not contracts_visible_to(commissioner).exists()
    with pytest.raises(Http404):
        get_contract_for_user(other_manager, "SEL-1")
