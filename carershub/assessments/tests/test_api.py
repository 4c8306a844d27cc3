"""The public rules API at /api/v1/rules/: the shapes of issue 4, errors that name the field, the rate limit, the
OpenAPI document, and no database work."""

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from carershub.assessments import api

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
# 15.5 seconds into a one-minute window, so 44.5 seconds (rounded up to 45) are left of it.
A_MOMENT = 1_000_035.5


def post(path: str, body: Any, *, client: Client | None = None) -> tuple[int, str, dict[str, Any]]:
    response = (client or Client()).post(f"/api/v1/rules/{path}", json.dumps(body), content_type="application/json")
    return response.status_code, response["Content-Type"], json.loads(response.content)


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body["errors"]}


def eligibility_body(**changes: Any) -> dict[str, Any]:
    """A carer who cannot manage their own meals without help and is worn down by it."""
    return {
        "necessary_care": True,
        "health_at_risk": False,
        "outcomes": {"nutrition": ["without_assistance", "pain_distress_anxiety"]},
        "significant_impact_on_wellbeing": True,
    } | changes


def test_carer_eligibility_answers_with_the_conditions_and_the_reasons_for_the_written_record() -> None:
    status, content_type, body = post("carer-eligibility", eligibility_body())

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {
        "eligible": True,
        "unable_outcomes": ["nutrition"],
        "conditions": {"necessary_care": True, "circumstance": True, "significant_impact": True},
        "reasons": [
            "The carer's needs arise as a consequence of providing necessary care for an adult (reg 3(1)(a)).",
            "The carer's physical or mental health is not deteriorating or at risk of deteriorating (reg 3(2)(a)).",
            "The carer is unable to achieve the outcome 'managing and maintaining nutrition' (reg 3(2)(b)(iv)): they "
            "cannot achieve it without assistance (reg 3(3)(a)) and achieving it without assistance causes them "
            "significant pain, distress or anxiety (reg 3(3)(b)).",
            "As a consequence, there is, or is likely to be, a significant impact on the carer's wellbeing "
            "(reg 3(1)(c)).",
            "The carer's needs meet the eligibility criteria: all three conditions in reg 3(1) are met.",
        ],
    }


def test_carer_eligibility_lists_unable_outcomes_in_the_regulations_order() -> None:
    outcomes = {"recreation": ["without_assistance"], "caring_for_a_child": ["endangers_health_or_safety"]}

    _, _, body = post("carer-eligibility", eligibility_body(outcomes=outcomes, significant_impact_on_wellbeing=False))

    assert body["eligible"] is False
    assert body["unable_outcomes"] == ["caring_for_a_child", "recreation"]
    assert body["conditions"] == {"necessary_care": True, "circumstance": True, "significant_impact": False}


@pytest.mark.parametrize("outcomes", [None, {}, {"nutrition": []}], ids=["absent", "empty", "empty limbs"])
def test_an_outcome_not_sent_is_achievable(outcomes: dict[str, Any] | None) -> None:
    body = eligibility_body()
    if outcomes is None:
        del body["outcomes"]
    else:
        body["outcomes"] = outcomes

    status, _, answer = post("carer-eligibility", body)

    assert status == 200
    assert answer["unable_outcomes"] == []
    assert answer["conditions"]["circumstance"] is False
    assert answer["eligible"] is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"outcomes": {"flying": ["without_assistance"]}},
            "outcomes.flying",
            "This is not one of the carer's outcomes in reg 3(2)(b). Use one of: caring_for_a_child, "
            "caring_for_others, habitable_home, nutrition, relationships, work_training_education_volunteering, "
            "community_facilities, recreation",
            id="unknown outcome",
        ),
        pytest.param(
            {"outcomes": {"nutrition": ["takes_significantly_longer"]}},
            "outcomes.nutrition.0",
            "Input should be 'without_assistance', 'pain_distress_anxiety' or 'endangers_health_or_safety'",
            id="the adults' fourth limb",
        ),
        pytest.param(
            {"outcomes": {"nutrition": "without_assistance"}},
            "outcomes.nutrition",
            "Input should be a valid list",
            id="limbs not a list",
        ),
        pytest.param({"necessary_care": "yes"}, "necessary_care", "Input should be a valid boolean", id="yes"),
        pytest.param({"health_at_risk": 1}, "health_at_risk", "Input should be a valid boolean", id="1 for true"),
        pytest.param(
            {"significant_impact_on_wellbeing": None},
            "significant_impact_on_wellbeing",
            "Input should be a valid boolean",
            id="null",
        ),
        pytest.param(
            {"cared_for_is_eligible": False},
            "cared_for_is_eligible",
            "This is not a field of this request: check its spelling",
            id="a field about the cared-for person",
        ),
    ],
)
def test_carer_eligibility_refuses_bad_input_naming_the_field(
    changes: dict[str, Any], field: str, message: str
) -> None:
    status, content_type, body = post("carer-eligibility", eligibility_body(**changes))

    assert (status, content_type) == (400, PROBLEM)
    assert body["errors"] == [{"field": field, "message": message}]
    assert body["detail"] == f"Check: {field}."


