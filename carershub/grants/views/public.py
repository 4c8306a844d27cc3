"""The fund's public pages, for community groups without an account: the fund and its open rounds, the application
form, and the awards as 360Giving open data at a stable address."""

from typing import Final

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.core.ratelimit import client_address_digest, within_limit
from carershub.grants.forms import HONEYPOT_FIELD, ApplicationForm
from carershub.grants.selectors import get_public_fund, published_awards, rounds_of
from carershub.grants.services import GrantsInvalid
from carershub.grants.services.applications import is_open, submit_application
from carershub.grants.threesixtygiving import grant_package

APPLICATIONS_PER_HOUR: Final = 10
SUBMITTED_KEY: Final = "grants_submitted_reference"


@require_GET
def fund(request: HttpRequest, slug: str) -> HttpResponse:
    community_fund = get_public_fund(slug)
    today = timezone.localdate()
    rounds = [(item, is_open(item, on=today)) for item in rounds_of(community_fund)]
    return render(request, "grants/public/fund.html", {"fund": community_fund, "rounds": rounds})


@require_http_methods(["GET", "POST"])
@transaction.atomic
def apply(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    community_fund = get_public_fund(slug)
    funding_round = community_fund.rounds.filter(pk=round_id).first()
    if funding_round is None or not is_open(funding_round, on=timezone.localdate()):
        return render(request, "grants/public/closed.html", {"fund": community_fund}, status=404)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get(HONEYPOT_FIELD, "").strip():
            # A robot: it is shown the same confirmation and nothing is kept.
            return redirect("grants_public:submitted", slug=slug)
        if not within_limit(
            f"grants:{client_address_digest(request)}", limit=APPLICATIONS_PER_HOUR, period_seconds=3600
        ):
            return render(request, "grants/public/too_many.html", {"fund": community_fund}, status=429)
        try:
            with transaction.atomic():
                submitted = submit_application(
                    funding_round, submission_key=form.cleaned_data["submission_key"], details=form.details()
                )
        except GrantsInvalid as invalid:
            for message in invalid.errors.values():
                form.add_error(None, message)
        else:
            request.session[SUBMITTED_KEY] = submitted.application.reference
            return redirect("grants_public:submitted", slug=slug)
    return render(request, "grants/public/apply.html", {"fund": community_fund, "round": funding_round, "form": form})


@require_GET
def submitted(request: HttpRequest, slug: str) -> HttpResponse:
    community_fund = get_public_fund(slug)
    return render(
        request,
        "grants/public/submitted.html",
        {"fund": community_fund, "reference": request.session.get(SUBMITTED_KEY, "")},
    )


@require_GET
def threesixtygiving(request: HttpRequest, slug: str) -> HttpResponse:
    """The fund's awards as a 360Giving grant package, always at this address; `?download` saves it as a file."""
    community_fund = get_public_fund(slug)
    uri = request.build_absolute_uri(reverse("grants_public:360giving", args=[slug]))
    package = grant_package(community_fund, published_awards(community_fund), uri=uri, published=timezone.now())
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{slug}-360giving.json"'
    return response
