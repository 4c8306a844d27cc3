"""An emergency line for the home area and a carer whose contingency plan it has just used: closing an activation
with a follow-up offered is how tasks reach a carer's worker."""

from decimal import Decimal

import pytest

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard
from carershub.emergency_response.services.activations import close_activation, open_activation
from carershub.emergency_response.tests.factories import EmergencyLineFactory, active_plan
from carershub.organisations.models import Area
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Person


@pytest.fixture
def responder(home_area: Area) -> User:
    line_operator = ProviderFactory.create(name="Home Emergency Line", slug="home-emergency-line", areas=[home_area])
    EmergencyLineFactory.create(area=home_area, organisation=line_operator)
    return create_staff_user(
        line_operator,
        email="responder@test.example",
        full_name="Rita Responder",
        roles=[Role.EMERGENCY_RESPONDER],
        created_by=None,
    )


@pytest.fixture
def plan(carer_with_open_case: Person, practitioner: User, responder: User) -> ContingencyPlan:
    return active_plan(carer_with_open_case, by=practitioner)


def close_with(plan: ContingencyPlan, follow_up: str, *, by: User) -> Activation:
    """Open the plan's card as the emergency line does and close the activation with this follow-up offered."""
    card = plan.cards.get(status=EmergencyCard.Status.ACTIVE)
    activation = open_activation(card, by=by, reason="Carer taken to hospital").activation
    return close_activation(
        activation, by=by, outcome=Activation.Outcome.CONTACT_TOOK_OVER, follow_up=follow_up, support_hours=Decimal(2)
    )
