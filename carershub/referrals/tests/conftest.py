"""Fixtures the referral page tests share: the home area's routing, a council practitioner and an open referral."""

import pytest

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import OpenReferralFactory, RoutingRuleFactory


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """The home area's carers' services: adult carers to the carers centre, young carers to the young carers service."""
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


@pytest.fixture
def referral(home_area: Area, carers_centre: Organisation) -> Referral:
    return OpenReferralFactory.create(
        area=home_area,
        provider=carers_centre,
        carer=PersonFactory.create(
            area=home_area, given_name="Maria", family_name="Okafor", nhs_number="9990000018", postcode="MV1 2AB"
        ),
        source=Referral.Source.GP_PRACTICE,
        referrer_name="Dr Patel",
        referrer_email="surgery@example.com",
    )
