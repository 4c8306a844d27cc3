"""NHS referrals as FHIR R4 ServiceRequests: both ways of naming the carer, the mapping, OperationOutcomes that name
the problem, business rules, idempotency, and reading a referral back as a ServiceRequest."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
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

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import create_api_key, revoke_api_key
from carershub.organisations.tests.factories import GPPracticeFactory, ProviderFactory
from carershub.people.models import CaringRelationship, Consent, Person, TimelineEntry
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.referrals.fhir.codes import (
    CARER_ROLE_SYSTEM,
    CONSENT_EXTENSION,
    FHIR_JSON,
    NHS_NUMBER_SYSTEM,
    ODS_SYSTEM,
    REFERRAL_SYSTEM,
    ROLE_CODE_SYSTEM,
)
from carershub.referrals.models import Cohort, Referral, RoutingRule

EXAMPLES = Path(__file__).parent / "fhir_examples"
ENDPOINT = "/api/v1/fhir/ServiceRequest"


def example(name: str) -> dict[str, Any]:
    """A stored example, checked to be a valid R4 ServiceRequest before it is sent."""
    resource: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text())
    ServiceRequest.model_validate(resource)
    return resource


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


def test_a_carer_sent_as_the_subject_patient_becomes_a_routed_referral(
    routing: None, trust_key: str, trust: Organisation, carers_centre: Organisation
) -> None:
    status, headers, body = post(example("carer_as_patient"), trust_key)

    assert status == 201
    referral = Referral.objects.select_related("carer", "cared_for").get()
    echoed = ServiceRequest.model_validate(body)
    assert (echoed.id, echoed.status) == (referral.reference, "active")
    assert [(item.system, item.value) for item in echoed.identifier or []] == [
        ("https://millvale-hospital.example/discharge-referrals", "DR-20931"),
        (REFERRAL_SYSTEM, referral.reference),
    ]
    assert headers["Location"] == f"http://testserver{ENDPOINT}/{referral.reference}"
    assert (referral.provider, referral.cohort, referral.referring_organisation) == (carers_centre, "adult", trust)
    assert (referral.source, referral.urgency, referral.hospital_name) == (
        "hospital",
        "soon",
        "Millvale General Hospital, Ward 7",
    )
    assert referral.referrer_name == "Dr A Khan, Ward 7 discharge team"
    assert referral.reason == (
        "Caring for her mother, who has dementia, after discharge\n\nWorks part time; best contacted after 5pm."
    )
    carer = referral.carer
    assert (carer.given_name, carer.family_name, carer.date_of_birth, carer.nhs_number) == (
        "Maria",
        "Okafor",
        date(1972, 6, 14),
        "9990000018",
    )
    assert (carer.phone, carer.email, carer.address_line_1, carer.town, carer.postcode) == (
        "07700900123",
        "maria.okafor@example.com",
        "12 Station Road",
        "Millvale",
        "MV2 3CD",
    )
    cared_for = referral.cared_for
    assert cared_for is not None
    assert (cared_for.full_name, cared_for.date_of_birth, cared_for.date_of_birth_precision) == (
        "Grace Okafor",
        date(1944, 1, 1),
        "month",
    )
    caring = CaringRelationship.objects.get()
    assert (caring.carer, caring.cared_for, caring.relationship) == (carer, cared_for, "parent")
    # The message says nothing of consent: none is recorded, and the record waits for the carer's consent.
    assert not Consent.objects.filter(person=carer).exists()
    assert referral.awaits_consent_to_share is True


def test_the_uk_core_related_person_carer_example_becomes_a_routed_referral(
    routing: None, trust_key: str, carers_centre: Organisation
) -> None:
    status, _, body = post(example("carer_as_related_person"), trust_key)

    assert status == 201
    referral = Referral.objects.select_related("carer", "cared_for").get()
    assert body["id"] == referral.reference
    assert (referral.carer.full_name, referral.carer.date_of_birth, referral.carer.phone) == (
        "Joy Smith",
        date(1950, 9, 30),
        "07700900982",
    )
    assert referral.cared_for is not None
    assert (referral.cared_for.full_name, referral.cared_for.nhs_number) == ("Arthur Smith", "9990000026")
    assert (referral.provider, referral.urgency) == (carers_centre, "routine")
    caring = CaringRelationship.objects.get()
    # The carer is the patient's WIFE, so the person she cares for is her spouse.
    assert (caring.carer, caring.cared_for, caring.relationship) == (
        referral.carer,
        referral.cared_for,
        "spouse_or_partner",
    )


@pytest.mark.parametrize(
    ("family_code", "relationship"),
    [("SON", "parent"), ("MTH", "child"), ("GRNDSON", "grandparent"), ("BRO", "sibling"), (None, "other")],
    ids=["son", "mother", "grandson", "brother", "no_family_code"],
)
def test_a_uk_core_child_carer_goes_to_the_young_carers_service_with_the_relationship_seen_from_the_carer(
    routing: None, trust_key: str, young_carers_service: Organisation, family_code: str | None, relationship: str
) -> None:
    consent = Extension(url=CONSENT_EXTENSION, valueCode="parent_or_guardian")
    resource = uk_core_carer(family_code=family_code, carer_born=born_years_ago(12), extensions=[consent])

    status, _, _ = post(resource, trust_key)

    assert status == 201
    referral = Referral.objects.select_related("carer").get()
    assert (referral.provider, referral.cohort, referral.urgency) == (young_carers_service, "young", "urgent")
    assert (referral.carer.full_name, referral.carer.nhs_number) == ("Kai Reid", "9990000042")
    assert CaringRelationship.objects.get().relationship == relationship
    assert Consent.objects.get(person=referral.carer, scope=Consent.Scope.SHARE).given_by == "parent_or_guardian"


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


def _without_ids(body: dict[str, Any], reference: str) -> str:
    """The answer with the referral's reference (and when it was received, a moment apart) taken out."""
    body.pop("authoredOn", None)
    return json.dumps(body, sort_keys=True).replace(reference, "REFERENCE")