def test_carer_eligibility_names_every_missing_field() -> None:
    status, _, body = post("carer-eligibility", {})

    assert status == 400
    assert error_fields(body) == {"necessary_care", "health_at_risk", "significant_impact_on_wellbeing"}


def test_maca_yc18_answers_with_the_total_band_and_subscales() -> None:
    responses = [2, 0, 0, 1, 1, 0, 2, 2, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1]

    status, content_type, body = post("maca-yc18", {"responses": responses})

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {
        "total": 14,
        "band": "high",
        "band_label": "High amount of caring activity",
        "subscales": {
            "domestic": 2,
            "household_management": 2,
            "financial_practical": 6,
            "personal_care": 0,
            "emotional_care": 1,
            "sibling_care": 3,
        },
    }


def test_whole_numbers_written_with_a_decimal_point_are_accepted_as_json_schema_integers() -> None:
    status, _, body = post("maca-yc18", {"responses": [1.0] * 18})

    assert status == 200
    assert body == post("maca-yc18", {"responses": [1] * 18})[2]


@pytest.mark.parametrize(
    ("responses", "field", "message"),
    [
        pytest.param([1] * 17, "responses", "List should have at least 18 items after validation, not 17", id="17"),
        pytest.param([1] * 19, "responses", "List should have at most 18 items after validation, not 19", id="19"),
        pytest.param([1] * 4 + [3] + [1] * 13, "responses.4", "Input should be less than or equal to 2", id="3"),
        pytest.param([-1] + [1] * 17, "responses.0", "Input should be greater than or equal to 0", id="-1"),
        pytest.param(["1"] + [1] * 17, "responses.0", "Input should be a valid integer", id="text"),
        pytest.param([1.5] + [1] * 17, "responses.0", "Input should be a valid integer", id="fraction"),
        pytest.param([True] + [1] * 17, "responses.0", "Input should be a valid integer", id="true"),
        pytest.param(None, "responses", "Input should be a valid list", id="null"),
    ],
)
def test_maca_yc18_refuses_bad_answers_naming_the_field(responses: Any, field: str, message: str) -> None:
    status, content_type, body = post("maca-yc18", {"responses": responses})

    assert (status, content_type) == (400, PROBLEM)
    assert body["errors"] == [{"field": field, "message": message}]


def test_panoc_yc20_answers_with_the_positive_and_negative_scores_and_concerns() -> None:
    # Every positive item "some of the time" (10); negative items 5, 6, 9 and 10 "a lot of the time" (8).
    responses = [1, 1, 1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1]

    status, content_type, body = post("panoc-yc20", {"responses": responses})

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {"positive": 10, "negative": 8, "positive_concern": True, "negative_concern": False}


@pytest.mark.parametrize(
    ("responses", "field"),
    [([0] * 18, "responses"), ([0] * 21, "responses"), ([0] * 19 + [5], "responses.19")],
    ids=["18", "21", "5"],
)
def test_panoc_yc20_refuses_bad_answers_naming_the_field(responses: list[int], field: str) -> None:
    status, content_type, body = post("panoc-yc20", {"responses": responses})

    assert (status, content_type) == (400, PROBLEM)
    assert error_fields(body) == {field}


