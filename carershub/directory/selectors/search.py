"""The public directory and the Open Referral UK API: published services only; anything else (a draft, a withdrawn
entry, a missing id) is the same 404.
"""

import operator
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.http import Http404

from carershub.directory.models import (
    Contact,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from carershub.directory.rules.places import METRES_PER_DEGREE, Place, longitude_scale
from carershub.organisations.models import Area

if TYPE_CHECKING:
    pass


# --- The public directory and the API --------------------------------------------------------------------------


def published_services() -> QuerySet[Service]:
    """What the public and the Open Referral API may see: published entries only."""
    return Service.objects.filter(publication=Service.Publication.PUBLISHED)


def enabled_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(disabled_on__isnull=True).select_related("taxonomy")


# The code of each term starts with its taxonomy's prefix.
_TERM_PREFIXES = {"needs": "need-", "audiences": "for-", "conditions": "condition-"}


def terms_by_taxonomy() -> dict[str, list[TaxonomyTerm]]:
    """The enabled terms of our three taxonomies, keyed "needs", "audiences", "conditions", for search forms."""
    grouped: dict[str, list[TaxonomyTerm]] = {"needs": [], "audiences": [], "conditions": []}
    for term in enabled_terms().order_by("order", "name"):
        for key, prefix in _TERM_PREFIXES.items():
            if term.code.startswith(prefix):
                grouped[key].append(term)
    return grouped


@dataclass(frozen=True)
class TermChoices:
    """Enabled terms as (code, name) choices, in order, keyed by taxonomy ("needs", "audiences", "conditions"), with
    each offered code's id (the public search's URL names terms by code; the search filters by id)."""

    choices: dict[str, list[tuple[str, str]]]
    ids: dict[str, uuid.UUID]


def term_choices(*keys: str) -> TermChoices:
    """The enabled terms of the taxonomies asked for, read as plain values in one query (no model per term)."""
    found = TermChoices({key: [] for key in keys}, {})
    rows = (
        TaxonomyTerm.objects.filter(disabled_on__isnull=True)
        .filter(reduce(operator.or_, (Q(code__startswith=_TERM_PREFIXES[key]) for key in keys)))
        .order_by("order", "name")
        .values_list("pk", "code", "name")
    )
    for pk, code, name in rows:
        found.choices[next(key for key in keys if code.startswith(_TERM_PREFIXES[key]))].append((code, name))
        found.ids[code] = pk
    return found


def area_with_slug(slug: str) -> Area | None:
    """The area a public search is limited to, when its link names one (an unknown slug limits nothing)."""
    return Area.objects.filter(slug=slug).first() if slug else None


@dataclass(frozen=True)
class Origin:
    """The point a search measures distance from, and what it was."""

    latitude: float
    longitude: float
    label: str


def find_origin(place: Place) -> Origin | None:
    """The centroid of a postcode or of a postcode district (the mean of its postcodes); None when unknown.
    Towns have no centroid here: they match a location's town instead."""
    if place.kind == "postcode":
        row = Postcode.objects.filter(postcode=place.value).values_list("latitude", "longitude").first()
        return None if row is None else Origin(float(row[0]), float(row[1]), place.value)
    if place.kind == "district":
        centre = Postcode.objects.filter(district=place.value).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
        if centre["lat"] is None:
            return None
        return Origin(float(centre["lat"]), float(centre["lon"]), place.value)
    return None


@dataclass(frozen=True)
class ServiceFilters:
    """A search of published services; every field optional. Ages in years, distance in metres."""

    words: tuple[str, ...] = ()
    term_ids: tuple[uuid.UUID, ...] = ()
    taxonomy_id: uuid.UUID | None = None
    age: int | None = None
    minimum_age_at_least: int | None = None
    maximum_age_at_most: int | None = None
    origin: Origin | None = None
    within_metres: float | None = None
    town: str = ""
    modified_after: datetime | None = None
    area_id: int | None = None


def _nearest_distance(origin: Origin) -> Subquery:
    """Squared distance in degrees of latitude from the origin to the service's nearest place (flat-earth: the
    database can sort by it, and within a county the error is a fraction of a per cent). A subquery per service
    rather than an aggregate, so the services need no GROUP BY."""
    scale = Value(Decimal(str(round(longitude_scale(origin.latitude), 6))))
    lat = F("location__latitude") - Value(Decimal(str(origin.latitude)))
    lon = (F("location__longitude") - Value(Decimal(str(origin.longitude)))) * scale
    nearest = (
        ServiceAtLocation.objects.filter(service_id=OuterRef("pk"), location__latitude__isnull=False)
        .annotate(distance_sq=ExpressionWrapper(lat * lat + lon * lon, output_field=FloatField()))
        .order_by("distance_sq")
        .values("distance_sq")[:1]
    )
    return Subquery(nearest, output_field=FloatField())


def _within_box(origin: Origin, metres: float) -> QuerySet[ServiceAtLocation]:
    """Places inside the square around the origin that holds the circle: an indexable first cut."""
    degrees = metres / METRES_PER_DEGREE
    across = degrees / max(longitude_scale(origin.latitude), 0.01)
    return ServiceAtLocation.objects.filter(
        location__latitude__range=(
            Decimal(f"{origin.latitude - degrees:.6f}"),
            Decimal(f"{origin.latitude + degrees:.6f}"),
        ),
        location__longitude__range=(
            Decimal(f"{origin.longitude - across:.6f}"),
            Decimal(f"{origin.longitude + across:.6f}"),
        ),
    )


def search_services(filters: ServiceFilters) -> QuerySet[Service]:
    """Published services matching every given filter, nearest first when there is an origin, else by name.

    Filters on related rows are subqueries (`pk__in`), so a service with two matching terms appears once and the
    count stays one query."""
    services = published_services()
    if filters.area_id is not None:
        services = services.filter(area_id=filters.area_id)
    for word in filters.words:
        services = services.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
        )
    for term_id in filters.term_ids:
        services = services.filter(
            pk__in=Service.taxonomy_terms.through.objects.filter(taxonomyterm_id=term_id).values("service_id")
        )
    if filters.taxonomy_id is not None:
        services = services.filter(
            pk__in=Service.taxonomy_terms.through.objects.filter(taxonomyterm__taxonomy_id=filters.taxonomy_id).values(
                "service_id"
            )
        )
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.minimum_age_at_least is not None:
        services = services.filter(minimum_age__gte=filters.minimum_age_at_least)
    if filters.maximum_age_at_most is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age_at_most)
    if filters.modified_after is not None:
        services = services.filter(content_modified_at__gte=filters.modified_after)
    if filters.town:
        services = services.filter(
            pk__in=ServiceAtLocation.objects.filter(location__city__iexact=filters.town).values("service_id")
        )
    if filters.origin is not None:
        if filters.within_metres is not None:
            services = services.filter(pk__in=_within_box(filters.origin, filters.within_metres).values("service_id"))
        services = services.annotate(distance_sq=_nearest_distance(filters.origin))
        if filters.within_metres is not None:
            limit = filters.within_metres / METRES_PER_DEGREE
            services = services.filter(distance_sq__lte=limit * limit)
        return services.order_by(F("distance_sq").asc(nulls_last=True), "name", "pk")
    return services.order_by("name", "pk")


