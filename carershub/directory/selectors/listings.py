"""The search results page's rows, read as plain values: three queries whatever the page size."""

import math
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from carershub.directory.models import (
    Schedule,
    ServiceAtLocation,
    age_range_text,
    cost_text,
)
from carershub.directory.rules.places import METRES_PER_DEGREE
from carershub.directory.rules.schedules import Recurrence

if TYPE_CHECKING:
    pass


from carershub.directory.selectors.search import PageIds, published_services


@dataclass(frozen=True)
class ListedPlace:
    name: str
    postal_code: str


@dataclass(frozen=True)
class ListedTime:
    """One schedule of a service: its rule and what the provider wrote about it."""

    recurrence: Recurrence
    description: str


@dataclass(frozen=True)
class Listing:
    """One result of the public search, as plain values: the service and its organisation's name, its age range
    and cost in words, where and when it meets, and how far it is from the place searched from (None when the
    search named no place, or the service has no coordinates)."""

    id: uuid.UUID
    name: str
    description: str
    organisation: str
    ages: str
    cost: str
    places: list[ListedPlace]
    times: list[ListedTime]
    metres_away: float | None


def listings(page: PageIds) -> list[Listing]:
    """The page's services with their places and meeting times, in three queries whatever the page's size.

    Read as plain values, not models: a results list shows a few fields of each row, and building a model per
    service, organisation, place and schedule (with a related manager per service for each prefetch) cost more
    than everything else on the page."""
    if not page.ids:
        return []
    places: dict[uuid.UUID, list[ListedPlace]] = {pk: [] for pk in page.ids}
    place_rows = (
        ServiceAtLocation.objects.filter(service_id__in=page.ids)
        .order_by("location__name", "location_id")
        .values_list("service_id", "location__name", "location__postal_code")
    )
    for service_id, name, postal_code in place_rows:
        places[service_id].append(ListedPlace(name, postal_code))
    times: dict[uuid.UUID, list[ListedTime]] = {pk: [] for pk in page.ids}
    schedules = (
        Schedule.objects.filter(service_id__in=page.ids)
        .order_by("freq", "byday", "id")
        .values_list("service_id", "freq", "interval", "byday", "bymonthday", "opens_at", "closes_at", "description")
    )
    for service_id, freq, interval, byday, bymonthday, opens_at, closes_at, description in schedules:
        times[service_id].append(
            ListedTime(Recurrence(freq, interval, byday, bymonthday, opens_at, closes_at), description)
        )
    rows = (
        published_services()
        .filter(pk__in=page.ids)
        .values_list(
            "pk",
            "name",
            "description",
            "organisation__name",
            "minimum_age",
            "maximum_age",
            "is_free",
            "cost_amount",
            "fees_description",
        )
    )
    by_id: dict[uuid.UUID, Listing] = {}
    for pk, name, description, organisation, minimum_age, maximum_age, is_free, amount, fees_description in rows:
        by_id[pk] = Listing(
            id=pk,
            name=name,
            description=description,
            organisation=organisation,
            ages=age_range_text(minimum_age, maximum_age),
            cost=cost_text(is_free=is_free, amount=amount, fees_description=fees_description),
            places=places[pk],
            times=times[pk],
            metres_away=_metres(page.distances_sq.get(pk)),
        )
    return [by_id[pk] for pk in page.ids if pk in by_id]


def _metres(distance_sq: float | None) -> float | None:
    return None if distance_sq is None else math.sqrt(distance_sq) * METRES_PER_DEGREE
