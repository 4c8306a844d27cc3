"""Referrals through the JSON API: making them (routing, idempotency, errors that name fields) and reading them
(who sees what, audit, pagination, query counts)."""

import json
from collections.abc import Callable
from typing import Any, get_args

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import create_api_key, revoke_api_key
from carershub.organisations.tests.factories import GPPracticeFactory, SchoolFactory
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.people.tests.factories import PersonFactory, born_years_ago
from carershub.referrals.api.schemas import ApiSource
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.decisions import reject_referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import PersonDetails
from carershub.referrals.tests.factories import adult_carer_submission, young_carer_submission

PROBLEM = "application/problem+json"
as_json = DjangoJSONEncoder().default
CARER_NHS_NUMBER = "9434765919"


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """Adults go to the carers centre; children who care go to the young carers service."""
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


def key_for(organisation: Organisation) -> str:
    _, plain_text = create_api_key(organisation, name=f"{organisation.slug} system", created_by=None)
    return plain_text


@pytest.fixture
def council_key(council: Organisation) -> str:
    return key_for(council)


def post(body: Any, key: str, *, idempotency_key: str = "") -> tuple[int, str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {key}"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    response = Client().post("/api/v1/referrals", json.dumps(body), content_type="application/json", headers=headers)
    return response.status_code, response["Content-Type"], json.loads(response.content)


def get(path: str, key: str) -> tuple[int, str, dict[str, Any]]:
    response = Client().get(path, headers={"Authorization": f"Bearer {key}"})
    return response.status_code, response["Content-Type"], json.loads(response.content)


def referral_body(**changes: Any) -> dict[str, Any]:
    """A council social worker refers a woman of 66 caring for her husband after his stroke."""
    body: dict[str, Any] = {
        "area": "home-area",
        "source": "social_worker",
        "carer": {
            "given_name": "Joy",
            "family_name": "Smith",
            "date_of_birth": born_years_ago(66).isoformat(),
            "nhs_number": CARER_NHS_NUMBER,
            "contact": {"phone": "07700 900982", "postcode": "MV1 2AB"},
        },
        "cared_for": {
            "given_name": "Arthur",
            "family_name": "Smith",
            "date_of_birth": born_years_ago(70).isoformat(),
            "relationship": "spouse_or_partner",
            "conditions": ["physical_disability"],
        },
        "reason": "Caring for her husband since his stroke and not sleeping.",
        "urgency": "soon",
        "consent_given_by": "self",
        "contact_channels": ["phone"],
        "referrer": {"name": "Sam Patel", "role": "Social worker", "email": "sam.patel@council.example"},
    }
    return body | changes


def child_carer_body() -> dict[str, Any]:
    return referral_body(
        carer={
            "given_name": "Kai",
            "family_name": "Reid",
            "date_of_birth": born_years_ago(12).isoformat(),
            "contact": {"address_line_1": "4 Mill Lane", "postcode": "MV1 4AB"},
        },
        cared_for={
            "given_name": "Lisa",
            "family_name": "Reid",
            "date_of_birth": born_years_ago(41).isoformat(),
            "relationship": "parent",
        },
        consent_given_by="parent_or_guardian",
        consent_given_by_name="Lisa Reid",
        consent_given_by_relationship="Mother",
    )


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


# Reading referrals -------------------------------------------------------------------------------------------------


@pytest.fixture
def referral(routing: None, home_area: Area, council: Organisation) -> Referral:
    """A council social worker's referral of an adult carer, routed to the carers centre."""
    return submit_referral(
        adult_carer_submission(home_area, source=Referral.Source.SOCIAL_WORKER, referring_organisation=council),
        submitted_by=None,
    )


@pytest.mark.parametrize(
    ("organisation", "may_see"),
    [
        pytest.param("council", True, id="referring_organisation"),
        pytest.param("carers_centre", True, id="provider"),
        pytest.param("young_carers_service", False, id="other_provider_in_the_area"),
        pytest.param("neighbour_provider", False, id="provider_in_another_area"),
    ],
)
def test_a_referral_is_read_by_the_organisations_that_made_or_received_it(
    request: pytest.FixtureRequest, referral: Referral, organisation: str, may_see: bool
) -> None:
    caller: Organisation = request.getfixturevalue(organisation)
    key = key_for(caller)
    api_key = ApiKey.objects.get(organisation=caller)
    events_before = AuditEvent.objects.count()

    status, content_type, body = get(f"/api/v1/referrals/{referral.reference}", key)

    if not may_see:
        assert (status, content_type, body["title"]) == (404, PROBLEM, "Not found")
        assert AuditEvent.objects.count() == events_before
        return
    assert status == 200
    assert body["reference"] == referral.reference
    assert body["provider"] == {"name": "Home Carers Centre", "slug": "home-carers-centre"}
    assert body["referring_organisation"] == {"name": "Home Council", "slug": "home-council"}
    viewed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (viewed.actor, viewed.api_key, viewed.organisation, viewed.area) == (None, api_key, caller, referral.area)
    assert (viewed.subject_type, viewed.subject_id, viewed.purpose) == (
        "people.person",
        str(referral.carer_id),
        "api read",
    )


def test_a_missing_referral_is_the_same_404(council_key: str) -> None:
    status, content_type, body = get("/api/v1/referrals/RNOSUCH00", council_key)
    assert (status, content_type, body["title"]) == (404, PROBLEM, "Not found")


def test_a_read_shows_the_providers_decision(referral: Referral, council_key: str, practitioner: User) -> None:
    reject_referral(referral, rejected_by=practitioner, reason="Moved out of the area")
    referral.refresh_from_db()

    status, _, body = get(f"/api/v1/referrals/{referral.reference}", council_key)

    assert status == 200
    assert body == {
        "reference": referral.reference,
        "status": "rejected",
        "source": "social_worker",
        "urgency": "routine",
        "cohort": "adult",
        "provider": {"name": "Home Carers Centre", "slug": "home-carers-centre"},
        "referring_organisation": {"name": "Home Council", "slug": "home-council"},
        "received_at": as_json(referral.received_at),
        "decided_at": as_json(referral.decided_at),
        "rejection_reason": "Moved out of the area",
        "carer": {"name": referral.carer.full_name, "nhs_number": ""},
    }


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        pytest.param("council", 1, id="referring_organisation"),
        pytest.param("carers_centre", 1, id="provider"),
        pytest.param("young_carers_service", 0, id="other_provider_in_the_area"),
        pytest.param("neighbour_provider", 0, id="provider_in_another_area"),
    ],
)
def test_the_list_holds_what_the_organisation_made_or_received_and_is_audited_once(
    request: pytest.FixtureRequest, referral: Referral, organisation: str, expected: int
) -> None:
    caller: Organisation = request.getfixturevalue(organisation)

    status, _, body = get("/api/v1/referrals", key_for(caller))

    assert status == 200
    assert body["next"] is None
    assert [item["reference"] for item in body["items"]] == [referral.reference] * expected
    viewed = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED)
    assert (viewed.organisation, viewed.api_key, viewed.purpose, viewed.detail) == (
        caller,
        ApiKey.objects.get(organisation=caller),
        "api read",
        {"count": expected, "references": [referral.reference] * expected},
    )


