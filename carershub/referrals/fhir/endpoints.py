"""NHS referrals as FHIR R4 `ServiceRequest` resources (UK Core), made into referrals through the same pathway.

Two shapes are accepted (both are described in the OpenAPI document):

* UK Core: a contained `RelatedPerson` coded `UKCore-AdditionalPersonRelationshipRole#Carer` is the carer, and its
  `patient` is a contained `Patient`, the cared-for person. The ServiceRequest's `subject` is that Patient (R4
  allows only a Patient there) or the RelatedPerson.
* Simple: the `subject` is the carer, a contained `Patient` ("#id"), or only their NHS number (a logical reference
  by identifier). A contained `RelatedPerson` whose `patient` is the subject, and which is not coded Carer, is the
  cared-for person.

A carer named by NHS number alone gets the same answer whether or not the service knows that number (no existence
oracle): the referral is for the area's record with that number, or for a new record holding only the number and
flagged "details to be confirmed", routed to the adult carers' provider; the answers carry only what was sent.

Structural problems are a 400 and business problems a 422, both as an `OperationOutcome` naming the FHIRPath.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from fhir.resources.R4B.servicerequest import ServiceRequest
from ninja import Router

from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.api import OrganisationApiKey
from carershub.organisations.models import ApiKey
from carershub.referrals.api_selectors import (
    get_referral_for_api_key,
    referral_made_with,
    scoped_idempotency_key,
)
from carershub.referrals.fhir.codes import (
    AREA_EXTENSION,
    CARER_ROLE_SYSTEM,
    CONSENT_EXTENSION,
    FHIR_JSON,
    NHS_NUMBER_SYSTEM,
    ODS_SYSTEM,
    PRIORITY_OF_URGENCY,
    REFERRAL_STATUS_EXTENSION,
    REFERRAL_SYSTEM,
    ROLE_CODE_SYSTEM,
    STATUS_OF_REFERRAL,
)
from carershub.referrals.fhir.outcomes import FhirRequestRefused, Issue, fhir_response, operation_outcome
from carershub.referrals.fhir.reading import parse_service_request, read_service_request
from carershub.referrals.fhir.submission import build_submission, business_expression
from carershub.referrals.models import Referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import NoRouteForReferral, ReferralInvalid


def _echo(request: HttpRequest, service_request: ServiceRequest, referral: Referral, *, status: int) -> HttpResponse:
    """The ServiceRequest as received, now identified by the referral's reference."""
    resource = service_request.model_dump(mode="json", by_alias=True, exclude_none=True)
    identifiers = [item for item in resource.get("identifier", []) if item.get("system") != REFERRAL_SYSTEM]
    resource.pop("id", None)
    resource |= {
        "identifier": [*identifiers, {"system": REFERRAL_SYSTEM, "value": referral.reference}],
        "status": "active",
    }
    response = fhir_response({"resourceType": "ServiceRequest", "id": referral.reference, **resource}, status)
    response["Location"] = request.build_absolute_uri(
        reverse("api:fhir_service_request", kwargs={"reference": referral.reference})
    )
    return response


router = Router(tags=["fhir"], auth=OrganisationApiKey())

