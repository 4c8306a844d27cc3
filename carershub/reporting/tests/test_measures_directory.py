"""The directory's KPI measure: different carers signposted by the provider in each period."""

from datetime import UTC, date, datetime

import pytest

from carershub.commissioning.kpis.figures import measure_results
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.kpis.types import Scope
from carershub.commissioning.rules.rag import Period
from carershub.directory.models import Signposting
from carershub.directory.tests.factories import PublishedServiceFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.people.tests.factories import AdultCarerFactory

pytestmark = pytest.mark.django_db
Q1 = Period(date(2025, 4, 1), date(2025, 6, 30))
Q2 = Period(date(2025, 7, 1), date(2025, 9, 30))


def signpost(
    area: Area, organisation: Organisation, person_area: Area, on: date, person: Person | None = None
) -> Person:
    carer = person or AdultCarerFactory.create(area=person_area)
    Signposting.objects.create(
        area=area,
        person=carer,
        service=PublishedServiceFactory.create(area=area),
        organisation=organisation,
        signposted_at=datetime(on.year, on.month, on.day, 10, tzinfo=UTC),
    )
    return carer


def test_carers_signposted_counts_different_carers_of_the_provider_per_period(
    home_area: Area, carers_centre: Organisation, young_carers_service: Organisation
) -> None:
    carer = signpost(home_area, carers_centre, home_area, date(2025, 4, 2))
    signpost(home_area, carers_centre, home_area, date(2025, 5, 2), person=carer)  # the same carer again
    signpost(home_area, carers_centre, home_area, date(2025, 8, 2))
    signpost(home_area, young_carers_service, home_area, date(2025, 4, 3))  # another provider's
    scope = Scope(area_ids=(home_area.pk,), provider_ids=(carers_centre.pk,))
    results = measure_results("carers_signposted", scope=scope, periods=[Q1, Q2])
    assert [result.value for result in results] == [1, 1]
    assert KPI_LIBRARY["carers_signposted"].computed
