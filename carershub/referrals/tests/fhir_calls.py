"""Sending FHIR ServiceRequests as an NHS system would: stored examples, resources built with the R4B models, and
reading OperationOutcomes."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.test import Client
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson
from fhir.resources.R4B.servicerequest import ServiceRequest

from carershub.people.tests.factories import born_years_ago
from carershub.referrals.fhir.codes import CARER_ROLE_SYSTEM, FHIR_JSON, NHS_NUMBER_SYSTEM, ROLE_CODE_SYSTEM

EXAMPLES = Path(__file__).parent / "fhir_examples"
ENDPOINT = "/api/v1/fhir/ServiceRequest"


def example(name: str) -> dict[str, Any]:
    """A stored example, checked to be a valid R4 ServiceRequest before it is sent."""
    resource: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    ServiceRequest.model_validate(resource)
    return resource


def post(resource: Any, key: str, *, content_type: str = FHIR_JSON) -> tuple[int, dict[str, Any], Any]:
    body = resource if isinstance(resource, str) else json.dumps(resource)
    response = Client().post(ENDPOINT, body, content_type=content_type, headers={"Authorization": f"Bearer {key}"})
    assert response["Content-Type"] == FHIR_JSON or response.status_code == 401
    return response.status_code, dict(response.headers), json.loads(response.content)


def issues(outcome: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """The OperationOutcome's issues as (code, diagnostics, expression), after checking it is a valid resource."""
    OperationOutcome.model_validate(outcome)
    return [(issue["code"], issue["diagnostics"], issue.get("expression", [])) for issue in outcome["issue"]]


def uk_core_carer(
    *, family_code: str | None, carer_born: date, extensions: list[Extension] | None = None
) -> dict[str, Any]:
    """The UK Core pattern built with the R4B models: the carer is a RelatedPerson of the cared-for Patient."""
    relationship = [
        CodeableConcept(coding=[Coding(system=CARER_ROLE_SYSTEM, code="Carer", display="Carer of patient")])
    ]
    if family_code:
        relationship.append(CodeableConcept(coding=[Coding(system=ROLE_CODE_SYSTEM, code=family_code)]))
    cared_for = Patient(id="cared-for", name=[HumanName(given=["Lisa"], family="Reid")], birthDate=born_years_ago(41))
    carer = RelatedPerson(
        id="carer",
        patient=Reference(reference="#cared-for"),
        relationship=relationship,
        name=[HumanName(use="official", given=["Kai"], family="Reid")],
        birthDate=carer_born,
        telecom=[ContactPoint(system="phone", value="07700 900456")],
        identifier=[Identifier(system=NHS_NUMBER_SYSTEM, value="9990000042")],
    )
    service_request = ServiceRequest(
        identifier=[Identifier(system="https://millvale-hospital.example/referrals", value="K-1")],
        status="active",
        intent="order",
        priority="stat",
        contained=[cared_for, carer],
        subject=Reference(reference="#cared-for"),
        supportingInfo=[Reference(reference="#carer")],
        requester=Reference(display="Children's ward"),
        reasonCode=[CodeableConcept(text="Looks after his mum most evenings")],
        extension=extensions,
    )
    resource: dict[str, Any] = service_request.model_dump(mode="json", by_alias=True, exclude_none=True)
    return resource


def by_nhs_number(nhs_number: str, *, identifier: str = "DR-21004") -> dict[str, Any]:
    """A ServiceRequest naming the carer only by NHS number, built with the R4B models."""
    service_request = ServiceRequest(
        identifier=[Identifier(system="https://millvale-hospital.example/discharge-referrals", value=identifier)],
        status="active",
        intent="order",
        priority="asap",
        subject=Reference(identifier=Identifier(system=NHS_NUMBER_SYSTEM, value=nhs_number)),
        requester=Reference(display="Millvale General Hospital A&E"),
        reasonCode=[CodeableConcept(text="Attended A&E exhausted; her caring role is at risk of breaking down")],
    )
    resource: dict[str, Any] = service_request.model_dump(mode="json", by_alias=True, exclude_none=True)
    return resource


def without_ids(body: dict[str, Any], reference: str) -> str:
    """The answer with the referral's reference (and when it was received, a moment apart) taken out."""
    body.pop("authoredOn", None)
    return json.dumps(body, sort_keys=True).replace(reference, "REFERENCE")