def with_summary(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a results list shows: the organisation, places, schedules and terms, in a fixed number of queries."""
    return services.select_related("organisation").prefetch_related(
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("location__name"),
        ),
        Prefetch("schedules", queryset=Schedule.objects.order_by("freq", "byday", "id")),
        Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("order", "name")),
    )


@dataclass(frozen=True)
class PageIds:
    """The ids of one page of a search, in its order, with how many services match in all and the newest change
    among them (both None when the page is past the end), and each one's distance when the search measured it."""

    ids: list[uuid.UUID]
    total: int | None
    newest: datetime | None
    distances_sq: dict[uuid.UUID, float | None] = field(default_factory=dict)


def page_ids(services: QuerySet[Service], *, number: int, size: int) -> PageIds:
    """One page of a search's ids, reading its filters once: a word matches most of 5,000 descriptions, and a count
    and then a page read them all twice. The total and the newest change come with the ids (window aggregates),
    and so does the distance of a search from a place, so the page's rows need not work it out again."""
    start = (number - 1) * size
    measured = "distance_sq" in services.query.annotations
    fields = ("pk", "total", "newest", "distance_sq") if measured else ("pk", "total", "newest")
    found = list(
        services.annotate(total=Window(Count("pk")), newest=Window(Max("content_modified_at"))).values_list(*fields)[
            start : start + size
        ]
    )
    if not found:
        return PageIds([], None, None)
    return PageIds(
        [row[0] for row in found],
        found[0][1],
        found[0][2],
        {row[0]: row[3] for row in found} if measured else {},
    )


def services_with_ids(ids: list[uuid.UUID]) -> list[Service]:
    """The published services with these ids (a page found by `page_ids`), in that order, with their organisation.
    A plain lookup by primary key: the search's filters were applied when the ids were found."""
    by_id = {service.pk: service for service in published_services().select_related("organisation").filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def with_everything(services: QuerySet[Service]) -> QuerySet[Service]:
    """A fully nested service (the service page, ORUK `/services/{id}`), in a fixed number of queries."""
    return with_summary(services).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("name", "id")),
        "languages",
        "service_areas",
    )


def get_published_service(service_id: uuid.UUID | str) -> Service:
    """A published service, fully nested; anything else is a 404."""
    try:
        key = uuid.UUID(str(service_id))
    except ValueError:
        raise Http404("No service found") from None
    service = with_everything(published_services()).filter(pk=key).first()
    if service is None:
        raise Http404("No service found")
    return service


def last_change_of(services: QuerySet[Service]) -> tuple[int, datetime | None]:
    """How many services match and when the newest of them last changed (for ETag and Last-Modified)."""
    summary = services.order_by().aggregate(count=Count("pk"), newest=Max("content_modified_at"))
    return summary["count"], summary["newest"]


def published_service_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__publication=Service.Publication.PUBLISHED)


def get_published_service_at_location(key: uuid.UUID | str) -> ServiceAtLocation:
    try:
        parsed = uuid.UUID(str(key))
    except ValueError:
        raise Http404("Not found") from None
    found = (
        published_service_at_locations().select_related("location", "service__organisation").filter(pk=parsed).first()
    )
    if found is None:
        raise Http404("Not found")
    return found


def taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "id")
