"""The public rules API at /api/v1/rules/ as a whole: no sign-in, the rate limit across its endpoints, no other
database work, and the OpenAPI document."""

import json

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from carershub.assessments import api
from carershub.assessments.tests.rules_api_calls import PROBLEM, eligibility_body, post

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db


# 15.5 seconds into a one-minute window, so 44.5 seconds (rounded up to 45) are left of it.
A_MOMENT = 1_000_035.5


@pytest.fixture
def three_a_minute(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small limit and a stopped clock, so the test neither sends hundreds of requests nor crosses a minute."""
    settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE = 3
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT)


@pytest.mark.usefixtures("three_a_minute")
def test_too_many_requests_from_one_address_across_the_rules_endpoints_are_refused_until_the_minute_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert post("maca-yc18", {"responses": [0] * 18}, client=client)[0] == 200
    assert post("panoc-yc20", {"responses": [0] * 20}, client=client)[0] == 200
    assert post("carer-eligibility", {}, client=client)[0] == 400  # invalid requests count too

    response = client.post(
        "/api/v1/rules/assessment-route",
        json.dumps({"carer_age": 30, "cared_for_age": 60, "has_parental_responsibility": False}),
        content_type="application/json",
    )

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (429, PROBLEM, "45")
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Too many requests.",
        "status": 429,
        "instance": "/api/v1/rules/assessment-route",
    }
    assert post("maca-yc18", {"responses": [0] * 18}, client=Client(REMOTE_ADDR="203.0.113.9"))[0] == 200

    monkeypatch.setattr(api, "_now", lambda: A_MOMENT + 45)
    assert post("maca-yc18", {"responses": [0] * 18}, client=client)[0] == 200


@pytest.mark.usefixtures("three_a_minute")
def test_the_rate_limit_is_checked_before_the_input_so_a_flood_of_bad_requests_is_refused_too() -> None:
    for _ in range(3):
        post("maca-yc18", {"responses": "nonsense"})

    status, content_type, body = post("maca-yc18", {"responses": "nonsense"})

    assert (status, content_type, body["title"]) == (429, PROBLEM, "Too many requests.")


@pytest.mark.django_db
def test_the_rules_endpoints_need_no_sign_in_and_touch_only_the_rate_limit_counter(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # One upsert per request; the first in a window also clears away windows that have ended.
    with django_assert_num_queries(4 + 1):
        assert post("carer-eligibility", eligibility_body())[0] == 200
        assert post("maca-yc18", {"responses": [1] * 18})[0] == 200
        assert post("panoc-yc20", {"responses": [1] * 20})[0] == 200
        assert (
            post("assessment-route", {"carer_age": 9, "cared_for_age": 40, "has_parental_responsibility": False})[0]
            == 200
        )


def test_the_openapi_document_publishes_the_four_endpoints_with_their_request_and_response_schemas() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]
    expected = {
        "/api/v1/rules/carer-eligibility": ("CarerEligibilityIn", "CarerEligibilityOut"),
        "/api/v1/rules/maca-yc18": ("MacaYc18In", "MacaYc18Out"),
        "/api/v1/rules/panoc-yc20": ("PanocYc20In", "PanocYc20Out"),
        "/api/v1/rules/assessment-route": ("AssessmentRouteIn", "AssessmentRouteOut"),
    }

    for path, (request_schema, response_schema) in expected.items():
        operation = document["paths"][path]["post"]
        assert operation["summary"]
        assert "security" not in operation
        assert operation["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{request_schema}"
        }
        responses = operation["responses"]
        assert responses["200"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{response_schema}"
        }
        for status in ("400", "429"):
            # Errors are RFC 9457 problems, and the document says so (not ninja's default application/json).
            assert list(responses[status]["content"]) == ["application/problem+json"]
            problem = responses[status]["content"]["application/problem+json"]["schema"]
            assert {"type", "title", "status", "errors"} <= set(problem["properties"])
        assert "Retry-After" in responses["429"]["headers"]
        assert schemas[request_schema]["additionalProperties"] is False

    outcomes = schemas["UnableOutcomesIn"]["properties"]
    assert list(outcomes) == [
        "caring_for_a_child",
        "caring_for_others",
        "habitable_home",
        "nutrition",
        "relationships",
        "work_training_education_volunteering",
        "community_facilities",
        "recreation",
    ]
    assert outcomes["nutrition"]["items"]["enum"] == [
        "without_assistance",
        "pain_distress_anxiety",
        "endangers_health_or_safety",
    ]
    maca_responses = schemas["MacaYc18In"]["properties"]["responses"]
    assert (maca_responses["minItems"], maca_responses["maxItems"]) == (18, 18)
    assert (maca_responses["items"]["minimum"], maca_responses["items"]["maximum"]) == (0, 2)
    assert schemas["MacaYc18Out"]["properties"]["band"]["enum"] == ["none", "low", "moderate", "high", "very_high"]
    assert schemas["AssessmentRouteIn"]["properties"]["carer_age"]["maximum"] == 120
