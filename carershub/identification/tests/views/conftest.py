"""Fixtures for the identification pages' tests."""

import pytest

from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort, RoutingRule


@pytest.fixture
def routed_area(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> Area:
    """The home area, with adult carers routed to the carers centre and young carers to the young carers service."""
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    return home_area
