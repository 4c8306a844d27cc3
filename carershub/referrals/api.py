"""Referrals through the JSON API: the same pathway and rules as the referral pages, for an organisation's key."""

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import TextChoices
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Field, Query, Router, Schema, Status
from ninja.params import HeaderEx, P
from pydantic import WithJsonSchema, field_validator

from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.problems import problem_response
from carershub.organisations.api import ApiKeyRateLimit, OrganisationApiKey
from carershub.organisations.models import ApiKey, Area, GPPractice, Organisation, School
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.people.services import PersonDetailsInvalid, check_person_details
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
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.services import (
    NoRouteForReferral,
    PersonDetails,
    ReferralInvalid,
    ReferralSubmission,
    submit_referral,
)

API_READ = "api read"
# Consent given on the carer's behalf: the API asks who agreed (name and relationship), as the forms do.
_ON_BEHALF = frozenset({Consent.GivenBy.PARENT_OR_GUARDIAN, Consent.GivenBy.REPRESENTATIVE})
# Every source but "self": a self-referral comes from the carer through the public pages, never from a key.
ApiSource = Literal["gp_practice", "hospital", "school", "social_worker", "provider", "family"]


def _inline(choices: type[TextChoices]) -> WithJsonSchema:
    # Inline the values: OpenAPI components are keyed by class name, and "Status" or "Source" would collide with
    # other apps' choices.
    return WithJsonSchema({"type": "string", "enum": list(choices.values)})


Cohorts = Annotated[Cohort, _inline(Cohort)]
Statuses = Annotated[Referral.Status, _inline(Referral.Status)]
Sources = Annotated[Referral.Source, _inline(Referral.Source)]
Urgencies = Annotated[Referral.Urgency, _inline(Referral.Urgency)]
Precisions = Annotated[Person.DateOfBirthPrecision, _inline(Person.DateOfBirthPrecision)]
EmploymentStatuses = Annotated[Person.EmploymentStatus, _inline(Person.EmploymentStatus)]
Relationships = Annotated[CaringRelationship.Relationship, _inline(CaringRelationship.Relationship)]
CareTasks = Annotated[CaringRelationship.CareTask, _inline(CaringRelationship.CareTask)]
Conditions = Annotated[CaringRelationship.Condition, _inline(CaringRelationship.Condition)]
HoursBands = Annotated[CaringRelationship.HoursBand, _inline(CaringRelationship.HoursBand)]
GivenBy = Annotated[Consent.GivenBy, _inline(Consent.GivenBy)]
Channels = Annotated[Consent.Channel, _inline(Consent.Channel)]

# Where each detail of a person sits in the request body, for errors from people.services.check_person_details.
_PERSON_FIELD_PATHS = {
    name: f"contact.{name}" for name in ("email", "phone", "address_line_1", "address_line_2", "town", "postcode")
}
# Where each field named by submit_referral (ReferralInvalid.errors) sits in the request body.
_SUBMISSION_FIELD_PATHS = {
    "carer_contact": "carer.contact",
    "relationship": "cared_for.relationship",
    "care_tasks": "cared_for.care_tasks",
    "conditions": "cared_for.conditions",
    "hours_band": "cared_for.hours_band",
    "referring_gp_practice": "gp_practice_ods_code",
    "referring_school": "school_urn",
    "given_by": "consent_given_by",
    "given_by_name": "consent_given_by_name",
    "given_by_relationship": "consent_given_by_relationship",
    "channel": "contact_channels",
}


class ReferralContactIn(Schema):
    email: str = ""
    phone: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""


