"""Reads for the directory, encoding who may see what.

The public and the API see published services only; anything else (a draft, a withdrawn entry, a missing id) is
the same 404. A provider's directory editors see their own organisation's entries; the council's approvers see
every entry in the council's areas.
"""

import math
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
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
    ServiceChange,
    Signposting,
    Taxonomy,
    TaxonomyTerm,
)
from carershub.directory.rules.places import METRES_PER_DEGREE, Place, longitude_scale
from carershub.organisations.models import Area
from carershub.organisations.selectors import area_ids_of

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


# --- The public directory and the API --------------------------------------------------------------------------


def published_services() -> QuerySet[Service]:
    """What the public and the Open Referral API may see: published entries only."""
    return Service.objects.filter(publication=Service.Publication.PUBLISHED)


def enabled_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(disabled_on__isnull=True).select_related("taxonomy")


def terms_by_taxonomy() -> dict[str, list[TaxonomyTerm]]:
    """The enabled terms of our three taxonomies, keyed "needs", "audiences", "conditions", for search forms."""
    grouped: dict[str, list[TaxonomyTerm]] = {"needs": [], "audiences": [], "conditions": []}
    prefixes = {"need-": "needs", "for-": "audiences", "condition-": "conditions"}
    for term in enabled_terms().order_by("order", "name"):
        for prefix, key in prefixes.items():
            if term.code.startswith(prefix):
                grouped[key].append(term)
    return grouped


def term_ids_for(codes: list[str]) -> tuple[uuid.UUID, ...]:
    """The ids of the enabled terms with these codes (the public search's URL names terms by code)."""
    if not codes:
        return ()
    return tuple(enabled_terms().filter(code__in=codes).order_by("code").values_list("pk", flat=True))


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


def distance_in_metres(service: Service) -> float | None:
    """The distance `search_services` worked out for this row, in metres (None when it has no coordinates)."""
    squared = getattr(service, "distance_sq", None)
    return None if squared is None else math.sqrt(squared) * METRES_PER_DEGREE


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
    among them (both None when the page is past the end)."""

    ids: list[uuid.UUID]
    total: int | None
    newest: datetime | None


def page_ids(services: QuerySet[Service], *, number: int, size: int) -> PageIds:
    """One page of a search's ids, reading its filters once: a word matches most of 5,000 descriptions, and a count
    and then a page read them all twice. The total and the newest change come with the ids (window aggregates)."""
    start = (number - 1) * size
    found = list(
        services.annotate(total=Window(Count("pk")), newest=Window(Max("content_modified_at"))).values_list(
            "pk", "total", "newest"
        )[start : start + size]
    )
    if not found:
        return PageIds([], None, None)
    return PageIds([pk for pk, _, _ in found], found[0][1], found[0][2])


def rows_of(services: QuerySet[Service], ids: list[uuid.UUID]) -> list[Service]:
    """The services with these ids, in that order, each with the annotations the search gave it and its summary."""
    if not ids:
        return []
    by_id = {service.pk: service for service in with_summary(services.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids]


def page_of(services: QuerySet[Service], *, number: int, size: int) -> tuple[list[Service], int | None]:
    """One page of a search with its summary, and how many services match in all (None when past the end)."""
    page = page_ids(services, number=number, size=size)
    return rows_of(services, page.ids), page.total


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


# --- Editing and approval --------------------------------------------------------------------------------------


def may_approve_in_area(user: "User", area_id: int) -> bool:
    """The council holds the duty to provide information and advice in its area (Care Act 2014 s.4), so its
    approvers check every entry there before it is published."""
    organisation = user.organisation
    return (
        user.is_active
        and organisation is not None
        and organisation.holds_statutory_duty()
        and user.has_perm("directory.approve_entries")
        and area_id in area_ids_of(user)
    )


def services_editable_by(user: "User") -> QuerySet[Service]:
    """A provider's directory editors edit their own organisation's entries; a council's approvers, every entry in
    its areas. Everyone else, none."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Service.objects.none()
    allowed = Q(pk__in=[])
    if user.has_perm("directory.edit_own_entries"):
        allowed |= Q(organisation__organisation_id=user.organisation_id)
    organisation = user.organisation
    if user.has_perm("directory.approve_entries") and organisation and organisation.holds_statutory_duty():
        allowed |= Q(area_id__in=area_ids_of(user))
    return Service.objects.filter(allowed).exclude(publication=Service.Publication.WITHDRAWN)


def get_service_for_editor(user: "User", service_id: uuid.UUID | str) -> Service:
    try:
        key = uuid.UUID(str(service_id))
    except ValueError:
        raise Http404("No service found") from None
    service = services_editable_by(user).select_related("organisation", "area").filter(pk=key).first()
    if service is None:
        raise Http404("No service found")
    return service


def changes_awaiting(user: "User") -> QuerySet[ServiceChange]:
    """Changes waiting for this approver's check: pending changes to entries in the council's areas."""
    if not user.is_authenticated or user.organisation_id is None or not user.has_perm("directory.approve_entries"):
        return ServiceChange.objects.none()
    if user.organisation is None or not user.organisation.holds_statutory_duty():
        return ServiceChange.objects.none()
    return (
        ServiceChange.objects.filter(status=ServiceChange.Status.PENDING, service__area_id__in=area_ids_of(user))
        .select_related("service__organisation", "proposed_by")
        .order_by("created_at", "id")
    )


def get_change_for_approver(user: "User", change_id: int) -> ServiceChange:
    change = changes_awaiting(user).filter(pk=change_id).first()
    if change is None:
        raise Http404("No change found")
    return change


def history_of(service: Service) -> list[ServiceChange]:
    return list(service.changes.select_related("proposed_by", "decided_by").order_by("-created_at", "-id"))


def pending_change_of(service: Service) -> ServiceChange | None:
    return service.changes.filter(status=ServiceChange.Status.PENDING).first()


# --- Signposting ---------------------------------------------------------------------------------------------------


def signpostings_of(person: "Person") -> list[Signposting]:
    """The services a carer was signposted to (the caller has already checked that the user may see them)."""
    return list(
        Signposting.objects.filter(area_id=person.area_id, person=person).select_related("service", "organisation")
    )


# --- Counting for commissioners (carershub.reporting's KPI measures) --------------------------------------------
# Whole-population querysets that a measure only aggregates: no person's details leave them, so they need no user.


def signpostings_by_providers(provider_ids: Collection[int], area_ids: Collection[int]) -> QuerySet[Signposting]:
    """Signposting the providers recorded on carers' records in the areas."""
    return Signposting.objects.filter(organisation_id__in=provider_ids, area_id__in=area_ids)
