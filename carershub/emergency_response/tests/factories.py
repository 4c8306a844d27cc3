"""Factories for contingency plans. `active_plan` builds one the way a practitioner does (through the services):
a carer the carers centre works with, two emergency contacts, confirmed with a review date, so it has a card."""

from datetime import timedelta

from django.utils import timezone
from factory.declarations import SubFactory
from factory.django import DjangoModelFactory

from carershub.accounts.models import User
from carershub.emergency_response.models import ContingencyPlan, EmergencyLine
from carershub.emergency_response.services.plans import add_emergency_contact, confirm_plan, create_plan, update_plan
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import AreaFactory, ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import CaringRelationshipFactory

KEY_SAFE = "Key safe by the back door, code 4791"


class EmergencyLineFactory(DjangoModelFactory[EmergencyLine]):
    class Meta:
        model = EmergencyLine

    area = SubFactory(AreaFactory)
    organisation = SubFactory(ProviderFactory)
    phone_number = "0808 157 0100"


def carer_worked_with(area: Area, organisation: Organisation) -> Person:
    """A carer (caring for a parent) whom the organisation works with, so its practitioners see them."""
    relationship = CaringRelationshipFactory.create(
        carer__area=area, carer__given_name="Ada", carer__family_name="Brook"
    )
    open_involvement(relationship.carer, organisation, reason=Involvement.Reason.CASE_OPEN, at=timezone.now())
    return relationship.carer


def draft_plan(carer: Person, *, by: User, contacts: int = 0) -> ContingencyPlan:
    relationship = carer.caring_for.get()
    plan = create_plan(
        carer,
        cared_for=relationship.cared_for,
        by=by,
        medication="Blister pack in the kitchen cupboard",
        replacement_care="Brightwater Home Care for up to 72 hours",
    )
    update_plan(plan, by=by, key_safe=KEY_SAFE)
    for number in range(1, contacts + 1):
        add_emergency_contact(
            plan,
            by=by,
            name=f"Contact {number}",
            relationship="Sister",
            phone=f"07700 900 {100 + number}",
            email=f"contact{number}@example.com",
            consent_given=True,
            accepted_role=True,
            may_text=True,
            may_email=number == 1,
        )
    plan.refresh_from_db()
    return plan


def active_plan(carer: Person, *, by: User) -> ContingencyPlan:
    plan = draft_plan(carer, by=by, contacts=2)
    confirm_plan(plan, by=by, review_date=timezone.localdate() + timedelta(days=300))
    plan.refresh_from_db()
    return plan