def _referrals_by(council: Organisation, area: Area, count: int, *, first: int = 0) -> list[Referral]:
    return [
        submit_referral(
            adult_carer_submission(
                area,
                source=Referral.Source.SOCIAL_WORKER,
                referring_organisation=council,
                carer=PersonDetails(given_name=f"Carer{number}", family_name="Jones", phone=f"07700900{number:03d}"),
                cared_for=None,
            ),
            submitted_by=None,
        )
        for number in range(first, first + count)
    ]


def test_the_list_is_newest_first_in_pages_linked_by_a_cursor(
    routing: None, home_area: Area, council: Organisation
) -> None:
    oldest, middle, newest = _referrals_by(council, home_area, 3)
    key = key_for(council)

    _, _, first_page = get("/api/v1/referrals?page_size=2", key)
    _, _, second_page = get(first_page["next"], key)

    assert first_page["page_size"] == 2
    assert first_page["next"].startswith("/api/v1/referrals?page_size=2&after=")
    assert [item["reference"] for item in first_page["items"]] == [newest.reference, middle.reference]
    assert [item["reference"] for item in second_page["items"]] == [oldest.reference]
    assert second_page["next"] is None
    assert [event.detail for event in AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).order_by("pk")] == [
        {"count": 2, "references": [newest.reference, middle.reference]},
        {"count": 1, "references": [oldest.reference]},
    ]


def test_referrals_received_in_the_same_instant_are_each_listed_once_across_pages(
    routing: None, home_area: Area, council: Organisation
) -> None:
    referrals = _referrals_by(council, home_area, 5)
    Referral.objects.update(received_at=referrals[0].received_at)
    key = key_for(council)

    references: list[str] = []
    path: str | None = "/api/v1/referrals?page_size=2"
    while path is not None:
        _, _, page = get(path, key)
        references += [item["reference"] for item in page["items"]]
        path = page["next"]

    assert references == [referral.reference for referral in reversed(referrals)]


def test_a_referral_received_while_paging_does_not_shift_the_next_page(
    routing: None, home_area: Area, council: Organisation
) -> None:
    oldest, *_ = _referrals_by(council, home_area, 3)
    key = key_for(council)

    _, _, first_page = get("/api/v1/referrals?page_size=2", key)
    _referrals_by(council, home_area, 1, first=3)
    _, _, second_page = get(first_page["next"], key)

    assert [item["reference"] for item in second_page["items"]] == [oldest.reference]


