"""The people app's carers, each defined once for the test modules that share them."""

import pytest

from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory, PersonFactory
from carershub.people.tests.pages import work_with


@pytest.fixture
def referred_carer(home_area: Area, carers_centre: Organisation) -> Person:
    """Aisha Khan, referred to the carers centre (its involvement is the referral, not yet an open case)."""
    person = PersonFactory.create(area=home_area, given_name="Aisha", family_name="Khan")
    open_involvement(person, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)
    return person


@pytest.fixture
def carer_with_full_details(home_area: Area, carers_centre: Organisation) -> Person:
    """Maria Okafor, 52, works part time and looks after her mother; her record has every detail (NHS number, address,
    communication needs); the carers centre has a case open with her."""
    carer = AdultCarerFactory.create(
        area=home_area,
        given_name="Maria",
        family_name="Okafor",
        nhs_number="9990000018",
        postcode="MV1 2AB",
        address_line_1="12 Mill Lane",
        town="Millvale",
        communication_needs="Prefers phone calls in the afternoon",
    )
    work_with(carer, carers_centre)
    return carer
