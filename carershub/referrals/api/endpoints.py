"""The referrals API's operations: make a referral, list the referrals the calling organisation made or
received, and read one. Every read is audited."""

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Query, Router, Status
from ninja.params import HeaderEx, P

from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.problems import problem_response
from carershub.organisations.api import ApiKeyRateLimit, OrganisationApiKey
from carershub.organisations.models import ApiKey, GPPractice, Organisation, School
from carershub.referrals.api.schemas import (
    ReferralCreated,
    ReferralFilter,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ReferralProblem,
    decode_cursor,
    encode_cursor,
)
from carershub.referrals.api.submission import (
    ON_BEHALF,
    SUBMISSION_FIELD_PATHS,
    cared_for_details,
    carer_details,
    person_errors,
    submission_from,
)
from carershub.referrals.api_selectors import (
    ReferralPosition,
    area_served_by,
    get_referral_for_api_key,
    gp_practice_in,
    referral_list_page_for_api_key,
    referral_made_with,
    school_in,
    scoped_idempotency_key,
)
from carershub.referrals.models import Referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import NoRouteForReferral, ReferralInvalid

API_READ = "api read"

router = Router(tags=["referrals"], auth=OrganisationApiKey(), throttle=ApiKeyRateLimit())


def _invalid(request: HttpRequest, errors: dict[str, str]) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="The request is not valid",
        detail=f"Check: {', '.join(sorted(errors))}.",
        errors=[{"field": field, "message": message} for field, message in errors.items()],
    )


def _created(referral: Referral) -> dict[str, Any]:
    return {
        "reference": referral.reference,
        "status": referral.status,
        "cohort": referral.cohort,
        "provider": {"name": referral.provider.name, "slug": referral.provider.slug},
        "received_at": referral.received_at,
        "carer": _carer_as_referred(referral),
    }


def _carer_as_referred(referral: Referral) -> dict[str, str]:
    return {"name": referral.carer_name_as_referred, "nhs_number": referral.carer_nhs_number_as_referred}


def _organisation(organisation: Organisation | None) -> dict[str, str] | None:
    return None if organisation is None else {"name": organisation.name, "slug": organisation.slug}


def _referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "reference": referral.reference,
        "status": referral.status,
        "source": referral.source,
        "urgency": referral.urgency,
        # Named by NHS number alone (a FHIR referral): routed by what the service knows, so not said (ADR 0003).
        "cohort": referral.cohort if referral.carer_name_as_referred else None,
        "provider": _organisation(referral.provider) if referral.carer_name_as_referred else None,
        "referring_organisation": _organisation(referral.referring_organisation),
        "received_at": referral.received_at,
        "decided_at": referral.decided_at,
        "rejection_reason": referral.rejection_reason,
        "carer": _carer_as_referred(referral),
    }


