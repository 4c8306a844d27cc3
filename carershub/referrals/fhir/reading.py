"""Reading a ServiceRequest and its contained people into a ReferralMessage, naming each FHIRPath."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.servicerequest import ServiceRequest
from pydantic import ValidationError

from carershub.people.models import Consent, Person
from carershub.people.rules import is_valid_nhs_number
from carershub.referrals.fhir.codes import (
    AREA_EXTENSION,
    CARER_ROLE_SYSTEM,
    CONSENT_EXPRESSION,
    CONSENT_EXTENSION,
    FHIR_JSON,
    NHS_NUMBER_SYSTEM,
    ODS_SYSTEM,
    PERSON_ELEMENTS,
    RELATIONSHIP_OF_ROLE_CODE,
    REQUEST_INTENTS,
    ROLE_CODE_SYSTEM,
    SEEN_FROM_THE_OTHER_SIDE,
    URGENCY_OF_PRIORITY,
)
from carershub.referrals.fhir.outcomes import FhirRequestRefused, Issue, refuse
from carershub.referrals.services.submission import PersonDetails


@dataclass(frozen=True)
class PersonInMessage:
    """A person as the message describes them: by name, or (the carer only) by NHS number alone, when `details`
    holds nothing but the number (see _person_by_nhs_number)."""

    path: str
    details: PersonDetails
    is_nhs_number_only: bool = False

    def expression(self, name: str) -> str:
        if self.path.endswith("subject"):
            return f"{self.path}.identifier" if name == "nhs_number" else self.path
        element = PERSON_ELEMENTS.get(name)
        return f"{self.path}.{element}" if element else self.path


@dataclass(frozen=True)
class ReferralMessage:
    """What a ServiceRequest says, before anything is looked up in the database."""

    carer: PersonInMessage
    reason: str
    urgency: str
    cared_for: PersonInMessage | None = None
    relationship: str = ""
    relationship_path: str = "ServiceRequest"
    is_from_gp_practice: bool = False
    ods_code: str = ""
    referrer_name: str = ""
    hospital_name: str = ""
    area_slug: str = ""
    consent_given_by: str = Consent.GivenBy.SELF
    identifier: str = ""


def parse_service_request(request: HttpRequest) -> ServiceRequest:
    """The body as a validated R4 ServiceRequest, or FhirRequestRefused (400) naming each problem."""
    if request.content_type not in {FHIR_JSON, "application/json"}:
        raise refuse(415, "not-supported", f"Send {FHIR_JSON} (or application/json), not '{request.content_type}'")
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse(400, "invalid", f"The body is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise refuse(400, "invalid", "Send one ServiceRequest resource as a JSON object", "ServiceRequest")
    if body.get("resourceType") != "ServiceRequest":
        raise refuse(
            400, "invalid", f"Expected resourceType 'ServiceRequest', not {body.get('resourceType')!r}", "resourceType"
        )
    _check_contained_types(body.get("contained"))
    try:
        return ServiceRequest.model_validate(body)
    except ValidationError as invalid:
        raise FhirRequestRefused(
            400,
            *(
                Issue(_ISSUE_CODES.get(error["type"], "value"), _message(error["msg"]), _fhir_path(error["loc"]))
                for error in invalid.errors(include_url=False)
            ),
        ) from None
    except (KeyError, TypeError, ValueError) as error:
        raise refuse(400, "invalid", f"The resource is not a valid R4 ServiceRequest: {error}") from None


_ISSUE_CODES = {"missing": "required", "extra_forbidden": "invalid", "model_type": "invalid"}


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def _fhir_path(location: tuple[int | str, ...]) -> str:
    path = "ServiceRequest"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _check_contained_types(contained: Any) -> None:
    # fhir.resources fails with a KeyError, not a validation error, on a contained resource of unknown type.
    if not isinstance(contained, list):
        return
    for index, resource in enumerate(contained):
        resource_type = resource.get("resourceType") if isinstance(resource, dict) else None
        try:
            is_resource = issubclass(get_fhir_model_class(str(resource_type)), Resource)
        except (KeyError, ValueError):
            is_resource = False
        if not is_resource:
            raise refuse(
                400,
                "invalid",
                f"A contained resource needs a FHIR R4 resourceType, not {resource_type!r}",
                f"ServiceRequest.contained[{index}].resourceType",
            )


def read_service_request(service_request: ServiceRequest) -> ReferralMessage:
    """What the ServiceRequest says about the carer, the cared-for person and the referral (no database)."""
    if service_request.status != "active":
        raise refuse(400, "value", "A referral is sent with status 'active'", "ServiceRequest.status")
    if service_request.intent not in REQUEST_INTENTS:
        raise refuse(400, "value", f"'{service_request.intent}' is not a request intent", "ServiceRequest.intent")
    priority = service_request.priority or "routine"
    if priority not in URGENCY_OF_PRIORITY:
        raise refuse(400, "value", "Priority is one of routine, urgent, asap or stat", "ServiceRequest.priority")
    people = _read_people(service_request)
    reason = _reason(service_request)
    if not reason:
        raise refuse(
            400,
            "required",
            "Say why the carer needs support in reasonCode.text or note.text",
            "ServiceRequest.reasonCode",
        )
    extensions = {extension.url: extension for extension in service_request.extension or []}
    # No extension, no consent: nobody is recorded as having agreed (the referral opens without the record).
    consent_given_by = ""
    if CONSENT_EXTENSION in extensions:
        consent_given_by = _code(extensions[CONSENT_EXTENSION])
        if consent_given_by not in Consent.GivenBy.values:
            raise refuse(
                400, "value", f"Who gave consent is one of {', '.join(Consent.GivenBy.values)}", CONSENT_EXPRESSION
            )
    area_slug = _code(extensions[AREA_EXTENSION]) if AREA_EXTENSION in extensions else ""
    requester = service_request.requester
    ods_codes = [
        identifier.value
        for reference in [requester, *(service_request.performer or [])]
        if reference is not None and (identifier := reference.identifier) is not None and identifier.value
        if identifier.system in {ODS_SYSTEM, None}
    ]
    is_from_gp_practice = any(
        (coding.code or "").lower() == "gp"
        for category in service_request.category or []
        for coding in category.coding or []
    )
    request_identifier = next(
        (f"{item.system}|{item.value}" for item in service_request.identifier or [] if item.system and item.value), ""
    )
    return ReferralMessage(
        **people,
        reason=reason,
        urgency=URGENCY_OF_PRIORITY[priority],
        is_from_gp_practice=is_from_gp_practice,
        ods_code=ods_codes[0] if ods_codes else "",
        referrer_name=((requester.display or "") if requester else "")[:150],
        hospital_name="" if is_from_gp_practice else _text(service_request.locationCode)[:150],
        area_slug=area_slug,
        consent_given_by=consent_given_by,
        identifier=request_identifier,
    )


def _code(extension: Extension) -> str:
    return str(extension.valueCode or extension.valueString or "").strip()


def _read_people(service_request: ServiceRequest) -> dict[str, Any]:
    resources = list(enumerate(service_request.contained or []))
    contained = {f"#{resource.id}": (index, resource) for index, resource in resources if resource.id}
    carers = [
        (index, resource)
        for index, resource in resources
        if isinstance(resource, RelatedPerson) and _is_carer(resource)
    ]
    if len(carers) > 1:
        raise refuse(400, "invalid", "Send one RelatedPerson coded as the carer", "ServiceRequest.contained")
    subject = service_request.subject
    if carers:  # UK Core: the carer is a RelatedPerson of the cared-for Patient.
        index, carer = carers[0]
        path = f"ServiceRequest.contained[{index}]"
        patient_index, patient = _contained(
            contained, carer.patient, Patient, f"{path}.patient", "the cared-for Patient"
        )
        if subject.reference not in {f"#{patient.id}", f"#{carer.id}"}:
            raise refuse(
                400,
                "invalid",
                "The subject is the cared-for Patient or the carer RelatedPerson",
                "ServiceRequest.subject",
            )
        relationship = _relationship(carer.relationship)
        return {
            "carer": _read_person(carer, path),
            "cared_for": _read_person(patient, f"ServiceRequest.contained[{patient_index}]"),
            "relationship": SEEN_FROM_THE_OTHER_SIDE.get(relationship, relationship),
            "relationship_path": f"{path}.relationship",
        }
    if subject.reference is None and subject.identifier is not None:
        carer_in_message = _person_by_nhs_number(subject, "ServiceRequest.subject")
    else:
        index, patient = _contained(contained, subject, Patient, "ServiceRequest.subject", "the carer's Patient")
        carer_in_message = _read_person(patient, f"ServiceRequest.contained[{index}]")
    related = [(index, resource) for index, resource in resources if isinstance(resource, RelatedPerson)]
    if len(related) > 1:
        raise refuse(400, "invalid", "Send at most one cared-for RelatedPerson", "ServiceRequest.contained")
    if not related:
        return {"carer": carer_in_message}
    index, cared_for = related[0]
    path = f"ServiceRequest.contained[{index}]"
    if not _same_reference(cared_for.patient, subject):
        raise refuse(
            400, "invalid", "The cared-for RelatedPerson's patient is the subject (the carer)", f"{path}.patient"
        )
    return {
        "carer": carer_in_message,
        "cared_for": _read_person(cared_for, path),
        "relationship": _relationship(cared_for.relationship),
        "relationship_path": f"{path}.relationship",
    }


def _is_carer(related_person: RelatedPerson) -> bool:
    return any(
        coding.system == CARER_ROLE_SYSTEM and coding.code == "Carer"
        for concept in related_person.relationship or []
        for coding in concept.coding or []
    )


def _relationship(concepts: list[CodeableConcept] | None) -> str:
    """The first v3-RoleCode family code, as what the RelatedPerson is to their Patient; "other" without one."""
    for concept in concepts or []:
        for coding in concept.coding or []:
            if coding.system in {ROLE_CODE_SYSTEM, None} and coding.code in RELATIONSHIP_OF_ROLE_CODE:
                return RELATIONSHIP_OF_ROLE_CODE[coding.code]
    return "other"


def _contained[T: Resource](
    contained: dict[str, tuple[int, Resource]], reference: Reference | None, kind: type[T], path: str, what: str
) -> tuple[int, T]:
    target = contained.get((reference.reference or "") if reference is not None else "")
    if target is None or not isinstance(target[1], kind):
        raise refuse(400, "invalid", f"Refer to {what} contained in the ServiceRequest ('#id')", path)
    return target[0], target[1]


def _same_reference(first: Reference | None, second: Reference) -> bool:
    if first is None:
        return False
    if first.reference or second.reference:
        return first.reference == second.reference
    return (
        first.identifier is not None
        and second.identifier is not None
        and (first.identifier.system, first.identifier.value) == (second.identifier.system, second.identifier.value)
    )


def _person_by_nhs_number(reference: Reference, path: str) -> PersonInMessage:
    """A carer named only by NHS number (a logical reference). Nothing is looked up here, and the answer is the same
    whether or not the service knows the number: a referral that worked only for people already known would tell
    any key holder who is known (submit_referral finds the record, or registers one to be confirmed)."""
    identifier = reference.identifier
    if identifier is None or identifier.system != NHS_NUMBER_SYSTEM:
        raise refuse(
            400, "invalid", f"Refer to the carer by an identifier in {NHS_NUMBER_SYSTEM}", f"{path}.identifier"
        )
    nhs_number = "".join((identifier.value or "").split())
    if not is_valid_nhs_number(nhs_number):
        raise refuse(
            400, "value", "Enter a valid NHS number (10 digits with a correct check digit)", f"{path}.identifier.value"
        )
    return PersonInMessage(
        path=path,
        details=PersonDetails(given_name="", family_name="", date_of_birth=None, nhs_number=nhs_number),
        is_nhs_number_only=True,
    )


def _read_person(resource: Patient | RelatedPerson, path: str) -> PersonInMessage:
    nhs_number = next(
        (
            "".join(identifier.value.split())
            for identifier in resource.identifier or []
            if identifier.system == NHS_NUMBER_SYSTEM and identifier.value
        ),
        "",
    )
    name = _preferred_name(resource.name)
    if name is None:
        # Only the carer may be named by NHS number alone, as the subject (see _person_by_nhs_number).
        raise refuse(400, "required", "Send the person's name", f"{path}.name")
    given_name, family_name = " ".join(part for part in name.given or [] if part).strip(), (name.family or "").strip()
    if not given_name or not family_name:
        raise refuse(400, "required", "Send the person's given and family names", f"{path}.name")
    date_of_birth, precision = _birth_date(resource.birthDate, f"{path}.birthDate")
    telecom = [point for point in resource.telecom or [] if point.value and point.use != "old"]
    phone = next((point.value for point in telecom if point.system in {"phone", "sms"}), "")
    email = next((point.value for point in telecom if point.system == "email"), "")
    addresses = [address for address in resource.address or [] if address.use != "old"]
    address = next((item for item in addresses if item.use == "home"), addresses[0] if addresses else None)
    lines = [*(line or "" for line in (address.line or [] if address is not None else [])), "", ""]
    languages = [_text([item.language]) for item in resource.communication or [] if item.language is not None]
    return PersonInMessage(
        path=path,
        details=PersonDetails(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            date_of_birth_precision=precision,
            nhs_number=nhs_number,
            email=email or "",
            phone=phone or "",
            address_line_1=lines[0],
            address_line_2=lines[1],
            town=(address.city or "") if address is not None else "",
            postcode=(address.postalCode or "") if address is not None else "",
            preferred_language=languages[0] if languages else "",
        ),
    )


def _preferred_name(names: list[HumanName] | None) -> HumanName | None:
    current = [name for name in names or [] if name.use != "old"]
    return next((name for name in current if name.use in {"official", "usual"}), current[0] if current else None)


def _birth_date(value: date | str | None, path: str) -> tuple[date | None, str]:
    # FHIR dates may be partial. Carers Hub keeps a day or, when only that is known, a month.
    if value is None or isinstance(value, date):
        return value, Person.DateOfBirthPrecision.DAY
    if len(value) == len("YYYY-MM"):
        return date(int(value[:4]), int(value[5:7]), 1), Person.DateOfBirthPrecision.MONTH
    raise refuse(400, "value", "Send at least the month and year of birth", path)


def _text(concepts: list[CodeableConcept] | None) -> str:
    for concept in concepts or []:
        text = concept.text or next((coding.display for coding in concept.coding or [] if coding.display), "")
        if text:
            return str(text).strip()
    return ""


def _reason(service_request: ServiceRequest) -> str:
    reasons = [text for concept in service_request.reasonCode or [] if (text := _text([concept]))]
    notes = [note.text.strip() for note in service_request.note or [] if note.text and note.text.strip()]
    return "\n\n".join([*reasons, *notes])
