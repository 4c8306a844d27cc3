"""FHIR ServiceRequests refused with OperationOutcomes that name the problem, business rules, keys, and reading a
referral back as a ServiceRequest."""

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.servicerequest import ServiceRequest

from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import create_api_key, revoke_api_key
from carershub.organisations.tests.factories import ProviderFactory
from carershub.people.models import Person
from carershub.people.tests.factories import born_years_ago
from carershub.referrals.fhir.codes import CONSENT_EXTENSION, FHIR_JSON, NHS_NUMBER_SYSTEM
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.tests.fhir_calls import example, issues, post, uk_core_carer


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def trust(home_area: Area) -> Organisation:
    """An NHS organisation sending discharge referrals in the home area."""
    return ProviderFactory.create(name="Millvale NHS Trust", slug="millvale-trust", areas=[home_area])


@pytest.fixture
def trust_key(trust: Organisation) -> str:
    return create_api_key(trust, name="discharge system", created_by=None)[1]


def _patient_changes(**changes: Any) -> dict[str, Any]:
    resource = example("carer_as_patient")
    resource["contained"][0] |= changes
    return resource


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        pytest.param(
            example("carer_as_patient") | {"resourceType": "Patient"},
            ("invalid", "Expected resourceType 'ServiceRequest', not 'Patient'", ["resourceType"]),
            id="wrong_resource_type",
        ),
        pytest.param(
            {key: value for key, value in example("carer_as_patient").items() if key != "subject"},
            ("required", "Field required", ["ServiceRequest.subject"]),
            id="missing_subject",
        ),
        pytest.param(
            _patient_changes(birthDate="1972-02-30"),
            (
                "value",
                "Input should be a valid date or datetime, day value is outside expected range",
                ["ServiceRequest.contained[0].birthDate"],
            ),
            id="impossible_date",
        ),
        pytest.param(
            _patient_changes(birthDate="1972"),
            ("value", "Send at least the month and year of birth", ["ServiceRequest.contained[0].birthDate"]),
            id="year_of_birth_only",
        ),
        pytest.param(
            _patient_changes(identifier=[{"system": NHS_NUMBER_SYSTEM, "value": "9990000019"}]),
            ("value", "Enter a valid NHS number", ["ServiceRequest.contained[0].identifier"]),
            id="nhs_number_check_digit",
        ),
        pytest.param(
            example("carer_by_nhs_number")
            | {"subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000035"}}},
            (
                "value",
                "Enter a valid NHS number (10 digits with a correct check digit)",
                ["ServiceRequest.subject.identifier.value"],
            ),
            id="subject_nhs_number_check_digit",
        ),
        pytest.param(
            _patient_changes(name=[{"family": "Okafor"}]),
            ("required", "Send the person's given and family names", ["ServiceRequest.contained[0].name"]),
            id="no_given_name",
        ),
        pytest.param(
            example("carer_as_patient") | {"subject": {"reference": "Patient/123"}},
            (
                "invalid",
                "Refer to the carer's Patient contained in the ServiceRequest ('#id')",
                ["ServiceRequest.subject"],
            ),
            id="subject_not_contained",
        ),
        pytest.param(
            example("carer_as_patient") | {"priority": "whenever"},
            ("value", "Priority is one of routine, urgent, asap or stat", ["ServiceRequest.priority"]),
            id="unknown_priority",
        ),
        pytest.param(
            example("carer_as_patient") | {"status": "draft"},
            ("value", "A referral is sent with status 'active'", ["ServiceRequest.status"]),
            id="draft",
        ),
        pytest.param(
            {key: value for key, value in example("carer_as_patient").items() if key not in {"reasonCode", "note"}},
            (
                "required",
                "Say why the carer needs support in reasonCode.text or note.text",
                ["ServiceRequest.reasonCode"],
            ),
            id="no_reason",
        ),
        pytest.param(
            example("carer_as_patient") | {"referralColour": "blue"},
            ("invalid", "Extra inputs are not permitted", ["ServiceRequest.referralColour"]),
            id="unknown_element",
        ),
        pytest.param(
            example("carer_as_patient") | {"contained": [{"resourceType": "Carer", "id": "carer"}]},
            (
                "invalid",
                "A contained resource needs a FHIR R4 resourceType, not 'Carer'",
                ["ServiceRequest.contained[0].resourceType"],
            ),
            id="unknown_contained_type",
        ),
        pytest.param(
            [example("carer_as_patient")],
            ("invalid", "Send one ServiceRequest resource as a JSON object", ["ServiceRequest"]),
            id="json_array",
        ),
    ],
)
def test_an_invalid_resource_is_a_400_operation_outcome_naming_the_problem(
    routing: None, trust_key: str, resource: Any, expected: tuple[str, str, list[str]]
) -> None:
    status, _, body = post(resource, trust_key)

    assert status == 400
    [(code, diagnostics, expression)] = issues(body)
    assert (code, expression) == (expected[0], expected[2])
    assert expected[1] in diagnostics
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_a_body_that_is_not_json_is_a_400_operation_outcome(routing: None, trust_key: str) -> None:
    status, _, body = post("{not json", trust_key)
    assert status == 400
    assert issues(body)[0][0] == "invalid"


