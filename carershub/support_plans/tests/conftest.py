"""Fixtures the support plan page tests share: an eligible carer's assessment to plan from."""

import pytest

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.organisations.models import Organisation
from carershub.support_plans.tests.factories import eligible_assessment


@pytest.fixture
def assessment(carers_centre: Organisation, practitioner: User) -> Assessment:
    return eligible_assessment(carers_centre, practitioner)
