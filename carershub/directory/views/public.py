"""Find support for carers: public pages, no account, no JavaScript needed. A search is a GET link; a service
page has everything a carer needs to act on it, and prints cleanly."""

import uuid
from collections.abc import Callable
from typing import TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from carershub.directory.forms import FindSupportForm
from carershub.directory.models import Schedule, Service
from carershub.directory.rules.places import miles
from carershub.directory.rules.schedules import InvalidRecurrence, Recurrence, describe
from carershub.directory.selectors.listings import Listing, listings
from carershub.directory.selectors.search import area_with_slug, get_published_service, page_ids, search_services

RESULTS_PER_PAGE = 20
# A result shows the start of the service's description.
SUMMARY_WORDS = 30


class Result(TypedDict):
    """One result as the page shows it: plain strings the template writes out (and escapes), no lookups per row."""

    url: str
    name: str
    organisation: str
    summary: str
    meets: str
    places: str
    miles_away: float | None
    ages: str
    cost: str


def _result(listing: Listing, url_of: Callable[[uuid.UUID], str]) -> Result:
    return {
        "url": url_of(listing.id),
        "name": listing.name,
        "organisation": listing.organisation,
        "summary": Truncator(listing.description).words(SUMMARY_WORDS, truncate=" …"),
        "meets": "; ".join(when_it_meets(time.recurrence, time.description) for time in listing.times),
        "places": "; ".join(
            f"{place.name}, {place.postal_code}" if place.postal_code else place.name for place in listing.places
        ),
        "miles_away": None if listing.metres_away is None else miles(listing.metres_away),
        "ages": listing.ages,
        "cost": listing.cost,
    }


def _service_urls() -> Callable[[uuid.UUID], str]:
    """The service page's address for an id: reversed once per page, not once per result."""
    marker = uuid.UUID(int=0)
    before, after = reverse("find_support:service", args=[marker]).split(str(marker))
    return lambda service_id: f"{before}{service_id}{after}"


def when_it_meets(recurrence: Recurrence, description: str) -> str:
    try:
        text = describe(recurrence)
    except InvalidRecurrence:
        # An imported rule we cannot put into words: show what the provider wrote instead.
        text = description or "Ask the service when it meets"
    return text if not description else f"{text} ({description})"


def _when_schedule_meets(schedule: Schedule) -> str:
    return when_it_meets(
        Recurrence(
            freq=schedule.freq,
            interval=schedule.interval,
            byday=schedule.byday,
            bymonthday=schedule.bymonthday,
            opens_at=schedule.opens_at,
            closes_at=schedule.closes_at,
        ),
        schedule.description,
    )


@require_GET
def find_support(request: HttpRequest) -> HttpResponse:
    """One page: the search form, and the results when anything was asked."""
    area = area_with_slug(request.GET.get("area", ""))
    asked = any(request.GET.get(name) for name in ("q", "need", "audience", "age", "place", "distance"))
    form = FindSupportForm(request.GET if asked else None)
    results: list[Result] = []
    page = None
    page_error = ""
    if asked and form.is_valid():
        services = search_services(form.filters(area_id=area.pk if area else None))
        page, page_error = _results_page(services, request.GET.get("page") or "1")
        url_of = _service_urls()
        results = [_result(listing, url_of) for listing in page.object_list]
    return render(
        request,
        "directory/find_support.html",
        {
            "form": form,
            "asked": asked,
            "area": area,
            "results": results,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1) if page else [],
            "page_error": page_error,
        },
    )


def _results_page(services: QuerySet[Service], asked_for: str) -> tuple[Page[Listing], str]:
    """The page asked for, or the first with a note when there is no such page (as Paginator.page would say)."""
    try:
        number = int(asked_for)
    except ValueError:
        number = 0
    found = page_ids(services, number=number, size=RESULTS_PER_PAGE) if number >= 1 else None
    page_error = ""
    if found is None or (found.total is None and number != 1):
        page_error = f"There is no page {asked_for}. Showing the first page of results."
        number = 1
        found = page_ids(services, number=1, size=RESULTS_PER_PAGE)
    paginator: Paginator[Listing] = Paginator([], RESULTS_PER_PAGE)
    paginator.count = found.total or 0  # known already: the paginator need not count again
    return Page(listings(found), number, paginator), page_error


@require_GET
def service_page(request: HttpRequest, service_id: str) -> HttpResponse:
    service = get_published_service(service_id)
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "meets": [_when_schedule_meets(schedule) for schedule in service.schedules.all()],
            "places": [link.location for link in service.service_at_locations.all()],
            "terms": list(service.taxonomy_terms.all()),
        },
    )
