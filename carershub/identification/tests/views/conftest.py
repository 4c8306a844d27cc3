"""Fixtures for the identification pages' tests."""

import pytest

from carershub.organisations.models import Area, GPPractice, Organisation, School
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.referrals.models import Cohort, RoutingRule


@pytest.fixture
def routed_area(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> Area:
    """The home area, with adult carers routed to the carers centre and young carers to the young carers service."""
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    return home_area


@pytest.fixture
def school(home_area: Area) -> School:
    return SchoolFactory.create(area=home_area, name="Vale Academy", urn="100001", phase=School.Phase.SECONDARY)


@pytest.fixture
def gp_practice(home_area: Area) -> GPPractice:
    return GPPracticeFactory.create(area=home_area, name="Riverside Surgery", ods_code="Y00001")


@pytest.fixture
def places(school: School, gp_practice: GPPractice) -> None:
    """The home area's school and GP practice."""