def test_the_list_merges_referrals_made_and_received_and_lists_one_made_to_itself_once(
    routing: None, home_area: Area, council: Organisation, carers_centre: Organisation
) -> None:
    made_by_the_centre = submit_referral(
        adult_carer_submission(home_area, source=Referral.Source.PROVIDER, referring_organisation=carers_centre),
        submitted_by=None,
    )
    received_from_the_council = _referrals_by(council, home_area, 1, first=1)[0]
    made_to_another = submit_referral(
        young_carer_submission(home_area, source=Referral.Source.PROVIDER, referring_organisation=carers_centre),
        submitted_by=None,
    )
    key = key_for(carers_centre)

    _, _, first_page = get("/api/v1/referrals?page_size=2", key)
    _, _, second_page = get(first_page["next"], key)

    assert made_by_the_centre.provider == carers_centre
    assert made_to_another.provider != carers_centre
    assert [item["reference"] for item in first_page["items"] + second_page["items"]] == [
        made_to_another.reference,
        received_from_the_council.reference,
        made_by_the_centre.reference,
    ]
    assert second_page["next"] is None


def test_the_list_filters_by_status(referral: Referral, council_key: str, practitioner: User) -> None:
    reject_referral(referral, rejected_by=practitioner, reason="Moved out of the area")

    _, _, rejected = get("/api/v1/referrals?status=rejected", council_key)
    _, _, still_open = get("/api/v1/referrals?status=open", council_key)

    assert [item["reference"] for item in rejected["items"]] == [referral.reference]
    assert still_open["items"] == []


@pytest.mark.parametrize(
    "query",
    ["page_size=101", "page_size=0", "status=lost", "after=bm90LWEtY3Vyc29y", "after=%FF"],
    ids=["too_big", "page_size_zero", "status", "not_a_cursor", "not_base64"],
)
def test_bad_list_parameters_are_a_400_problem_naming_them(council_key: str, query: str) -> None:
    status, content_type, body = get(f"/api/v1/referrals?{query}", council_key)
    assert (status, content_type) == (400, PROBLEM)
    assert [error["field"] for error in body["errors"]] == [query.split("=")[0]]


def test_the_list_takes_the_same_number_of_queries_for_2_or_20_referrals_and_on_later_pages(
    routing: None, home_area: Area, council: Organisation
) -> None:
    key = key_for(council)
    _referrals_by(council, home_area, 2)
    get("/api/v1/referrals", key)  # the first use of a key records when it was used

    with CaptureQueriesContext(connection) as two:
        _, _, body = get("/api/v1/referrals", key)
    assert len(body["items"]) == 2
    _referrals_by(council, home_area, 18, first=2)
    get("/api/v1/referrals", key)  # in case a minute passed and the key's last use is due to be recorded again
    with CaptureQueriesContext(connection) as twenty:
        _, _, body = get("/api/v1/referrals", key)
    next_page = get("/api/v1/referrals?page_size=5", key)[2]["next"]
    with CaptureQueriesContext(connection) as later_page:
        _, _, second_page = get(next_page, key)

    assert len(body["items"]) == 20
    assert len(second_page["items"]) == 5
    # The key with its organisation, the key's rate-limit count, the areas it serves, each side of the list, the
    # audit event; no COUNT(*).
    assert len(twenty) == len(two) == len(later_page) == 6
    assert not any("COUNT(" in query["sql"].upper() for query in twenty.captured_queries)


def test_a_revoked_key_is_refused_everywhere(referral: Referral, council: Organisation) -> None:
    key = key_for(council)
    revoke_api_key(ApiKey.objects.get(organisation=council), revoked_by=None)

    assert post(referral_body(), key)[0] == 401
    assert get("/api/v1/referrals", key)[0] == 401
    status, content_type, _ = get(f"/api/v1/referrals/{referral.reference}", key)
    assert (status, content_type) == (401, PROBLEM)
    assert Referral.objects.count() == 1
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_openapi_describes_the_referral_and_fhir_paths(db: None) -> None:
    response = Client().get("/api/openapi.json")
    paths = json.loads(response.content)["paths"]
    assert {
        "/api/v1/referrals",
        "/api/v1/referrals/{reference}",
        "/api/v1/fhir/ServiceRequest",
        "/api/v1/fhir/ServiceRequest/{reference}",
    } <= set(paths)
    assert "Idempotency-Key" in [parameter["name"] for parameter in paths["/api/v1/referrals"]["post"]["parameters"]]
    list_parameters = {parameter["name"] for parameter in paths["/api/v1/referrals"]["get"]["parameters"]}
    assert list_parameters == {"status", "after", "page_size"}
    page_schema = json.loads(response.content)["components"]["schemas"]["ReferralPage"]
    assert set(page_schema["properties"]) == {"page_size", "next", "items"}
    fhir_body = paths["/api/v1/fhir/ServiceRequest"]["post"]["requestBody"]["content"]
    assert {"application/fhir+json", "application/json"} <= set(fhir_body)
