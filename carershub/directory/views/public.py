"""Find support for carers: public pages, no account, no JavaScript needed. A search is a GET link; a service
page has everything a carer needs to act on it, and prints cleanly."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carershub.directory.forms import FindSupportForm
from carershub.directory.models import Schedule, Service
from carershub.directory.rules.places import miles
from carershub.directory.rules.schedules import InvalidRecurrence, Recurrence, describe
from carershub.directory.selectors import (
    area_with_slug,
    distance_in_metres,
    get_published_service,
    page_of,
    search_services,
)

RESULTS_PER_PAGE = 20


@dataclass(frozen=True)
class Result:
    service: Service
    miles_away: float | None
    meets: list[str]


def when_it_meets(schedule: Schedule) -> str:
    try:
        text = describe(
            Recurrence(
                freq=schedule.freq,
                interval=schedule.interval,
                byday=schedule.byday,
                bymonthday=schedule.bymonthday,
                opens_at=schedule.opens_at,
                closes_at=schedule.closes_at,
            )
        )
    except InvalidRecurrence:
        # An imported rule we cannot put into words: show what the provider wrote instead.
        text = schedule.description or "Ask the service when it meets"
    return text if not schedule.description else f"{text} ({schedule.description})"


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
        results = [
            Result(
                service=service,
                miles_away=None if (metres := distance_in_metres(service)) is None else miles(metres),
                meets=[when_it_meets(schedule) for schedule in service.schedules.all()],
            )
            for service in page.object_list
        ]
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


def _results_page(services: QuerySet[Service], asked_for: str) -> tuple[Page[Service], str]:
    """The page asked for, or the first with a note when there is no such page (as Paginator.page would say)."""
    try:
        number = int(asked_for)
    except ValueError:
        number = 0
    rows, total = page_of(services, number=number, size=RESULTS_PER_PAGE) if number >= 1 else ([], None)
    page_error = ""
    if total is None and number != 1:
        page_error = f"There is no page {asked_for}. Showing the first page of results."
        number = 1
        rows, total = page_of(services, number=1, size=RESULTS_PER_PAGE)
    paginator: Paginator[Service] = Paginator(services, RESULTS_PER_PAGE)
    paginator.count = total or 0  # known already: the paginator need not count again
    return Page(rows, number, paginator), page_error


@require_GET
def service_page(request: HttpRequest, service_id: str) -> HttpResponse:
    service = get_published_service(service_id)
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "meets": [when_it_meets(schedule) for schedule in service.schedules.all()],
            "places": [link.location for link in service.service_at_locations.all()],
            "terms": list(service.taxonomy_terms.all()),
        },
    )
