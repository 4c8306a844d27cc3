"""The OCDS release of a call-off is open data about one child's package, so it must not let anyone work out who
the child is: age band, area, needs and start together can identify a child in a small area. It keeps the value,
the dates and the category (award values are published open data) and nothing else that describes the child."""

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.ocds import as_json
from carershub.organisations.models import Area
from carershub.people.models import Person
from carershub.procurement.models import Bid
from carershub.procurement.ocds import call_off_release
from carershub.procurement.services.packages import award_package, evaluate_bid, publish_package_request
from carershub.procurement.tests.conftest import Consortium
from carershub.procurement.tests.test_package_services import close, draft, three_bids

pytestmark = pytest.mark.django_db

# Every path a call-off release may carry (lists collapsed to "[]"). A new field describing the child fails here.
ALLOWED_PATHS = {
    "ocid", "id", "date", "tag", "tag[]", "initiationType", "language",
    "buyer", "buyer.id", "buyer.name",
    "parties", "parties[]", "parties[].id", "parties[].name", "parties[].roles", "parties[].roles[]",
    "relatedProcesses", "relatedProcesses[]", "relatedProcesses[].id", "relatedProcesses[].relationship",
    "relatedProcesses[].relationship[]", "relatedProcesses[].title", "relatedProcesses[].scheme",
    "relatedProcesses[].identifier",
    "tender", "tender.id", "tender.title", "tender.status", "tender.procurementMethod",
    "tender.procurementMethodDetails", "tender.mainProcurementCategory", "tender.numberOfTenderers",
    "tender.items", "tender.items[]", "tender.items[].id", "tender.items[].description",
    "tender.items[].classification", "tender.items[].classification.scheme", "tender.items[].classification.id",
    "tender.items[].classification.description",
    "awards", "awards[]", "awards[].id", "awards[].status", "awards[].date", "awards[].value",
    "awards[].value.amount", "awards[].value.currency", "awards[].suppliers", "awards[].suppliers[]",
    "awards[].suppliers[].id", "awards[].suppliers[].name", "awards[].contractPeriod",
    "awards[].contractPeriod.startDate", "awards[].contractPeriod.endDate", "awards[].items", "awards[].items[]",
    "awards[].items[].id", "awards[].items[].description", "awards[].items[].classification",
    "awards[].items[].classification.scheme", "awards[].items[].classification.id",
    "awards[].items[].classification.description",
    "contracts", "contracts[]", "contracts[].id", "contracts[].awardID", "contracts[].status", "contracts[].period",
    "contracts[].period.startDate", "contracts[].period.endDate", "contracts[].value", "contracts[].value.amount",
    "contracts[].value.currency",
}  # fmt: skip


def paths(value: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths(child, path)
    elif isinstance(value, list):
        for child in value:
            yield f"{prefix}[]"
            yield from paths(child, f"{prefix}[]")


def test_a_call_off_release_keeps_value_dates_and_category_and_nothing_that_describes_the_child(
    consortium: Consortium, social_worker: User, child: Person, home_area: Area
) -> None:
    package_request = draft(
        consortium,
        social_worker,
        child,
        needs="Rare metabolic disorder; tube fed; attends Brookside special school",
        pattern="Placement in a solo home near Brookside",
    )

    publish_package_request(package_request, deadline=timezone.now() + timedelta(days=10), by=social_worker)
    bids = three_bids(consortium, package_request)
    close(package_request)
    first, second = package_request.questions.all()
    for bid in Bid.objects.all():
        evaluate_bid(bid, marks={first.pk: 9, second.pk: 9}, by=social_worker)
    award_package(package_request, bid=bids[0], reasons="Highest total", by=social_worker)
    package_request.refresh_from_db()

    release = call_off_release(package_request)
    text = json.dumps(release, default=as_json)

    assert set(paths(release)) <= ALLOWED_PATHS
    # Kept: the value (weekly price x weeks), the dates and the category.
    assert release["awards"][0]["value"]["amount"] == bids[0].price * package_request.expected_duration_weeks
    assert release["awards"][0]["contractPeriod"]["startDate"].startswith(package_request.start_date.isoformat())
    assert release["awards"][0]["items"][0]["description"] == consortium.category.name
    # Dropped: everything else that describes the child, the child and where they live below the council.
    for detail in (
        "Brookside",
        "metabolic",
        package_request.get_age_band_display(),
        package_request.age_band,
        child.given_name,
        child.family_name,
        str(child.date_of_birth),
        home_area.name,
    ):
        assert detail not in text, detail
