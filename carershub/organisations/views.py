"""Staff pages about organisations: who works in my area, and who works here."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.links import RowUrl
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.organisations.selectors import get_organisation_for_user, organisations_visible_to, staff_of


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """One line of the organisation list: only what the table shows."""

    name: str
    url: str
    kind: str
    areas: str


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One line of an organisation's staff table."""

    name: str
    job_title: str
    roles: str


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Plain values rather than model rows with a prefetched manager each, and the detail link built from one
    # reverse(): at county scale the list has hundreds of rows, and per-row model work was most of the page's time.
    organisations = list(
        organisations_visible_to(request.user).order_by("name").values_list("pk", "name", "slug", "kind")
    )
    area_names: dict[int, list[str]] = defaultdict(list)
    if organisations:
        served = Organisation.areas.through.objects.filter(organisation_id__in=[row[0] for row in organisations])
        for organisation_id, area_name in served.order_by("area__name").values_list("organisation_id", "area__name"):
            area_names[organisation_id].append(area_name)
    kinds = dict(Organisation.Kind.choices)
    organisation_url = RowUrl("organisations:detail")
    rows = [
        OrganisationRow(
            name=name,
            url=organisation_url(slug),
            kind=kinds.get(kind, kind),
            areas=", ".join(area_names[pk]),
        )
        for pk, name, slug, kind in organisations
    ]
    return render(request, "organisations/list.html", {"organisations": rows})


@login_required
@transaction.atomic
def organisation_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    organisation = get_organisation_for_user(user, slug)
    # What each row shows, worked out here once rather than through filters per cell (hundreds of staff at a county).
    staff = [
        StaffRow(
            name=member.get_full_name() or member.email,
            job_title=member.job_title or "Not recorded",
            roles=", ".join(member.role_labels) or "None",
        )
        for member in staff_of(organisation)
    ]
    # The staff list is personal data about employees: who looked at it is recorded like any other record.
    record_event(AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=organisation, purpose="organisation staff list")
    return render(
        request,
        "organisations/detail.html",
        {"organisation": organisation, "areas": organisation.areas.all(), "staff": staff},
    )
