"""Staff pages about identification partners: which GP practices and schools we work with, and what was done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors
from carershub.identification.forms.partners import EngagementForm
from carershub.identification.selectors import (
    can_record_engagement,
    can_see_partners,
    engagement_by_area,
    engagement_log,
    get_gp_practice_for_user,
    get_school_for_user,
    partners_for,
    twelve_months_before,
)
from carershub.identification.services import EngagementInvalid, record_engagement
from carershub.organisations.models import GPPractice, School


@login_required
@require_http_methods(["GET"])
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_see_partners(request.user):
        raise Http404("No partners found")
    partners = partners_for(request.user)
    return render(
        request,
        "identification/partners/list.html",
        {"partners": partners, "headlines": engagement_by_area(partners), "show_area": len(partners.areas) > 1},
    )


@login_required
@require_http_methods(["GET", "POST"])
def gp_practice_detail(request: AuthenticatedHttpRequest, ods_code: str) -> HttpResponse:
    return _partner_detail(request, get_gp_practice_for_user(request.user, ods_code))


@login_required
@require_http_methods(["GET", "POST"])
def school_detail(request: AuthenticatedHttpRequest, urn: str) -> HttpResponse:
    return _partner_detail(request, get_school_for_user(request.user, urn))


def _partner_detail(request: AuthenticatedHttpRequest, partner: GPPractice | School) -> HttpResponse:
    """A partner's activity log, and (for those who may record) a form to add to it."""
    may_record = can_record_engagement(request.user)
    form = None
    if request.method == "POST":
        if not may_record:
            raise Http404("No partner found")  # commissioners read; a refusal looks like any other
        form = EngagementForm(request.POST)
        if form.is_valid():
            try:
                record_engagement(
                    partner,
                    recorded_by=request.user,
                    occurred_on=form.cleaned_data["occurred_on"],
                    kind=form.cleaned_data["kind"],
                    carers_identified=form.cleaned_data["carers_identified"],
                    notes=form.cleaned_data["notes"],
                )
            except EngagementInvalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, f"Activity with {partner.name} recorded")
                return redirect(request.path)
    elif may_record:
        form = EngagementForm()
    activities = list(engagement_log(partner))
    since = twelve_months_before(timezone.localdate())
    recent = [activity for activity in activities if activity.occurred_on >= since]
    return render(
        request,
        "identification/partners/detail.html",
        {
            "partner": partner,
            "is_gp_practice": isinstance(partner, GPPractice),
            "activities": activities,
            "activities_last_year": len(recent),
            "carers_identified_last_year": sum(activity.carers_identified for activity in recent),
            "form": form,
        },
    )
