"""Spot purchases (requested with a justification, approved by someone else, reported by council and reason) and
packages continuing with providers outside the arrangement until they are reviewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.core.access import AuthenticatedHttpRequest
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import area_ids_of
from carershub.procurement.forms.packages import (
    ContinuingPackageForm,
    ContinuingReviewForm,
    SpotDecisionForm,
    SpotPurchaseForm,
)
from carershub.procurement.models import Category, SpotPurchase
from carershub.procurement.selectors import (
    arrangements_visible_to,
    continuing_packages_of,
    spot_purchase_report,
    spot_purchases_visible_to,
    supplier_of,
)
from carershub.procurement.services.contingency import (
    ContingencyRefused,
    decide_spot_purchase,
    record_continuing_package,
    request_spot_purchase,
    review_continuing_package,
)


def _require_council_buyer(request: AuthenticatedHttpRequest) -> None:
    organisation = request.user.organisation
    if (
        organisation is None
        or not organisation.holds_statutory_duty()
        or supplier_of(request.user) is not None
        or not request.user.roles & {Role.PRACTITIONER, Role.MANAGER, Role.COMMISSIONER}
    ):
        raise Http404


@login_required
@require_GET
def spot_purchases(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_council_buyer(request)
    purchases = list(spot_purchases_visible_to(request.user)[:100])
    return render(
        request,
        "procurement/spot_purchases.html",
        {
            "spot_purchases": purchases,
            "report": spot_purchase_report(request.user),
            "can_decide": request.user.has_role(Role.COMMISSIONER, Role.MANAGER),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spot_purchase_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_council_buyer(request)
    providers = Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, is_active=True, areas__in=area_ids_of(request.user)
    ).distinct()
    form = SpotPurchaseForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            request_spot_purchase(
                provider=form.cleaned_data["provider"],
                reason=form.cleaned_data["reason"],
                justification=form.cleaned_data["justification"],
                weekly_price=form.cleaned_data["weekly_price"],
                start_date=form.cleaned_data["start_date"],
                by=request.user,
            )
        except ContingencyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Spot purchase requested: someone else in your council must approve it")
            return redirect(reverse("procurement:spot_purchases"))
    return render(request, "procurement/spot_purchase_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def spot_purchase_decide(request: AuthenticatedHttpRequest, spot_purchase_id: int) -> HttpResponse:
    _require_council_buyer(request)
    spot_purchase = get_object_or_404(
        spot_purchases_visible_to(request.user).filter(status=SpotPurchase.Status.REQUESTED), pk=spot_purchase_id
    )
    if spot_purchase.requested_by_id == request.user.pk or not request.user.has_role(Role.COMMISSIONER, Role.MANAGER):
        raise Http404
    form = SpotDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_spot_purchase(
                spot_purchase,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ContingencyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Decision recorded")
            return redirect(reverse("procurement:spot_purchases"))
    return render(request, "procurement/spot_purchase_decide.html", {"spot_purchase": spot_purchase, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def continuing_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_council_buyer(request)
    providers = Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, is_active=True, areas__in=area_ids_of(request.user)
    ).distinct()
    categories = Category.objects.filter(arrangement__in=arrangements_visible_to(request.user))
    form = ContinuingPackageForm(request.POST or None, providers=providers, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            record_continuing_package(by=request.user, **form.cleaned_data)
        except ContingencyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Continuing package recorded")
            return redirect(reverse("procurement:continuing_packages"))
    return render(
        request,
        "procurement/simple_form.html",
        {"form": form, "title": "Record a continuing package", "button": "Record"},
    )


@login_required
@require_GET
def continuing_packages(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_council_buyer(request)
    return render(
        request,
        "procurement/continuing_packages.html",
        {"packages": list(continuing_packages_of(request.user)[:200]), "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def continuing_review(request: AuthenticatedHttpRequest, continuing_package_id: int) -> HttpResponse:
    _require_council_buyer(request)
    package = get_object_or_404(continuing_packages_of(request.user), pk=continuing_package_id)
    form = ContinuingReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_continuing_package(package, outcome=form.cleaned_data["outcome"], by=request.user)
        except ContingencyRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Review recorded")
            return redirect(reverse("procurement:continuing_packages"))
    return render(
        request,
        "procurement/simple_form.html",
        {"form": form, "title": f"Review the package with {package.provider}", "button": "Record the review"},
    )
