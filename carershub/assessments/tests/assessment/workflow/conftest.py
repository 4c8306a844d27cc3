"""The assessments the workflow tests work on: a carer's assessment under a delegation, and a young carer's."""

import pytest

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.tests.factories import AssessmentFactory, DelegationFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory


@pytest.fixture
def delegation(home_area: Area, council: Organisation, carers_centre: Organisation) -> Delegation:
    return DelegationFactory.create(area=home_area, council=council, provider=carers_centre, reference="KCC-79-12")


@pytest.fixture
def adult_carer(home_area: Area) -> Person:
    """An adult carer of an elderly parent in the home area, with no organisation working with her yet."""
    return AdultCarerFactory.create(area=home_area)


@pytest.fixture
def assessment(
    adult_carer: Person, carers_centre: Organisation, practitioner: User, delegation: Delegation
) -> Assessment:
    return AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, assessor=practitioner, delegation=delegation
    )


@pytest.fixture
def ycna(home_area: Area, young_carers_service: Organisation, council: Organisation) -> Assessment:
    DelegationFactory.create(area=home_area, council=council, provider=young_carers_service)
    return AssessmentFactory.create(
        carer=YoungCarerFactory.create(area=home_area),
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )
