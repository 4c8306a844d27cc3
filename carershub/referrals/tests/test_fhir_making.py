"""NHS referrals as FHIR R4 ServiceRequests: both ways of naming the carer, the mapping to a routed referral, and
idempotency."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.servicerequest import ServiceRequest

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.services import create_api_key
from carershub.organisations.tests.factories import GPPracticeFactory, ProviderFactory
from carershub.people.models import CaringRelationship, Consent, Person, TimelineEntry
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.referrals.fhir.codes import CONSENT_EXTENSION, NHS_NUMBER_SYSTEM, ODS_SYSTEM, REFERRAL_SYSTEM
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.tests.fhir_calls import ENDPOINT, example, issues, post, uk_core_carer, without_ids


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
                without_ids(body, referral.reference),
                read.status_code,
                without_ids(json.loads(read.content), referral.reference),
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
