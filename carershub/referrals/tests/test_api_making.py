"""Making referrals through the JSON API: routing, idempotency, and errors that name each field."""

import json
from collections.abc import Callable
from typing import Any, get_args

import pytest

from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.people.tests.factories import PersonFactory
from carershub.referrals.api.schemas import ApiSource
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.tests.api_calls import (
    CARER_NHS_NUMBER,
    PROBLEM,
    as_json,
    child_carer_body,
    get,
    key_for,
    post,
    referral_body,
)


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """Adults go to the carers centre; children who care go to the young carers service."""
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def council_key(council: Organisation) -> str:
    return key_for(council)


def test_api_sources_are_every_source_but_self() -> None:
    assert set(get_args(ApiSource)) == set(Referral.Source.values) - {"self"}


def test_a_referral_is_made_for_the_calling_organisation_and_routed_to_the_adult_carers_centre(
    routing: None, council_key: str, council: Organisation, carers_centre: Organisation
) -> None:
    status, _, body = post(referral_body(), council_key)

    assert status == 201
    referral = Referral.objects.select_related("carer", "cared_for").get()
    assert body == {
        "reference": referral.reference,
        "status": "open",
        "cohort": "adult",
        "provider": {"name": "Home Carers Centre", "slug": "home-carers-centre"},
        "received_at": as_json(referral.received_at),
        "carer": {"name": "Joy Smith", "nhs_number": CARER_NHS_NUMBER},
    }
    assert (referral.provider, referral.referring_organisation, referral.source, referral.urgency) == (
        carers_centre,
        council,
        "social_worker",
        "soon",
    )
    assert (referral.referrer_name, referral.referrer_role, referral.referrer_email) == (
        "Sam Patel",
        "Social worker",
        "sam.patel@council.example",
    )
    assert (referral.carer.full_name, referral.carer.nhs_number, referral.carer.phone) == (
        "Joy Smith",
        CARER_NHS_NUMBER,
        "07700900982",
    )
    caring = CaringRelationship.objects.get()
    assert (caring.carer, caring.cared_for, caring.relationship) == (
        referral.carer,
        referral.cared_for,
        "spouse_or_partner",
    )
    assert Consent.objects.filter(person=referral.carer, scope=Consent.Scope.CONTACT, channel="phone").count() == 1
    created = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_CREATED, subject_type="referrals.referral")
    assert (created.subject_id, created.organisation, created.actor) == (str(referral.pk), council, None)


@pytest.mark.parametrize("known", [False, True], ids=["unknown_person", "person_already_known"])
def test_the_answer_is_the_same_whether_or_not_the_carer_is_already_known(
    routing: None, council_key: str, home_area: Area, known: bool
) -> None:
    if known:
        # Known to the service under her married name, with a phone and address the council never sent.
        PersonFactory.create(
            area=home_area,
            nhs_number=CARER_NHS_NUMBER,
            given_name="Joy",
            family_name="Okafor",
            phone="01632960001",
            postcode="MV9 9ZZ",
        )

    status, _, created = post(referral_body(), council_key)
    _, _, read = get(f"/api/v1/referrals/{created['reference']}", council_key)
    _, _, listed = get("/api/v1/referrals", council_key)

    assert status == 201
    assert set(created) == {"reference", "status", "cohort", "provider", "received_at", "carer"}
    assert created["carer"] == read["carer"] == listed["items"][0]["carer"]
    assert created["carer"] == {"name": "Joy Smith", "nhs_number": CARER_NHS_NUMBER}
    assert "Okafor" not in json.dumps([created, read, listed])
    assert "01632960001" not in json.dumps([created, read, listed])


def test_a_child_carer_is_routed_to_the_young_carers_service_with_who_agreed_for_them(
    routing: None, council_key: str, young_carers_service: Organisation
) -> None:
    status, _, body = post(child_carer_body(), council_key)

    assert status == 201
    assert (body["cohort"], body["provider"]["slug"]) == ("young", "home-young-carers")
    referral = Referral.objects.get()
    assert referral.provider == young_carers_service
    consent = Consent.objects.get(person=referral.carer, scope=Consent.Scope.SHARE)
    assert (consent.given_by, consent.given_by_name, consent.given_by_relationship) == (
        "parent_or_guardian",
        "Lisa Reid",
        "Mother",
    )


def test_a_gp_practice_and_a_school_are_found_in_the_area(
    routing: None, council_key: str, home_area: Area, neighbour_area: Area
) -> None:
    practice = GPPracticeFactory.create(area=home_area, ods_code="M85001")
    GPPracticeFactory.create(area=neighbour_area, ods_code="M85002")
    school = SchoolFactory.create(area=home_area, urn="123456")

    status, _, _ = post(
        referral_body(source="gp_practice", gp_practice_ods_code="m85001", school_urn="123456"), council_key
    )

    assert status == 201
    referral = Referral.objects.get()
    assert (referral.source, referral.referring_gp_practice, referral.referring_school) == (
        "gp_practice",
        practice,
        school,
    )


def test_a_retry_with_the_same_idempotency_key_returns_the_same_referral(routing: None, council_key: str) -> None:
    first_status, _, first = post(referral_body(), council_key, idempotency_key="case-81723-attempt")
    retry_status, _, retry = post(referral_body(), council_key, idempotency_key="case-81723-attempt")

    assert (first_status, retry_status) == (201, 200)
    assert retry == first
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 2


