"""Who may edit and approve directory entries: a provider's directory editors see their own organisation's entries;
the council's approvers see every entry in the council's areas.
"""

import uuid
from typing import TYPE_CHECKING

from django.db.models import (
    Q,
    QuerySet,
)
from django.http import Http404

from carershub.directory.models import (
    Service,
    ServiceChange,
)
from carershub.organisations.selectors import area_ids_of

if TYPE_CHECKING:
    from carershub.accounts.models import User


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
