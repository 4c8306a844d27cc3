"""Staff pages about organisations: who works in my area, and who works here."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.selectors import get_organisation_for_user, organisations_visible_to, staff_of


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = organisations_visible_to(request.user).prefetch_related("areas").order_by("name")
    return render(request, "organisations/list.html", {"organisations": organisations})


@login_required
@transaction.atomic
def organisation_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    organisation = get_organisation_for_user(user, slug)
    staff = list(staff_of(organisation))
    # The staff list is personal data about employees: who looked at it is recorded like any other record.
    record_event(AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=organisation, purpose="organisation staff list")
    return render(
        request,
        "organisations/detail.html",
        {"organisation": organisation, "areas": organisation.areas.all(), "staff": staff},
    )
