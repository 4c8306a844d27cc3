"""The person-level records the privacy tests try to reach: a carer the carers centre works with, a referral, one
of every record a URL can name, and a contract with a small count to suppress."""

from datetime import datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.assessments.models import Review, TransitionPrompt
from carershub.assessments.tests.factories import AssessmentFactory, AssessmentSectionFactory, SafetyAlertFactory
from carershub.caseloads.models import CaseClosure
from carershub.caseloads.tests.factories import task_records_for
from carershub.commissioning.models import Contract
from carershub.commissioning.services.monitoring import (
    add_kpi,
)
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.directory.tests.factories import PublishedServiceFactory
from carershub.emergency_response.models import EmergencyCard, Notification
from carershub.emergency_response.services.activations import open_activation
from carershub.emergency_response.tests.factories import EmergencyLineFactory, active_plan
from carershub.grants.tests.factories import grant_records_for
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Involvement, Person
from carershub.people.services.merges import merge_people
from carershub.people.tests.factories import AdultCarerFactory
from carershub.procurement.tests.factories import one_of_everything
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import ReferralFactory
from carershub.reporting.tests.walk import PersonLevelRecords
from carershub.support.tests.factories import support_records_for
from carershub.support_plans.tests.factories import support_plan_records


@pytest.fixture
def walked_carer(home_area: Area, carers_centre: Organisation) -> Person:
    """An adult carer the carers centre has a case open with, whose generated name, postcode and phone the walks look
    for on every page."""
    carer = AdultCarerFactory.create(area=home_area)
    Involvement.objects.create(
        area=home_area,
        person=carer,
        organisation=carers_centre,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(9))),
    )
    return carer


@pytest.fixture
def referral(walked_carer: Person, carers_centre: Organisation) -> Referral:
    return ReferralFactory.create(area=walked_carer.area, carer=walked_carer, provider=carers_centre)


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation, commissioner: User) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area])
    LotFactory.create(contract=contract, provider=carers_centre, cohorts=[Cohort.ADULT])
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    add_kpi(contract, measure="short_breaks", annual_target=Decimal(55), by=commissioner)
    return contract


@pytest.fixture
def person_level_records(
    walked_carer: Person,
    referral: Referral,
    practitioner: User,
    carers_centre: Organisation,
    home_area: Area,
    council: Organisation,
) -> PersonLevelRecords:
    """One of every person-level record a URL can name, for the carer in the home area."""
    assessment = AssessmentFactory.create(carer=walked_carer, organisation=carers_centre)
    section = AssessmentSectionFactory.create(assessment=assessment)
    alert = SafetyAlertFactory.create(assessment=assessment, area=home_area)
    review = Review.objects.create(
        area=home_area, assessment=assessment, kind=Review.Kind.ON_REQUEST, due_on=timezone.localdate()
    )
    prompt = TransitionPrompt.objects.create(
        area=home_area,
        kind=TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT,
        person=walked_carer,
        assessment=assessment,
        organisation=carers_centre,
        due_on=timezone.localdate(),
    )
    line_operator = ProviderFactory.create(name="Home Emergency Line", slug="home-emergency-line", areas=[home_area])
    EmergencyLineFactory.create(area=home_area, organisation=line_operator, phone_number="0808 157 0100")
    responder = create_staff_user(
        line_operator,
        email="responder@test.example",
        full_name="Responder",
        roles=[Role.EMERGENCY_RESPONDER],
        created_by=None,
        password="correct horse battery staple",
    )
    plan = active_plan(walked_carer, by=practitioner)
    card = plan.cards.get(status=EmergencyCard.Status.ACTIVE)
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    contact = plan.contacts.order_by("pk")[0]
    notification = activation.notifications.first() or Notification.objects.create(
        area=home_area, activation=activation, contact=contact, channel=Notification.Channel.SMS
    )
    support = support_plan_records(walked_carer, carers_centre, practitioner)
    duplicate = AdultCarerFactory.create(area=home_area)
    merged = merge_people(AdultCarerFactory.create(area=home_area), into=walked_carer, merged_by=practitioner)
    return PersonLevelRecords(
        carer=walked_carer,
        referral=referral,
        values={
            "person_id": str(walked_carer.pk),
            "referrals.person_id": str(duplicate.pk),
            "referrals.reference": referral.reference,
            "assessments.reference": assessment.reference,
            "key": section.key,
            "review_id": str(review.pk),
            "prompt_id": str(prompt.pk),
            "alert_id": str(alert.pk),
            "plan_id": str(plan.pk),
            "contact_id": str(contact.pk),
            "activation_id": str(activation.pk),
            "notification_id": str(notification.pk),
            "card_number": card.number,
            "duplicate_id": str(merged.pk),
            **support,
            "relationship_id": str(walked_carer.caring_for.order_by("pk")[0].pk),
            "closure_id": str(
                CaseClosure.objects.create(
                    area=home_area,
                    person=walked_carer,
                    organisation=carers_centre,
                    involvement=walked_carer.involvements.filter(organisation=carers_centre).order_by("pk")[0],
                    reason_id=CaseClosure.Reason.DECLINED,
                    closed_at=timezone.now(),
                    closed_by=practitioner,
                ).pk
            ),
            # Directory entries are not person-level, but signposting and editing them is staff work.
            "service_id": str(PublishedServiceFactory.create(area=home_area).pk),
            "change_id": "1",
        }
        | support_records_for(walked_carer, practitioner)
        | grant_records_for(carers_centre, home_area)
        | task_records_for(walked_carer, carers_centre, practitioner)
        | one_of_everything(),  # another council's package request, bid, application... (procurement)
    )
