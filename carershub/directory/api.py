"""The directory as an Open Referral UK 3.0 API at /api/openreferral/ (published services only, no personal data).

Open to any site (`Access-Control-Allow-Origin: *`, as the ORUK compliance rules ask), cacheable (ETag and
Last-Modified from the newest change of what was asked for, with 304 answers), and every bad filter or page is a
400 problem+json naming it.
"""

import hashlib
import math
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.timezone import is_naive, make_aware
from ninja import Router

from carershub.core.problems import problem_response
from carershub.directory import oruk
from carershub.directory.rules.places import read_place
from carershub.directory.selectors.search import (
    ServiceFilters,
    enabled_terms,
    find_origin,
    get_published_service,
    get_published_service_at_location,
    last_change_of,
    page_ids,
    published_service_at_locations,
    search_services,
    services_with_ids,
    taxonomies,
)

router = Router(tags=["Open Referral UK 3.0"])
DEFAULT_PER_PAGE = 50
CACHE_SECONDS = 300


class BadFilter(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class BadFilters(Exception):
    def __init__(self, errors: list[BadFilter]) -> None:
        super().__init__("bad filters")
        self.errors = errors


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(request: HttpRequest) -> HttpResponse:
    """Unpublished, withdrawn and missing alike."""
    return _cors(problem_response(request, status=404, title="Not found"))


def _bad_request(request: HttpRequest, errors: list[BadFilter]) -> HttpResponse:
    fields = ", ".join(error.field for error in errors)
    return _cors(
        problem_response(
            request,
            status=400,
            title="The request is not valid",
            detail=f"Check: {fields}.",
            errors=[{"field": error.field, "message": error.message} for error in errors],
        )
    )


def _cached_json(
    request: HttpRequest, *, newest: datetime | None, fingerprint: str, build: Callable[[], Any]
) -> HttpResponse:
    """Answer 304 when the caller holds what we would send; else build the body. The ETag covers the address,
    the query and the newest change (plus a count, so a withdrawn entry changes it too)."""
    etag = '"' + hashlib.sha256(f"{request.get_full_path()}|{fingerprint}".encode()).hexdigest()[:32] + '"'
    last_modified = int(newest.timestamp()) if newest else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = (
        not_modified if not_modified is not None else JsonResponse(build(), json_dumps_params={"ensure_ascii": False})
    )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return _cors(response)


def _int(request: HttpRequest, name: str, *, minimum: int = 0) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(float(raw)) if "." in raw else int(raw)
    except ValueError:
        raise BadFilter(name, "must be a whole number") from None
    if value < minimum:
        raise BadFilter(name, f"must be {minimum} or more")
    return value


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadFilter(name, "must be a UUID") from None


def _paging(request: HttpRequest) -> tuple[int, int]:
    page_number = _int(request, "page", minimum=1) or 1
    requested = _int(request, "per_page", minimum=1) or DEFAULT_PER_PAGE
    # A huge per_page is capped rather than refused: the standard lets the server choose the page size.
    return page_number, min(requested, settings.CARERSHUB_DIRECTORY_MAX_PER_PAGE)


def _modified_after(request: HttpRequest) -> datetime | None:
    raw = request.GET.get("modified_after", "").strip()
    if not raw:
        return None
    try:
        parsed = parse_datetime(raw)
    except ValueError:
        parsed = None
    if parsed is None:
        day = parse_date(raw) if len(raw) == 10 else None
        if day is None:
            raise BadFilter("modified_after", "must be a date-time such as 2026-01-31T09:00:00Z")
        parsed = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made aware on the next line
    return make_aware(parsed) if is_naive(parsed) else parsed


def _service_filters(request: HttpRequest) -> ServiceFilters:
    errors: list[BadFilter] = []

    def attempt(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except BadFilter as error:
            errors.append(error)
            return None

    words = tuple(request.GET.get("search", "").split()[:10])
    term_id = attempt(lambda: _uuid(request, "taxonomy_term_id"))
    taxonomy_id = attempt(lambda: _uuid(request, "taxonomy_id"))
    minimum_age = attempt(lambda: _int(request, "minimum_age"))
    maximum_age = attempt(lambda: _int(request, "maximum_age"))
    modified_after = attempt(lambda: _modified_after(request))
    proximity = attempt(lambda: _int(request, "proximity", minimum=1))
    postcode_text = request.GET.get("postcode", "").strip()
    origin = None
    if postcode_text:
        place = read_place(postcode_text)
        origin = find_origin(place) if place is not None and place.kind != "town" else None
        if origin is None:
            errors.append(BadFilter("postcode", "is not a postcode or postcode district we know"))
    elif proximity is not None:
        errors.append(BadFilter("proximity", "needs a postcode to measure from"))
    if errors:
        raise BadFilters(errors)
    return ServiceFilters(
        words=words,
        term_ids=(term_id,) if term_id else (),
        taxonomy_id=taxonomy_id,
        minimum_age_at_least=minimum_age,
        maximum_age_at_most=maximum_age,
        modified_after=modified_after,
        origin=origin,
        within_metres=float(proximity) if proximity is not None and origin is not None else None,
    )


def _paging_and_filters(request: HttpRequest) -> tuple[int, int, ServiceFilters]:
    """Read everything asked for, reporting every bad parameter at once."""
    errors: list[BadFilter] = []
    try:
        page_number, per_page = _paging(request)
    except BadFilter as error:
        errors.append(error)
    try:
        filters = _service_filters(request)
    except BadFilters as bad:
        errors.extend(bad.errors)
    if errors:
        raise BadFilters(errors)
    return page_number, per_page, filters


def _page_of(request: HttpRequest, total: int, page_number: int, per_page: int) -> None:
    total_pages = math.ceil(total / per_page) if total else 0
    if page_number > max(total_pages, 1):
        raise BadFilter("page", f"there are {total_pages} pages")


def _count_and_newest(filters: ServiceFilters) -> tuple[int, datetime | None]:
    """How many services match, and the newest change among them. The distance filter is an aggregate, so with
    an origin the count is of what it leaves, and the newest change is read without the distance."""
    if filters.origin is None:
        return last_change_of(search_services(filters))
    _, newest = last_change_of(search_services(replace(filters, origin=None, within_metres=None)))
    return search_services(filters).count(), newest


@router.get("/", url_name="openreferral_about", summary="About this API and its Open Referral UK profile")
def about(request: HttpRequest) -> HttpResponse:
    return _cors(
        JsonResponse(
            {
                "version": oruk.VERSION,
                "profile": oruk.PROFILE,
                "openapi_url": oruk.OPENAPI_URL,
            }
        )
    )


@router.get("/services", url_name="openreferral_services", summary="Published services, a page at a time")
def services(request: HttpRequest) -> HttpResponse:
    try:
        page_number, per_page, filters = _paging_and_filters(request)
    except BadFilters as bad:
        return _bad_request(request, bad.errors)
    matching = search_services(filters)
    # The page's ids with the total and the newest change, in one reading of the filters; a page past the end (or
    # an empty result) counts separately, to say how many pages there are.
    page = page_ids(matching, number=page_number, size=per_page)
    if page.total is None:
        total, newest = _count_and_newest(filters)
    else:
        total, newest = page.total, page.newest
        if filters.origin is not None:  # the newest change is of the services the distance does not limit
            _, newest = last_change_of(search_services(replace(filters, origin=None, within_metres=None)))
    try:
        _page_of(request, total, page_number, per_page)
    except BadFilter as error:
        return _bad_request(request, [error])

    def build() -> dict[str, Any]:
        return oruk.page(
            items=[oruk.service_summary(service) for service in services_with_ids(page.ids)],
            total_items=total,
            page_number=page_number,
            per_page=per_page,
        )

    return _cached_json(request, newest=newest, fingerprint=f"{total}|{newest}", build=build)


@router.get("/services/{service_id}", url_name="openreferral_service", summary="One published service, fully nested")
def service(request: HttpRequest, service_id: str) -> HttpResponse:
    try:
        found = get_published_service(service_id)
    except Http404:
        return _not_found(request)
    return _cached_json(
        request,
        newest=found.content_modified_at,
        fingerprint=f"{found.version}|{found.content_modified_at}",
        build=lambda: oruk.service_full(found),
    )


def _reference_page(request: HttpRequest, rows: list[dict[str, Any]]) -> HttpResponse:
    try:
        page_number, per_page = _paging(request)
        _page_of(request, len(rows), page_number, per_page)
    except BadFilter as error:
        return _bad_request(request, [error])
    start = (page_number - 1) * per_page
    body = oruk.page(
        items=rows[start : start + per_page], total_items=len(rows), page_number=page_number, per_page=per_page
    )
    return _cached_json(
        request,
        newest=None,
        fingerprint=hashlib.sha256(repr(body).encode()).hexdigest(),
        build=lambda: body,
    )


@router.get("/taxonomies", url_name="openreferral_taxonomies", summary="The taxonomies our services are classified by")
def taxonomy_list(request: HttpRequest) -> HttpResponse:
    return _reference_page(request, [oruk.taxonomy(value) for value in taxonomies()])


@router.get("/taxonomy_terms", url_name="openreferral_taxonomy_terms", summary="Every term in use, with its stable id")
def taxonomy_term_list(request: HttpRequest) -> HttpResponse:
    return _reference_page(request, [oruk.taxonomy_term(term) for term in enabled_terms().order_by("code")])


@router.get(
    "/service_at_locations",
    url_name="openreferral_service_at_locations",
    summary="Where published services are, a page at a time",
)
def service_at_location_list(request: HttpRequest) -> HttpResponse:
    try:
        page_number, per_page, filters = _paging_and_filters(request)
    except BadFilters as bad:
        return _bad_request(request, bad.errors)
    service_ids = search_services(filters).values("pk")
    rows = published_service_at_locations().filter(service_id__in=service_ids).order_by("service__name", "pk")
    total = rows.count()
    try:
        _page_of(request, total, page_number, per_page)
    except BadFilter as error:
        return _bad_request(request, [error])
    _, newest = _count_and_newest(filters)

    def build() -> dict[str, Any]:
        start = (page_number - 1) * per_page
        page_rows = rows.select_related("location", "service__organisation")[start : start + per_page]
        return oruk.page(
            items=[oruk.service_at_location(value) for value in page_rows],
            total_items=total,
            page_number=page_number,
            per_page=per_page,
        )

    return _cached_json(request, newest=newest, fingerprint=f"{total}|{newest}", build=build)


@router.get(
    "/service_at_locations/{key}",
    url_name="openreferral_service_at_location",
    summary="One published service at one location",
)
def service_at_location(request: HttpRequest, key: str) -> HttpResponse:
    try:
        found = get_published_service_at_location(key)
    except Http404:
        return _not_found(request)
    return _cached_json(
        request,
        newest=found.service.content_modified_at,
        fingerprint=f"{found.service.version}",
        build=lambda: oruk.service_at_location(found),
    )