def test_another_content_type_is_refused(routing: None, trust_key: str) -> None:
    status, _, body = post(json.dumps(example("carer_as_patient")), trust_key, content_type="text/plain")
    assert status == 415
    assert issues(body)[0][0] == "not-supported"


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        pytest.param(
            _patient_changes(telecom=[], address=[]),
            (
                "business-rule",
                "Enter a phone number, an email address or a postal address for the carer",
                ["ServiceRequest.contained[0].telecom"],
            ),
            id="no_way_to_contact_the_carer",
        ),
        pytest.param(
            uk_core_carer(
                family_code="SON",
                carer_born=born_years_ago(12),
                extensions=[Extension(url=CONSENT_EXTENSION, valueCode="self")],
            ),
            (
                "business-rule",
                "Select a parent or guardian, or record that the young person was judged competent to decide",
                [f"ServiceRequest.extension('{CONSENT_EXTENSION}')"],
            ),
            id="child_without_consent_from_a_parent",
        ),
        pytest.param(
            example("carer_as_patient")
            | {"category": [{"coding": [{"code": "gp"}]}], "requester": {"identifier": {"value": "X99999"}}},
            ("not-found", "No GP practice in your areas has this ODS code", ["ServiceRequest.requester.identifier"]),
            id="unknown_gp_practice",
        ),
    ],
)
def test_a_referral_that_breaks_a_business_rule_is_a_422_operation_outcome(
    routing: None, trust_key: str, resource: dict[str, Any], expected: tuple[str, str, list[str]]
) -> None:
    status, _, body = post(resource, trust_key)

    assert status == 422
    assert issues(body) == [expected]
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_an_area_without_a_provider_is_a_422_operation_outcome(trust_key: str) -> None:
    status, _, body = post(example("carer_as_patient"), trust_key)

    assert status == 422
    [(code, _, expression)] = issues(body)
    assert (code, expression) == ("business-rule", ["ServiceRequest.subject"])
    assert not Referral.objects.exists()


def test_an_organisation_serving_several_areas_names_the_area(
    routing: None, trust: Organisation, trust_key: str, neighbour_area: Area
) -> None:
    trust.areas.add(neighbour_area)
    area_extension = {"url": "https://carershub.example/fhir/StructureDefinition/area", "valueCode": "home-area"}

    unnamed_status, _, unnamed = post(example("carer_as_patient"), trust_key)
    named_status, _, _ = post(example("carer_as_patient") | {"extension": [area_extension]}, trust_key)

    assert unnamed_status == 400
    assert issues(unnamed)[0][2] == [f"ServiceRequest.extension('{area_extension['url']}')"]
    assert named_status == 201
    assert Referral.objects.get().area.slug == "home-area"


def test_a_revoked_key_is_refused(routing: None, trust: Organisation, trust_key: str) -> None:
    revoke_api_key(ApiKey.objects.get(organisation=trust), revoked_by=None)
    assert post(example("carer_as_patient"), trust_key)[0] == 401
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("organisation", "may_see"),
    [
        pytest.param("trust", True, id="referring_organisation"),
        pytest.param("carers_centre", True, id="provider"),
        pytest.param("young_carers_service", False, id="other_provider_in_the_area"),
        pytest.param("neighbour_provider", False, id="provider_in_another_area"),
    ],
)
def test_a_referral_reads_back_as_a_service_request_for_those_who_made_or_received_it(
    request: pytest.FixtureRequest, routing: None, trust_key: str, organisation: str, may_see: bool
) -> None:
    _, headers, _ = post(example("carer_as_patient"), trust_key)
    caller: Organisation = request.getfixturevalue(organisation)
    key = trust_key if organisation == "trust" else create_api_key(caller, name="reader", created_by=None)[1]
    views_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).count()

    response = Client().get(headers["Location"], headers={"Authorization": f"Bearer {key}"})
    body = json.loads(response.content)

    assert response["Content-Type"] == FHIR_JSON
    if not may_see:
        assert response.status_code == 404
        assert issues(body) == [("not-found", "No such ServiceRequest", [])]
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).count() == views_before
        return
    referral = Referral.objects.select_related("carer").get()
    assert response.status_code == 200
    service_request = ServiceRequest.model_validate(body)
    assert (service_request.id, service_request.status, service_request.priority) == (
        referral.reference,
        "active",
        "urgent",
    )
    assert service_request.subject.identifier is not None
    assert service_request.subject.identifier.value == "9990000018"
    viewed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (viewed.organisation, viewed.subject_id, viewed.purpose) == (caller, str(referral.carer_id), "api read")