def test_a_carer_named_only_by_nhs_number_answers_the_same_whether_or_not_they_are_known(
    routing: None, trust_key: str, home_area: Area, neighbour_area: Area, neighbour_provider: Organisation
) -> None:
    # Two trusts send the same message: one to an area that knows the carer, one to an area that does not.
    PersonFactory.create(area=home_area, nhs_number="9990000034", given_name="Maria", family_name="Okafor")
    RoutingRule.objects.create(area=neighbour_area, cohort=Cohort.ADULT, provider=neighbour_provider)
    neighbour_trust = ProviderFactory.create(name="Ribble NHS Trust", slug="ribble-trust", areas=[neighbour_area])
    neighbour_trust_key = create_api_key(neighbour_trust, name="discharge system", created_by=None)[1]
    answers = []
    for area, key in ((home_area, trust_key), (neighbour_area, neighbour_trust_key)):
        status, headers, body = post(example("carer_by_nhs_number"), key)
        read = Client().get(headers["Location"], headers={"Authorization": f"Bearer {key}"})
        referral = Referral.objects.get(area=area)
        answers.append(
            (
                status,
                headers["Content-Type"],
                headers["Location"].replace(referral.reference, "REFERENCE"),
                _without_ids(body, referral.reference),
                read.status_code,
                _without_ids(json.loads(read.content), referral.reference),
            )
        )

    known, unknown = answers
    assert known == unknown
    assert known[0] == 201
    assert "Okafor" not in json.dumps(answers)
    read_back = json.loads(known[5])
    ServiceRequest.model_validate(read_back)
    assert read_back["subject"] == {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000034"}}
    assert "performer" not in read_back


def test_a_carer_known_by_nhs_number_gets_the_referral_on_their_record_routed_by_their_cohort(
    routing: None, trust_key: str, home_area: Area, young_carers_service: Organisation
) -> None:
    known = PersonFactory.create(
        area=home_area, nhs_number="9990000034", given_name="Kai", family_name="Reid", date_of_birth=born_years_ago(12)
    )
    people_before = Person.objects.count()

    status, _, body = post(example("carer_by_nhs_number"), trust_key)

    assert status == 201
    referral = Referral.objects.get()
    assert body["id"] == referral.reference
    assert (referral.carer, referral.provider, referral.cohort) == (known, young_carers_service, "young")
    assert (referral.carer_name_as_referred, referral.carer_nhs_number_as_referred) == ("", "9990000034")
    assert Person.objects.count() == people_before
    known.refresh_from_db()
    assert (known.given_name, known.needs_details_confirmed) == ("Kai", False)
    # The message carried no consent: none is recorded, and the record stays closed to the young carers' service.
    assert not Consent.objects.filter(person=known).exists()
    assert referral.awaits_consent_to_share is True


def test_the_referrals_api_does_not_say_where_a_carer_named_by_nhs_number_alone_was_routed(
    routing: None, trust_key: str, home_area: Area, young_carers_service: Organisation
) -> None:
    # A known young carer's referral goes to the young carers' service: the JSON API must not say so either.
    PersonFactory.create(area=home_area, nhs_number="9990000034", date_of_birth=born_years_ago(12))
    status, _, body = post(example("carer_by_nhs_number"), trust_key)
    assert status == 201
    auth = {"Authorization": f"Bearer {trust_key}"}

    read = Client().get(f"/api/v1/referrals/{body['id']}", headers=auth).json()
    listed = Client().get("/api/v1/referrals", headers=auth).json()

    assert Referral.objects.get().provider == young_carers_service
    assert (read["cohort"], read["provider"]) == (None, None)
    assert read["carer"] == {"name": "", "nhs_number": "9990000034"}
    assert [(item["reference"], item["cohort"], item["provider"]) for item in listed["items"]] == [
        (body["id"], None, None)
    ]
    assert "young" not in json.dumps([read, listed])


def test_a_carer_unknown_by_nhs_number_is_registered_with_only_it_for_the_adult_carers_provider(
    routing: None, trust_key: str, home_area: Area, neighbour_area: Area, carers_centre: Organisation
) -> None:
    # Someone with this NHS number in another area is not this area's record.
    elsewhere = PersonFactory.create(area=neighbour_area, nhs_number="9990000034")

    status, _, body = post(example("carer_by_nhs_number"), trust_key)

    assert status == 201
    referral = Referral.objects.select_related("carer").get()
    assert body["id"] == referral.reference
    carer = referral.carer
    assert carer != elsewhere
    assert (carer.area, carer.nhs_number, carer.given_name, carer.family_name, carer.date_of_birth) == (
        home_area,
        "9990000034",
        "",
        "",
        None,
    )
    assert (carer.needs_details_confirmed, carer.full_name, carer.phone, carer.email) == (
        True,
        "Name not known",
        "",
        "",
    )
    assert (referral.provider, referral.cohort, referral.status) == (carers_centre, "adult", Referral.Status.OPEN)
    assert TimelineEntry.objects.get(person=carer, kind="people.registered").summary == (
        "Registered with the service from an NHS number only: details to be confirmed with the carer or by tracing"
    )
    created = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CREATED, subject_type="people.person")
    assert (created.subject_id, created.detail) == (str(carer.pk), {"needs_details_confirmed": True})