_DESCRIPTION = f"""Make a referral from a FHIR R4 `ServiceRequest` (UK Core). Send `{FHIR_JSON}` or `application/json`.

**Who is who.** Either form is accepted:

1. *UK Core*: a contained `RelatedPerson` whose `relationship` has the coding `{CARER_ROLE_SYSTEM}#Carer` is the
   carer; its `patient` refers to a contained `Patient`, the cared-for person. `subject` refers to that Patient (or to
   the RelatedPerson). A v3-RoleCode family code on the RelatedPerson (for example `WIFE`, `DAU`, `MTH`) gives the
   relationship; without one it is recorded as "other".
2. *Simple*: `subject` is the carer, a contained `Patient` (`{{"reference": "#carer"}}`). A contained
   `RelatedPerson` not coded Carer whose `patient` is the subject is the cared-for person; its v3-RoleCode says
   what they are to the carer.
3. *By NHS number*: `subject` is only the carer's NHS number,
   `{{"identifier": {{"system": "{NHS_NUMBER_SYSTEM}", "value": "..."}}}}` (a valid check digit, or a 400 naming
   `ServiceRequest.subject.identifier.value`); no contact details are needed. This form is accepted and answers
   exactly the same whether or not the service knows the number: 201, the ServiceRequest echoed back with only what
   you sent, and the same read-back (without the performer, which would say what is known). If a carer with that
   NHS number is known in the area, the referral is theirs and is routed by their cohort; otherwise a record holding
   only the NHS number is registered, marked "NHS number only: details to be confirmed with the carer or by
   tracing", and the referral goes to the area's adult carers' provider. The NHS Spine (PDS) is not consulted.

The response and the read-back carry the carer only as you sent them, never what the service knows.

**Mapping.** Patient/RelatedPerson `name`, `birthDate` (a day, or a month as `YYYY-MM`), `identifier`
({NHS_NUMBER_SYSTEM}), `telecom` (phone/sms, email), `address`, `communication` → the person.
`reasonCode[].text` and `note[].text` → reason. `priority` routine → routine, urgent → soon, asap/stat → urgent.
`requester.display` → referrer. A `category` coding with code `gp` makes it a GP referral, and
`requester.identifier` (or `performer[].identifier`, system {ODS_SYSTEM}) names the practice; otherwise the
source is hospital and `locationCode` names the ward. `identifier` (system and value) is the idempotency key: a
repeat returns the referral already made with 200. Optional extensions: `{AREA_EXTENSION}` (valueCode: area slug,
needed only when your organisation serves several areas) and `{CONSENT_EXTENSION}` (valueCode: who agreed to the
referral and to its being shared, `self`, `parent_or_guardian`, `competence_judgement`, `pending_competence` or
`representative`; a carer under 16 needs `parent_or_guardian` or `competence_judgement`). Without it no consent is
recorded, and the carer's record stays closed to the receiving provider, which sees the referral as you sent it
until the carer's consent is recorded or a manager opens the record with a reason. A referral naming the carer by
NHS number alone never opens a record by itself, with or without the extension.

**Answers.** 201 with the ServiceRequest echoed back: `id` and an `identifier` in {REFERRAL_SYSTEM} are the
referral's reference, and `Location` is where to read it (its `subject` is the carer as you named them). 400
(structure) and 422 (business rules) are an `OperationOutcome` whose issues name the FHIRPath expression.
"""
_EXAMPLE_UK_CORE = {
    "resourceType": "ServiceRequest",
    "identifier": [{"system": "https://trust.example/referrals", "value": "W-1234"}],
    "status": "active",
    "intent": "order",
    "priority": "urgent",
    "contained": [
        {
            "resourceType": "Patient",
            "id": "cared-for",
            "name": [{"given": ["Arthur"], "family": "Smith"}],
            "birthDate": "1941-03-02",
        },
        {
            "resourceType": "RelatedPerson",
            "id": "carer",
            "patient": {"reference": "#cared-for"},
            "relationship": [
                {"coding": [{"system": CARER_ROLE_SYSTEM, "code": "Carer"}]},
                {"coding": [{"system": ROLE_CODE_SYSTEM, "code": "WIFE"}]},
            ],
            "name": [{"given": ["Joy"], "family": "Smith"}],
            "telecom": [{"system": "phone", "value": "07700 900982"}],
        },
    ],
    "subject": {"reference": "#cared-for"},
    "supportingInfo": [{"reference": "#carer"}],
    "requester": {"display": "Ward 7 discharge team"},
    "reasonCode": [{"text": "Caring for her husband after a stroke; discharge on Friday"}],
}
_EXAMPLE_NHS_NUMBER = {
    "resourceType": "ServiceRequest",
    "identifier": [{"system": "https://trust.example/referrals", "value": "W-1235"}],
    "status": "active",
    "intent": "order",
    "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9434765919"}},
    "requester": {"display": "Ward 7 discharge team"},
    "reasonCode": [{"text": "Struggling since her husband's discharge"}],
}
_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            media_type: {
                "schema": {"type": "object", "required": ["resourceType", "status", "intent", "subject"]},
                "examples": {
                    "uk_core": {"summary": "UK Core: the carer is a RelatedPerson", "value": _EXAMPLE_UK_CORE},
                    "nhs_number": {
                        "summary": "The carer by NHS number alone (the same answer, known or not)",
                        "value": _EXAMPLE_NHS_NUMBER,
                    },
                },
            }
            for media_type in (FHIR_JSON, "application/json")
        },
    },
    "responses": {
        status: {"description": description, "content": {FHIR_JSON: {"schema": {"type": "object"}}}}
        for status, description in [
            (200, "The referral already made with this identifier"),
            (201, "The ServiceRequest, identified by the new referral's reference"),
            (400, "OperationOutcome: the resource is not valid"),
            (415, "OperationOutcome: not FHIR JSON"),
            (422, "OperationOutcome: the referral breaks a business rule"),
        ]
    },
}