@router.post(
    "/referrals",
    response={200: ReferralCreated, 201: ReferralCreated, 400: ReferralProblem, 422: ReferralProblem},
    summary="Make a referral",
    description=(
        "Make a referral for a carer and route it to the provider for their cohort in the area. The calling key's "
        "organisation is recorded as the referrer's organisation. Send an `Idempotency-Key` header to retry "
        "safely: a request repeating a key this organisation has used returns the referral already made, with "
        "200 instead of 201. Invalid input is a 400 problem whose `errors` name each field; an area with no "
        "provider for the carer's cohort is a 422 problem."
    ),
)
def create_referral(
    request: HttpRequest,
    payload: ReferralIn,
    idempotency_key: HeaderEx[
        str, P(alias="Idempotency-Key", max_length=255, description="Any unique text; a retry sends the same")
    ] = "",
) -> Any:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    errors: dict[str, str] = {}
    area = area_served_by(api_key, payload.area)
    if area is None:
        errors["area"] = "Enter the slug of an area your organisation serves"
    gp_practice: GPPractice | None = None
    school: School | None = None
    if area is not None and payload.gp_practice_ods_code:
        gp_practice = gp_practice_in([area], payload.gp_practice_ods_code)
        if gp_practice is None:
            errors["gp_practice_ods_code"] = "No GP practice in this area has this ODS code"
    if area is not None and payload.school_urn:
        school = school_in([area], payload.school_urn)
        if school is None:
            errors["school_urn"] = "No school in this area has this URN"
    if payload.consent_given_by in ON_BEHALF:
        if not payload.consent_given_by_name.strip():
            errors["consent_given_by_name"] = "Enter the name of the person who agreed on the carer's behalf"
        if not payload.consent_given_by_relationship.strip():
            errors["consent_given_by_relationship"] = "Enter what the person who agreed is to the carer, like mother"
    errors |= person_errors(carer_details(payload.carer), "carer")
    if payload.cared_for is not None:
        errors |= person_errors(cared_for_details(payload.cared_for), "cared_for")
    if errors or area is None:
        return _invalid(request, errors)

    scoped_key = scoped_idempotency_key(api_key, "api", idempotency_key) if idempotency_key else ""
    if scoped_key and (existing := referral_made_with(api_key, scoped_key)) is not None:
        return Status(200, _created(existing))
    submission = submission_from(
        payload, api_key, area=area, gp_practice=gp_practice, school=school, idempotency_key=scoped_key
    )
    try:
        referral = submit_referral(submission, submitted_by=None)
    except ReferralInvalid as invalid:
        return _invalid(
            request, {SUBMISSION_FIELD_PATHS.get(name, name): message for name, message in invalid.errors.items()}
        )
    except NoRouteForReferral:
        return problem_response(
            request,
            status=422,
            title="No provider takes this referral",
            detail="The area has no provider for this carer's cohort. Ask the council to add a routing rule.",
        )
    return Status(201, _created(referral))


@router.get(
    "/referrals",
    response=ReferralPage,
    summary="Referrals the calling organisation made or received",
    description=(
        "Newest first, `page_size` at a time. Follow `next` (it carries an `after` cursor and the same filters) "
        "for the following page; it is null on the last page. There is no total count. The read is recorded in "
        "the audit log."
    ),
)
def list_referrals(request: HttpRequest, filters: Query[ReferralFilter]) -> dict[str, Any]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    page, has_more = referral_list_page_for_api_key(
        api_key,
        status=filters.status,
        after=decode_cursor(filters.after) if filters.after else None,
        page_size=filters.page_size,
    )
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=None,
        api_key=api_key,
        organisation=api_key.organisation,
        purpose=API_READ,
        # Whose data was returned, as the web inbox records it: the references on the page.
        detail={"count": len(page), "references": [referral.reference for referral in page]},
    )
    return {
        "page_size": filters.page_size,
        "next": _next_link(request, filters, page[-1]) if has_more else None,
        "items": [_referral_out(referral) for referral in page],
    }


def _next_link(request: HttpRequest, filters: ReferralFilter, last: Referral) -> str:
    query = QueryDict(mutable=True)
    if filters.status is not None:
        query["status"] = filters.status
    query["page_size"] = str(filters.page_size)
    query["after"] = encode_cursor(ReferralPosition(received_at=last.received_at, pk=last.pk))
    return f"{request.path}?{query.urlencode()}"


@router.get(
    "/referrals/{reference}",
    response={200: ReferralOut, 404: ReferralProblem},
    summary="One referral the calling organisation made or received",
    description="Its status and the provider's decision. Any other reference is a 404. The read is audited.",
)
def read_referral(request: HttpRequest, reference: str) -> dict[str, Any]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    referral = get_referral_for_api_key(api_key, reference)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=None,
        api_key=api_key,
        organisation=api_key.organisation,
        subject=referral.carer,
        area=referral.area,
        purpose=API_READ,
    )
    return _referral_out(referral)