class ReferralPersonIn(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    date_of_birth_precision: Precisions = Field(
        default=Person.DateOfBirthPrecision.DAY, description="'month' when only the month and year of birth are known"
    )
    nhs_number: str = Field(default="", description="Ten digits; the check digit is checked")


class ReferralCarerIn(ReferralPersonIn):
    contact: ReferralContactIn = Field(
        default_factory=ReferralContactIn,
        description="A phone number, an email address or a postal address is required",
    )
    preferred_language: str = ""
    communication_needs: str = ""
    employment_status: EmploymentStatuses | Literal[""] = ""


class ReferralCaredForIn(ReferralPersonIn):
    relationship: Relationships = Field(description="What the cared-for person is to the carer")
    has_parental_responsibility: bool = False
    is_kinship_care: bool = False
    care_tasks: list[CareTasks] = Field(default_factory=list)
    conditions: list[Conditions] = Field(default_factory=list)
    hours_band: HoursBands | Literal[""] = ""


class ReferrerIn(Schema):
    name: str = Field(default="", max_length=150)
    role: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=20)

    @field_validator("email")
    @classmethod
    def _email_is_an_address(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("Enter an email address in the correct format, like name@example.com") from None
        return value


class ReferralIn(Schema):
    area: str = Field(description="Slug of an area the calling organisation serves")
    source: ApiSource = Field(description="Where the carer was met (any referral source except 'self')")
    carer: ReferralCarerIn
    cared_for: ReferralCaredForIn | None = None
    reason: str = Field(max_length=5000, description="Why the carer needs support")
    urgency: Urgencies = Referral.Urgency.ROUTINE
    consent_given_by: GivenBy = Field(
        description="Who agreed to the referral being made and shared. Under 16 this is a parent or guardian, "
        "the young person judged competent to decide (by the referrer), or the young person agreeing alone "
        "(`pending_competence`: the provider judges their competence when it accepts)."
    )
    consent_given_by_name: str = Field(
        default="", max_length=150, description="Required when a parent, guardian or representative agreed"
    )
    consent_given_by_relationship: str = Field(
        default="",
        max_length=100,
        description="What the person who agreed on the carer's behalf is to them, e.g. 'mother'; required with "
        "consent_given_by_name",
    )
    contact_channels: list[Channels] = Field(default_factory=list, description="How the carer agreed to be contacted")
    referrer: ReferrerIn = Field(default_factory=lambda: ReferrerIn())
    gp_practice_ods_code: str = Field(default="", description="Required when source is gp_practice")
    school_urn: str = Field(default="", description="Required when source is school")
    hospital_name: str = Field(default="", max_length=150)


class ReferralOrganisation(Schema):
    name: str
    slug: str


class ReferralCarerAsReferred(Schema):
    """The carer as the referral named them. Never the stored record: whether the person was already known to the
    service, and anything recorded about them since, are not the referrer's to learn."""

    name: str
    nhs_number: str = Field(description="As sent; empty if none was sent")


class ReferralCreated(Schema):
    reference: str
    status: Statuses
    cohort: Cohorts
    provider: ReferralOrganisation
    received_at: datetime
    carer: ReferralCarerAsReferred


class ReferralOut(Schema):
    reference: str
    status: Statuses
    source: Sources
    urgency: Urgencies
    cohort: Cohorts | None = Field(
        description="The cohort it was routed by; null for a carer named by NHS number alone (see `provider`)"
    )
    provider: ReferralOrganisation | None = Field(
        description=(
            "The provider it was routed to. Null for a carer named by NHS number alone: such a referral is routed by "
            "what the service already knows of the carer, so the provider would say whether they are known."
        )
    )
    referring_organisation: ReferralOrganisation | None
    received_at: datetime
    decided_at: datetime | None = Field(description="When the provider accepted or rejected the referral")
    rejection_reason: str = Field(description="Why the provider rejected it; empty unless rejected")
    carer: ReferralCarerAsReferred


def encode_cursor(position: ReferralPosition) -> str:
    """An opaque cursor for the position after which the next page starts."""
    text = f"{position.received_at.isoformat()}|{position.pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> ReferralPosition:
    """The position a cursor from a `next` link stands for. Raises ValueError for anything else."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        received_at, pk = text.split("|")
        position = ReferralPosition(received_at=datetime.fromisoformat(received_at), pk=int(pk))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ValueError("Use the cursor from a page's next link") from None
    if position.received_at.tzinfo is None:
        raise ValueError("Use the cursor from a page's next link")
    return position


class ReferralFilter(Schema):
    status: Statuses | None = None
    after: str = Field(
        default="",
        max_length=100,
        description="Cursor from the previous page's `next` link: the page starts after its last referral",
    )
    page_size: int = Field(default=50, ge=1, le=100)

    @field_validator("after")
    @classmethod
    def _after_is_a_cursor(cls, value: str) -> str:
        if value:
            decode_cursor(value)
        return value


class ReferralPage(Schema):
    page_size: int
    next: str | None = Field(
        description="Link to the next page (same filters, `after` set), or null on the last page. Pages are "
        "keyset-paginated, newest first: a referral received while paging never shifts or repeats items."
    )
    items: list[ReferralOut]


class ReferralProblem(Schema):
    type: str
    title: str
    status: int
    instance: str
    detail: str = ""
    errors: list[dict[str, str]] = Field(default_factory=list)


router = Router(tags=["referrals"], auth=OrganisationApiKey(), throttle=ApiKeyRateLimit())


def _invalid(request: HttpRequest, errors: dict[str, str]) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        title="The request is not valid",
        detail=f"Check: {', '.join(sorted(errors))}.",
        errors=[{"field": field, "message": message} for field, message in errors.items()],
    )


def _carer_details(carer: ReferralCarerIn) -> PersonDetails:
    return PersonDetails(
        given_name=carer.given_name,
        family_name=carer.family_name,
        date_of_birth=carer.date_of_birth,
        date_of_birth_precision=carer.date_of_birth_precision,
        nhs_number=carer.nhs_number,
        **carer.contact.model_dump(),
        preferred_language=carer.preferred_language,
        communication_needs=carer.communication_needs,
        employment_status=carer.employment_status,
    )


def _cared_for_details(cared_for: ReferralCaredForIn) -> PersonDetails:
    return PersonDetails(
        given_name=cared_for.given_name,
        family_name=cared_for.family_name,
        date_of_birth=cared_for.date_of_birth,
        date_of_birth_precision=cared_for.date_of_birth_precision,
        nhs_number=cared_for.nhs_number,
    )


def person_details_errors(details: PersonDetails) -> dict[str, str]:
    """What registering this person would refuse, by person field (people.services.check_person_details)."""
    try:
        check_person_details(
            {
                "given_name": details.given_name,
                "family_name": details.family_name,
                "date_of_birth": details.date_of_birth,
                "date_of_birth_precision": details.date_of_birth_precision,
                **details.as_details(),
            }
        )
    except PersonDetailsInvalid as invalid:
        return invalid.errors
    return {}


def _person_errors(details: PersonDetails, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}.{_PERSON_FIELD_PATHS.get(name, name)}": message
        for name, message in person_details_errors(details).items()
    }


def _submission(
    payload: ReferralIn,
    api_key: ApiKey,
    *,
    area: Area,
    gp_practice: GPPractice | None,
    school: School | None,
    idempotency_key: str,
) -> ReferralSubmission:
    caring = payload.cared_for
    return ReferralSubmission(
        area=area,
        source=payload.source,
        carer=_carer_details(payload.carer),
        cared_for=_cared_for_details(caring) if caring is not None else None,
        relationship=caring.relationship if caring is not None else "",
        has_parental_responsibility=caring.has_parental_responsibility if caring is not None else False,
        is_kinship_care=caring.is_kinship_care if caring is not None else False,
        care_tasks=tuple(caring.care_tasks) if caring is not None else (),
        conditions=tuple(caring.conditions) if caring is not None else (),
        hours_band=caring.hours_band if caring is not None else "",
        reason=payload.reason,
        urgency=payload.urgency,
        consent_given_by=payload.consent_given_by,
        consent_given_by_name=payload.consent_given_by_name,
        consent_given_by_relationship=payload.consent_given_by_relationship,
        contact_channels=tuple(payload.contact_channels),
        referrer_name=payload.referrer.name,
        referrer_role=payload.referrer.role,
        referrer_email=payload.referrer.email,
        referrer_phone=payload.referrer.phone,
        referring_organisation=api_key.organisation,
        referring_gp_practice=gp_practice,
        referring_school=school,
        hospital_name=payload.hospital_name,
        idempotency_key=idempotency_key,
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
    if payload.consent_given_by in _ON_BEHALF:
        if not payload.consent_given_by_name.strip():
            errors["consent_given_by_name"] = "Enter the name of the person who agreed on the carer's behalf"
        if not payload.consent_given_by_relationship.strip():
            errors["consent_given_by_relationship"] = "Enter what the person who agreed is to the carer, like mother"
    errors |= _person_errors(_carer_details(payload.carer), "carer")
    if payload.cared_for is not None:
        errors |= _person_errors(_cared_for_details(payload.cared_for), "cared_for")
    if errors or area is None:
        return _invalid(request, errors)

    scoped_key = scoped_idempotency_key(api_key, "api", idempotency_key) if idempotency_key else ""
    if scoped_key and (existing := referral_made_with(api_key, scoped_key)) is not None:
        return Status(200, _created(existing))
    submission = _submission(
        payload, api_key, area=area, gp_practice=gp_practice, school=school, idempotency_key=scoped_key
    )
    try:
        referral = submit_referral(submission, submitted_by=None)
    except ReferralInvalid as invalid:
        return _invalid(
            request, {_SUBMISSION_FIELD_PATHS.get(name, name): message for name, message in invalid.errors.items()}
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
