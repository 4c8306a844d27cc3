"""What an organisation's API key may see. A referral the key may not see is a 404, exactly like a missing one.

An integration sees the referrals its organisation made and those routed to it, in the areas it serves. Staff
visibility is `selectors.referrals_visible_to`; keys have no user, so their rules are here.
"""

import hashlib
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from carershub.organisations.models import ApiKey, Area, GPPractice, Organisation, School
from carershub.organisations.selectors import area_ids_served_by
from carershub.referrals.models import Referral


def _area_ids(organisation: Organisation) -> QuerySet[Any, Any]:
    # A subquery, not a join: one query, and no duplicate rows when an organisation serves several areas.
    return Organisation.areas.through.objects.filter(organisation_id=organisation.pk).values("area_id")


@dataclass(frozen=True)
class ReferralPosition:
    """Where a page of the newest-first list ended: the next page starts strictly after it."""

    received_at: datetime
    pk: int


def _newest_first_after(
    referrals: QuerySet[Referral], after: ReferralPosition | None, limit: int
) -> Iterator[Referral]:
    if after is not None:
        # "received_at <= t" bounds the index scan; the OR only breaks ties within the same instant.
        referrals = referrals.filter(
            Q(received_at__lt=after.received_at) | Q(received_at=after.received_at, pk__lt=after.pk),
            received_at__lte=after.received_at,
        )
    return iter(referrals.order_by("-received_at", "-pk")[:limit])


def referral_list_page_for_api_key(
    api_key: ApiKey, *, status: str | None, after: ReferralPosition | None, page_size: int
) -> tuple[list[Referral], bool]:
    """One page, newest first, of the referrals the key's organisation received or made in the areas it serves,
    and whether more follow.

    Two queries, one per side of "provider = X OR referring_organisation = X", each walking its own
    (organisation, -received_at, -id) index and stopping after page_size + 1 rows; merged here on the same sort
    key. A referral an organisation both made and received appears on both sides and is listed once."""
    organisation = api_key.organisation
    visible = Referral.objects.filter(area_id__in=area_ids_served_by(organisation.pk)).select_related(
        "provider", "referring_organisation"
    )
    if status is not None:
        visible = visible.filter(status=status)
    limit = page_size + 1
    received = _newest_first_after(visible.filter(provider=organisation), after, limit)
    made = _newest_first_after(visible.filter(referring_organisation=organisation), after, limit)
    page: list[Referral] = []
    seen: set[int] = set()
    for referral in heapq.merge(received, made, key=lambda referral: (referral.received_at, referral.pk), reverse=True):
        if referral.pk in seen:
            continue
        seen.add(referral.pk)
        page.append(referral)
        if len(page) == limit:
            break
    return page[:page_size], len(page) == limit


def referrals_visible_to_api_key(api_key: ApiKey) -> QuerySet[Referral]:
    """Referrals the key's organisation made or that are routed to it, in the areas it serves."""
    organisation = api_key.organisation
    return Referral.objects.filter(
        Q(referring_organisation=organisation) | Q(provider=organisation),
        area_id__in=area_ids_served_by(organisation.pk),
    )


def get_referral_for_api_key(api_key: ApiKey, reference: str) -> Referral:
    """The referral if the key may see it; otherwise the same 404 as for one that does not exist."""
    referral = (
        referrals_visible_to_api_key(api_key)
        .select_related("area", "carer", "provider", "referring_organisation")
        .filter(reference=reference)
        .first()
    )
    if referral is None:
        raise Http404("No referral found")
    return referral


def areas_served_by(api_key: ApiKey) -> list[Area]:
    """The areas the key's organisation serves: where its referrals may be made."""
    return list(Area.objects.filter(pk__in=_area_ids(api_key.organisation)).order_by("name"))


def area_served_by(api_key: ApiKey, slug: str) -> Area | None:
    """The area with this slug if the key's organisation serves it."""
    return Area.objects.filter(pk__in=_area_ids(api_key.organisation), slug=slug).first()


def gp_practice_in(areas: list[Area], ods_code: str) -> GPPractice | None:
    """The practice with this ODS code in one of these areas, if it is still in use."""
    return (
        GPPractice.objects.filter(area__in=areas, ods_code=ods_code.strip().upper(), disabled_on__isnull=True)
        .select_related("area")
        .first()
    )


def school_in(areas: list[Area], urn: str) -> School | None:
    """The school with this unique reference number in one of these areas, if it is still in use."""
    return School.objects.filter(area__in=areas, urn=urn.strip(), disabled_on__isnull=True).first()


def scoped_idempotency_key(api_key: ApiKey, channel: str, supplied: str) -> str:
    """The idempotency key stored on a referral made through the API. It is scoped to the key's organisation, so
    one organisation can never receive another's referral by sending the same key; a digest fits any length."""
    return hashlib.sha256(f"{api_key.organisation_id}\n{channel}\n{supplied}".encode()).hexdigest()


def referral_made_with(api_key: ApiKey, idempotency_key: str) -> Referral | None:
    """The referral the key's organisation already made with this (scoped) idempotency key, if any."""
    return (
        Referral.objects.filter(
            area__in=_area_ids(api_key.organisation),
            referring_organisation=api_key.organisation_id,
            idempotency_key=idempotency_key,
        )
        .select_related("provider")
        .first()
    )
