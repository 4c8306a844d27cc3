"""Who may see which organisation. Anything outside the answer is a 404, never a 403."""

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from carershub.core.request_cache import kept_on
from carershub.organisations.models import Area, Organisation

# Staff accounts sit above organisations (each works for one), so the account model is named only in annotations.
if TYPE_CHECKING:
    from carershub.accounts.models import User


def areas_of(user: "User") -> QuerySet[Area]:
    """The areas the user's organisation serves: the tenants this user may work in."""
    if user.organisation_id is None:
        return Area.objects.none()
    return Area.objects.filter(organisations=user.organisation_id)


def area_ids_served_by(organisation_id: int) -> list[int]:
    """The ids of the areas an organisation serves, as a literal list for queries to filter by: PostgreSQL estimates
    "area_id IN (subquery)" as one row and then plans joins badly at county scale (a 40 ms search became 400 ms)."""
    return list(
        Organisation.areas.through.objects.filter(organisation_id=organisation_id)
        .order_by("area_id")
        .values_list("area_id", flat=True)
    )


def area_ids_of(user: "User") -> list[int]:
    """The ids of the areas the user's organisation serves, read once per request (cached on the user object)."""
    return kept_on(
        user,
        "_area_ids",
        lambda: [] if user.organisation_id is None else area_ids_served_by(user.organisation_id),
        key=user.organisation_id,
    )


def organisations_visible_to(user: "User") -> QuerySet[Organisation]:
    """Your own organisation; administrators and commissioners also see every organisation in their areas."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    if user.organisation_id is None:
        return Organisation.objects.none()
    if user.works_across_areas:
        # A subquery rather than DISTINCT: an organisation serving two of the user's areas is listed once.
        serving = Organisation.areas.through.objects.filter(area_id__in=area_ids_of(user)).values("organisation_id")
        return Organisation.objects.filter(pk__in=serving)
    return Organisation.objects.filter(pk=user.organisation_id)


def get_organisation_for_user(user: "User", slug: str) -> Organisation:
    """The organisation with this slug if the user may see it; otherwise the same 404 as for a missing one."""
    organisation = organisations_visible_to(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("No organisation found")
    return organisation


def staff_of(organisation: Organisation) -> "list[User]":
    """Active staff of an organisation, with their roles loaded for display (two queries).

    The roles come from one query of group names rather than a prefetch of whole groups: a prefetch builds a related
    manager per member, which at a county's staff numbers cost more than the rest of the page.
    """
    staff = list(
        organisation.staff.filter(is_active=True)
        .only("full_name", "email", "job_title", "organisation_id")
        .order_by("full_name", "email")
    )
    if not staff:
        return staff
    group_names: dict[int, list[str]] = {member.pk: [] for member in staff}
    memberships = organisation.staff.model.groups.through.objects.filter(user_id__in=group_names)
    for user_id, group_name in memberships.values_list("user_id", "group__name"):
        group_names[user_id].append(group_name)
    for member in staff:
        member.remember_roles(group_names[member.pk])
    return staff


def areas_with_ids(area_ids: Collection[int]) -> QuerySet[Area]:
    """The areas with these ids (a measure over areas reads its per-period counts beside them)."""
    return Area.objects.filter(pk__in=area_ids).order_by("pk")