@router.post(
    "/ServiceRequest",
    summary="Make a referral from a FHIR ServiceRequest",
    description=_DESCRIPTION,
    openapi_extra=_OPENAPI,
)
def create_service_request(request: HttpRequest) -> HttpResponse:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    try:
        service_request = parse_service_request(request)
        message = read_service_request(service_request)
        idempotency_key = scoped_idempotency_key(api_key, "fhir", message.identifier) if message.identifier else ""
        submission = build_submission(api_key, message, idempotency_key=idempotency_key)
    except FhirRequestRefused as refused:
        return operation_outcome(refused.status, refused.issues)
    if idempotency_key and (existing := referral_made_with(api_key, idempotency_key)) is not None:
        return _echo(request, service_request, existing, status=200)
    try:
        referral = submit_referral(submission, submitted_by=None)
    except ReferralInvalid as invalid:
        return operation_outcome(
            422,
            [Issue("business-rule", text, business_expression(name, message)) for name, text in invalid.errors.items()],
        )
    except NoRouteForReferral:
        return operation_outcome(
            422,
            [
                Issue(
                    "business-rule",
                    "The area has no provider for this carer's cohort. Ask the council to add a routing rule.",
                    "ServiceRequest.subject",
                )
            ],
        )
    return _echo(request, service_request, referral, status=201)


@router.get(
    "/ServiceRequest/{reference}",
    url_name="fhir_service_request",
    summary="A referral as a FHIR ServiceRequest",
    description=(
        "A referral the calling organisation made or received, as a ServiceRequest: `status` active while open or "
        f"accepted, revoked when rejected or withdrawn; the extension {REFERRAL_STATUS_EXTENSION} gives the "
        "referral's own status. Any other reference is a 404 OperationOutcome. The read is audited."
    ),
    openapi_extra={
        "responses": {
            status: {"description": description, "content": {FHIR_JSON: {"schema": {"type": "object"}}}}
            for status, description in [(200, "The ServiceRequest"), (404, "OperationOutcome: no such referral")]
        }
    },
)
def read_service_request_resource(request: HttpRequest, reference: str) -> HttpResponse:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    try:
        referral = get_referral_for_api_key(api_key, reference)
    except Http404:
        return operation_outcome(404, [Issue("not-found", "No such ServiceRequest")])
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=None,
        api_key=api_key,
        organisation=api_key.organisation,
        subject=referral.carer,
        area=referral.area,
        purpose="api read",
    )
    return fhir_response(as_service_request(referral), 200)


def as_service_request(referral: Referral) -> dict[str, Any]:
    """A referral as an R4 ServiceRequest: who it is for, why, how urgent, and where it stands."""
    # The carer as the referral named them, never the stored record (what the service knows is not the caller's).
    subject: dict[str, Any] = {"display": referral.carer_name_as_referred} if referral.carer_name_as_referred else {}
    if referral.carer_nhs_number_as_referred:
        subject["identifier"] = {"system": NHS_NUMBER_SYSTEM, "value": referral.carer_nhs_number_as_referred}
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": referral.reference,
        "extension": [{"url": REFERRAL_STATUS_EXTENSION, "valueCode": referral.status}],
        "identifier": [{"system": REFERRAL_SYSTEM, "value": referral.reference}],
        "status": STATUS_OF_REFERRAL[referral.status],
        "intent": "order",
        "priority": PRIORITY_OF_URGENCY[referral.urgency],
        "subject": subject,
        "authoredOn": referral.received_at.isoformat(),
        "reasonCode": [{"text": referral.reason}],
    }
    if referral.carer_name_as_referred:
        # A carer named by NHS number alone is routed by what the service knows of them (a known young carer goes
        # to the young carers' provider), so the provider would say whether they are known: it is left out.
        resource["performer"] = [{"display": referral.provider.name}]
    if referral.referrer_name:
        resource["requester"] = {"display": referral.referrer_name}
    if referral.rejection_reason:
        resource["note"] = [{"text": f"Not accepted: {referral.rejection_reason}"}]
    return resource
