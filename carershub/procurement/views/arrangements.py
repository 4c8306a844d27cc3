"""The procurement home page, the arrangement page, provider reviews and the open data (OCDS and awards CSV)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from carershub.commissioning.ocds import as_json
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.forms.packages import ProviderReviewForm
from carershub.procurement.models import Application, Supplier
from carershub.procurement.ocds import arrangement_release_package
from carershub.procurement.selectors import (
    applications_visible_to,
    arrangements_visible_to,
    awards_by_council,
    councils_in,
    get_arrangement_for_user,
    invitations_for,
    is_assessor,
    is_buyer_in,
    is_buying_organisation_staff,
    is_lead_commissioner,
    members_of,
    memberships_of,
    package_requests_visible_to,
    reviews_visible_to,
    spot_purchases_visible_to,
    supplier_of,
)
from carershub.procurement.services.contingency import ContingencyRefused, record_provider_review
from carershub.procurement.services.ratings import recheck_due, recheck_months


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the signed-in person does here: a supplier's memberships, applications and invitations; a council's
    arrangements, package requests and spot purchases. Anyone else has no page."""
    user = request.user
    supplier = supplier_of(user)
    if supplier is not None:
        return render(
            request,
            "procurement/supplier_home.html",
            {
                "supplier": supplier,
                "arrangements": list(arrangements_visible_to(user).prefetch_related("categories")),
                "memberships": list(memberships_of(supplier)),
                # The columns the page shows, not 50 whole package requests and applications with wide related
                # rows (councils, suppliers' organisations) built for each.
                "applications": list(
                    applications_visible_to(user)
                    .select_related(None)
                    .select_related("category")
                    .only("status", "category__name")
                    .order_by("-created_at")[:50]
                ),
                "invitations": list(
                    invitations_for(supplier).only("reference", "deadline", "category__name", "council__name")[:50]
                ),
            },
        )
    if not is_buying_organisation_staff(user):
        raise Http404
    return render(
        request,
        "procurement/council_home.html",
        {
            "arrangements": list(arrangements_visible_to(user).select_related("lead_authority")),
            "package_requests": list(package_requests_visible_to(user)[:50]),
            "spot_purchases": spot_purchases_visible_to(user).count(),
        },
    )


@login_required
@require_GET
def arrangement(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    user = request.user
    is_council = is_buyer_in(user, arrangement)
    to_assess = (
        list(
            applications_visible_to(user).filter(category__arrangement=arrangement, status=Application.Status.SUBMITTED)
        )
        if is_assessor(user, arrangement)
        else []
    )
    is_lead = is_lead_commissioner(user, arrangement)
    return render(
        request,
        "procurement/arrangement.html",
        {
            "arrangement": arrangement,
            "participants": list(councils_in(arrangement)),
            "categories": list(arrangement.categories.prefetch_related("areas")),
            "windows": list(arrangement.windows.all()),
            "notices": list(arrangement.notices.all()),
            "extensions": list(arrangement.extensions.prefetch_related("agreed_by")),
            "questions": list(arrangement.questions.all()) if is_council or supplier_of(user) else [],
            "is_council": is_council,
            "is_lead": is_lead,
            "to_assess": to_assess,
            "members": list(members_of(arrangement)) if is_council else [],
            "recheck_due_ids": {m.pk for m in recheck_due(arrangement)} if is_lead else set(),
            "recheck_months": recheck_months(),
            "reviews": list(reviews_visible_to(user).filter(arrangement=arrangement)[:50]) if is_council else [],
            "awards": awards_by_council(arrangement) if is_council else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    if not is_buyer_in(request.user, arrangement):
        raise Http404
    suppliers = Supplier.objects.filter(memberships__category__arrangement=arrangement).distinct()
    form = ProviderReviewForm(request.POST or None, suppliers=suppliers.select_related("organisation"))
    if request.method == "POST" and form.is_valid():
        try:
            record_provider_review(
                arrangement,
                supplier=form.cleaned_data["supplier"],
                kind=form.cleaned_data["kind"],
                rating=form.cleaned_data["rating"],
                summary=form.cleaned_data["summary"],
                by=request.user,
            )
        except ContingencyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Review recorded and shared with every council in the arrangement")
            return redirect(arrangement)
    return render(request, "procurement/review_new.html", {"arrangement": arrangement, "form": form})


@login_required
@require_GET
def arrangement_ocds(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    """The arrangement and its call-offs as an OCDS 1.1.5 release package: open data, no personal data."""
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    if not is_buyer_in(request.user, arrangement):
        raise Http404
    package = arrangement_release_package(arrangement)
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=arrangement,
        purpose="Publishing open contracting data",
        event=ProcurementEvent.OPEN_DATA_EXPORTED,
        detail={"format": "ocds"},
    )
    response = HttpResponse(as_json(package), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{arrangement.reference}-ocds.json"'
    return response


@login_required
@require_GET
def awards_csv(request: AuthenticatedHttpRequest, arrangement_reference: str) -> HttpResponse:
    """Awards through the arrangement, by council: counts and weekly values, no people, no bidders' prices."""
    arrangement = get_arrangement_for_user(request.user, arrangement_reference)
    if not is_buyer_in(request.user, arrangement):
        raise Http404
    rows = awards_by_council(arrangement)
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=arrangement,
        purpose="Reporting awards by council",
        event=ProcurementEvent.OPEN_DATA_EXPORTED,
        detail={"format": "csv"},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{arrangement.reference}-awards-by-council.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["Council", "Category", "Packages awarded", "Total weekly value (GBP)"])
    for row in rows:
        writer.writerow([row.council, row.category, row.awarded, f"{row.weekly_value:.2f}"])
    return response
