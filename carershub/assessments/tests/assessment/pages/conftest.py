"""The assessments the page tests open, and a practitioner signed in."""

import pytest
from django.test import Client

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.tests.factories import AssessmentFactory, DelegationFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory


@pytest.fixture
def delegation(home_area: Area, council: Organisation, carers_centre: Organisation) -> Delegation:
    return DelegationFactory.create(area=home_area, council=council, provider=carers_centre, reference="KCC-79-12")


@pytest.fixture
def assessment(home_area: Area, carers_centre: Organisation, practitioner: User, delegation: Delegation) -> Assessment:
    return AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=carers_centre,
        assessor=practitioner,
        delegation=delegation,
    )


@pytest.fixture
def client(practitioner: User, sign_in: SignIn) -> Client:
    return sign_in(practitioner)


@pytest.fixture
def ycna(home_area: Area, young_carers_service: Organisation, council: Organisation) -> Assessment:
    DelegationFactory.create(area=home_area, council=council, provider=young_carers_service)
    return AssessmentFactory.create(
        carer=YoungCarerFactory.create(area=home_area),
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )
