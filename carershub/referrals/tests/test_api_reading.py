"""Reading referrals through the JSON API: who sees what, the audit of each read, pagination and query counts."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import ApiKey, Area, Organisation
from carershub.organisations.services import revoke_api_key
from carershub.referrals.models import Cohort, Referral, RoutingRule
from carershub.referrals.services.decisions import reject_referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import PersonDetails
from carershub.referrals.tests.api_calls import PROBLEM, as_json, get, key_for, post, referral_body
from carershub.referrals.tests.factories import adult_carer_submission, young_carer_submission


@pytest.fixture
def routing(home_area: Area, carers_centre: Organisation, young_carers_service: Organisation) -> None:
    """Adults go to the carers centre; children who care go to the young carers service."""
    RoutingRule.objects.create(area=home_area, cohort=Cohort.ADULT, provider=carers_centre)
    RoutingRule.objects.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)


@pytest.fixture
def council_key(council: Organisation) -> str:
    return key_for(council)


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