def test_an_idempotency_key_belongs_to_the_organisation_that_sent_it(
    routing: None, council_key: str, young_carers_service: Organisation
) -> None:
    _, _, first = post(referral_body(), council_key, idempotency_key="1")
    status, _, second = post(referral_body(), key_for(young_carers_service), idempotency_key="1")

    assert status == 201
    assert second["reference"] != first["reference"]
    assert Referral.objects.count() == 2


def _without(body: dict[str, Any], *path: str) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(body))
    target: dict[str, Any] = changed
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return changed


def _with(body: dict[str, Any], value: Any, *path: str) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(body))
    target: dict[str, Any] = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("make_body", "fields"),
    [
        pytest.param(lambda body: _with(body, "neighbour-area", "area"), ["area"], id="area_not_served"),
        pytest.param(lambda body: _with(body, "nowhere", "area"), ["area"], id="unknown_area"),
        pytest.param(lambda body: _with(body, "self", "source"), ["source"], id="self_referral"),
        pytest.param(lambda body: _without(body, "carer", "given_name"), ["carer.given_name"], id="no_given_name"),
        pytest.param(lambda body: _with(body, " ", "carer", "family_name"), ["carer.family_name"], id="blank_name"),
        pytest.param(
            lambda body: _with(body, "9434765918", "carer", "nhs_number"),
            ["carer.nhs_number"],
            id="nhs_number_check_digit",
        ),
        pytest.param(
            lambda body: _with(body, "1960-02-30", "carer", "date_of_birth"), ["carer.date_of_birth"], id="not_a_date"
        ),
        pytest.param(
            lambda body: _with(body, "2999-01-01", "carer", "date_of_birth"),
            ["carer.date_of_birth"],
            id="born_in_the_future",
        ),
        pytest.param(lambda body: _with(body, {}, "carer", "contact"), ["carer.contact"], id="no_way_to_contact"),
        pytest.param(
            lambda body: _with(body, "ZZ", "carer", "contact", "postcode"),
            ["carer.contact.postcode"],
            id="postcode",
        ),
        pytest.param(
            lambda body: _with(body, "joy@", "carer", "contact", "email"), ["carer.contact.email"], id="carer_email"
        ),
        pytest.param(
            lambda body: _without(body, "cared_for", "relationship"),
            ["cared_for.relationship"],
            id="no_relationship",
        ),
        pytest.param(
            lambda body: _with(body, ["juggling"], "cared_for", "conditions"),
            ["cared_for.conditions.0"],
            id="unknown_condition",
        ),
        pytest.param(
            lambda body: _with(body, body["carer"] | {"contact": {}, "relationship": "friend"}, "cared_for"),
            ["cared_for"],
            id="caring_for_themselves",
        ),
        pytest.param(lambda body: _with(body, "  ", "reason"), ["reason"], id="no_reason"),
        pytest.param(lambda body: _with(body, "whenever", "urgency"), ["urgency"], id="unknown_urgency"),
        pytest.param(lambda body: _without(body, "consent_given_by"), ["consent_given_by"], id="no_consent"),
        pytest.param(
            lambda body: _with(body, ["pigeon"], "contact_channels"), ["contact_channels.0"], id="unknown_channel"
        ),
        pytest.param(
            lambda body: _with(body, "gp_practice", "source"), ["gp_practice_ods_code"], id="gp_without_practice"
        ),
        pytest.param(
            lambda body: _with(body, "X99999", "gp_practice_ods_code"), ["gp_practice_ods_code"], id="unknown_practice"
        ),
        pytest.param(lambda body: _with(body, "999999", "school_urn"), ["school_urn"], id="unknown_school"),
        pytest.param(lambda body: _with(body, "sam@", "referrer", "email"), ["referrer.email"], id="referrer_email"),
        pytest.param(
            lambda body: child_carer_body() | {"consent_given_by": "self"},
            ["consent_given_by"],
            id="child_consenting_alone",
        ),
        pytest.param(
            lambda body: child_carer_body() | {"consent_given_by_name": " ", "consent_given_by_relationship": ""},
            ["consent_given_by_name", "consent_given_by_relationship"],
            id="parent_agreeing_without_saying_who",
        ),
    ],
)
def test_every_invalid_field_is_named_in_a_400_problem_and_nothing_is_saved(
    routing: None, council_key: str, make_body: Callable[[dict[str, Any]], dict[str, Any]], fields: list[str]
) -> None:
    status, content_type, body = post(make_body(referral_body()), council_key)

    assert (status, content_type, body["title"]) == (400, PROBLEM, "The request is not valid")
    assert [error["field"] for error in body["errors"]] == fields
    assert all(error["message"] for error in body["errors"])
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400_problem(routing: None, council_key: str) -> None:
    status, content_type, _ = post([referral_body()], council_key)
    assert (status, content_type) == (400, PROBLEM)


def test_an_overlong_idempotency_key_is_named(routing: None, council_key: str) -> None:
    status, _, body = post(referral_body(), council_key, idempotency_key="k" * 256)
    assert status == 400
    assert [error["field"] for error in body["errors"]] == ["Idempotency-Key"]
    assert not Referral.objects.exists()


def test_an_area_without_a_provider_for_the_carer_is_a_422_problem(council_key: str, home_area: Area) -> None:
    status, content_type, body = post(referral_body(), council_key)

    assert (status, content_type, body["title"]) == (422, PROBLEM, "No provider takes this referral")
    assert not Referral.objects.exists()
    assert not Person.objects.exists()