def test_a_carer_by_nhs_number_only_is_in_the_providers_inbox_as_name_not_known(
    routing: None, trust_key: str, practitioner: User, sign_in: SignIn
) -> None:
    post(example("carer_by_nhs_number"), trust_key)
    referral = Referral.objects.get()
    client = sign_in(practitioner)

    inbox = client.get(reverse("referrals:inbox"))
    detail = client.get(reverse("referrals:detail", args=[referral.reference]))

    assert inbox.status_code == 200
    assert referral.reference in inbox.content.decode()
    assert "Name not known" in inbox.content.decode()
    assert detail.status_code == 200
    # Named by NHS number alone, the record (new or not) is not open to the provider until consent is recorded.
    assert "record is not open to you yet" in detail.content.decode()


def test_an_area_without_an_adult_carers_provider_refuses_an_nhs_number_alone_known_or_not(
    home_area: Area, young_carers_service: Organisation, trust_key: str
) -> None:
    # Only a young carers' rule: a known young carer could be routed, an unknown carer could not, so neither is.
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    PersonFactory.create(area=home_area, nhs_number="9990000034", date_of_birth=born_years_ago(12))

    status, _, body = post(example("carer_by_nhs_number"), trust_key)

    assert status == 422
    assert issues(body)[0][2] == ["ServiceRequest.subject"]
    assert not Referral.objects.exists()


def test_a_referral_reads_back_with_the_carer_as_sent_not_as_already_known(
    routing: None, trust_key: str, home_area: Area
) -> None:
    PersonFactory.create(area=home_area, nhs_number="9990000018", given_name="Mary", family_name="Okafor-Stored")

    _, headers, created = post(example("carer_as_patient"), trust_key)
    read = json.loads(Client().get(headers["Location"], headers={"Authorization": f"Bearer {trust_key}"}).content)

    assert "Okafor-Stored" not in json.dumps([created, read])
    assert "Mary" not in json.dumps([created, read])
    assert read["subject"] == {
        "display": "Maria Okafor",
        "identifier": {"system": NHS_NUMBER_SYSTEM, "value": "9990000018"},
    }


def test_a_gp_referral_names_the_practice_by_ods_code(routing: None, trust_key: str, home_area: Area) -> None:
    practice = GPPracticeFactory.create(area=home_area, ods_code="M85001")
    resource = example("carer_as_patient") | {
        "category": [{"coding": [{"system": "https://carershub.example/referral-source", "code": "gp"}]}],
        "requester": {"identifier": {"system": ODS_SYSTEM, "value": "M85001"}, "display": "Dr B Lee"},
    }

    status, _, _ = post(resource, trust_key)

    assert status == 201
    referral = Referral.objects.get()
    assert (referral.source, referral.referring_gp_practice, referral.hospital_name) == ("gp_practice", practice, "")


def test_a_retry_with_the_same_identifier_returns_the_same_referral(routing: None, trust_key: str) -> None:
    first_status, _, first = post(example("carer_as_patient"), trust_key)
    retry_status, _, retry = post(example("carer_as_patient"), trust_key)

    assert (first_status, retry_status) == (201, 200)
    assert retry["id"] == first["id"]
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 2


def test_plain_json_is_accepted_too(routing: None, trust_key: str) -> None:
    assert post(example("carer_as_patient"), trust_key, content_type="application/json")[0] == 201


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