def test_assessment_route_answers_with_the_assessment_the_transition_and_why() -> None:
    body = {"carer_age": 17, "cared_for_age": 45, "has_parental_responsibility": False}

    status, content_type, answer = post("assessment-route", body)

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert answer == {
        "assessment": "young_carers_needs",
        "transition": "young_carer_s63",
        "reasons": [
            "The carer is under 18, so they have a young carer's needs assessment (Children Act 1989 s.17ZA), "
            "whoever they care for.",
            "They care for an adult, so consider a young carer's transition assessment (Care Act 2014 s.63) when "
            "they are likely to have needs for support after turning 18 and it would be of significant benefit to "
            "them.",
        ],
    }


@pytest.mark.parametrize(
    ("carer_age", "cared_for_age", "has_parental_responsibility", "cared_for_disabled", "assessment", "transition"),
    [
        (18, 18, False, None, "carers", None),
        (18, 17, True, True, "parent_carers_needs", "child_carer_s60"),
        (18, 17, True, False, None, None),
        (18, 17, False, None, None, "child_carer_s60"),
        (17, 17, False, None, "young_carers_needs", None),
    ],
)
def test_assessment_route_sends_nulls_where_no_route_applies(
    carer_age: int,
    cared_for_age: int,
    has_parental_responsibility: bool,
    cared_for_disabled: bool | None,
    assessment: str,
    transition: str,
) -> None:
    body = {
        "carer_age": carer_age,
        "cared_for_age": cared_for_age,
        "has_parental_responsibility": has_parental_responsibility,
    } | ({} if cared_for_disabled is None else {"cared_for_disabled": cared_for_disabled})

    _, _, answer = post("assessment-route", body)

    assert (answer["assessment"], answer["transition"]) == (assessment, transition)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"carer_age": -1}, "carer_age", "Input should be greater than or equal to 0", id="-1"),
        pytest.param({"cared_for_age": 121}, "cared_for_age", "Input should be less than or equal to 120", id="121"),
        pytest.param({"carer_age": "17"}, "carer_age", "Input should be a valid integer", id="text"),
        pytest.param({"carer_age": 17.5}, "carer_age", "Input should be a valid integer", id="decimal"),
        pytest.param(
            {"has_parental_responsibility": "no"},
            "has_parental_responsibility",
            "Input should be a valid boolean",
            id="no",
        ),
    ],
)
def test_assessment_route_refuses_bad_input_naming_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    body = {"carer_age": 40, "cared_for_age": 10, "has_parental_responsibility": True, "cared_for_disabled": True}
    body |= changes

    status, content_type, answer = post("assessment-route", body)

    assert (status, content_type) == (400, PROBLEM)
    assert answer["errors"] == [{"field": field, "message": message}]


def test_a_parent_with_parental_responsibility_must_say_whether_the_child_is_disabled() -> None:
    # Children Act 1989 s.17ZD: a parent carer cares for "a disabled child for whom the person has parental
    # responsibility", so with parental responsibility the answer depends on it.
    body = {"carer_age": 40, "cared_for_age": 10, "has_parental_responsibility": True}

    status, content_type, answer = post("assessment-route", body)

    assert (status, content_type) == (400, PROBLEM)
    assert [error["field"] for error in answer["errors"]] == ["cared_for_disabled"]
    assert "required when the carer has parental responsibility" in answer["errors"][0]["message"]


def test_a_parent_of_a_child_who_is_not_disabled_is_told_no_carers_assessment_applies() -> None:
    body = {"carer_age": 40, "cared_for_age": 10, "has_parental_responsibility": True, "cared_for_disabled": False}

    status, _, answer = post("assessment-route", body)

    assert status == 200
    assert (answer["assessment"], answer["transition"]) == (None, None)
    assert "parenting, not caring" in answer["reasons"][0]


def test_the_openapi_document_says_when_cared_for_disabled_is_required() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    field = document["components"]["schemas"]["AssessmentRouteIn"]["properties"]["cared_for_disabled"]

    assert "Required when has_parental_responsibility is true" in field["description"]
    assert "cared_for_disabled" not in document["components"]["schemas"]["AssessmentRouteIn"].get("required", [])


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
