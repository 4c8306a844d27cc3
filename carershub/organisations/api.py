"""API for the calling organisation. Every route here needs an organisation's API key."""

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from carershub.core.ratelimit import within_limit
from carershub.organisations.models import ApiKey, GPPractice
from carershub.organisations.services import authenticate_api_key


def check_api_key_scope(api_key: ApiKey, scope: ApiKey.Scope | None) -> ApiKey:
    """The key if it was issued for `scope` (None: any scope); otherwise the same 404 as for a missing record, so a
    key learns nothing about what lies outside its scope."""
    if scope is not None and not api_key.has_scope(scope):
        raise Http404
    return api_key


class OrganisationApiKey(HttpBearer):
    """`Authorization: Bearer <key>`; the request gets `auth` set to the ApiKey. A live key of another scope gets a
    404 problem before the operation runs (nothing is read or recorded). The default scope is referrals, so every
    referral and FHIR route needs a referrals key; the emergency cards API asks for its own scope."""

    def __init__(self, *, scope: ApiKey.Scope | None = ApiKey.Scope.REFERRALS) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = authenticate_api_key(token)
        return None if api_key is None else check_api_key_scope(api_key, self.scope)


_WINDOW_SECONDS = 60


class ApiKeyRateLimit(BaseThrottle):
    """CARERSHUB_API_KEY_REQUESTS_PER_MINUTE per key, counted by the digest of what was sent (no key is stored in
    the counter) in fixed one-minute windows shared by every worker; more is a 429 problem with Retry-After.
    Generous for an integration, tight enough that a leaked or runaway key cannot read a county's referrals in bulk."""

    def allow_request(self, request: HttpRequest) -> bool:
        sent = request.headers.get("Authorization", "")
        digest = hashlib.sha256(sent.encode()).hexdigest()[:32]
        key = f"api-key:{int(time.time() // _WINDOW_SECONDS)}:{digest}"
        limit = int(settings.CARERSHUB_API_KEY_REQUESTS_PER_MINUTE)
        return within_limit(key, limit=limit, period_seconds=_WINDOW_SECONDS)

    def wait(self) -> float:
        return max(1, math.ceil(_WINDOW_SECONDS - time.time() % _WINDOW_SECONDS))


class AreaOut(Schema):
    name: str
    slug: str
    ons_code: str


class OrganisationOut(Schema):
    name: str
    slug: str
    kind: str
    ods_code: str
    areas: list[AreaOut]


class GPPracticeOut(Schema):
    ods_code: str
    name: str
    postcode: str


class GPPracticeFilter(Schema):
    area: str = Field(description="The area's slug; it must be one the calling organisation serves")
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=500)


class GPPracticePage(Schema):
    total_items: int
    page: int
    page_size: int
    items: list[GPPracticeOut]


router = Router(tags=["organisations"], auth=OrganisationApiKey(), throttle=ApiKeyRateLimit())


@router.get(
    "/organisation",
    response=OrganisationOut,
    summary="The organisation that owns the calling key (a key of any scope)",
    auth=OrganisationApiKey(scope=None),
)
def calling_organisation(request: HttpRequest) -> dict[str, Any]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    organisation = api_key.organisation
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "ods_code": organisation.ods_code,
        "areas": list(organisation.areas.values("name", "slug", "ons_code")),
    }


@router.get("/gp-practices", response=GPPracticePage, summary="GP practices in one of the calling organisation's areas")
def gp_practices(request: HttpRequest, filters: Query[GPPracticeFilter]) -> dict[str, Any]:
    """Reference data for referral integrations: the practice codes a referral from primary care carries."""
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    if not api_key.organisation.areas.filter(slug=filters.area).exists():
        raise Http404
    practices = GPPractice.objects.filter(area__slug=filters.area, disabled_on__isnull=True).order_by("name", "pk")
    start = (filters.page - 1) * filters.page_size
    return {
        "total_items": practices.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "items": list(practices.values("ods_code", "name", "postcode")[start : start + filters.page_size]),
    }
