"""The public bid-evaluation rule at /api/v1/rules/bid-evaluation: the issue's shape, errors that name the field,
money only as strings, the rate limit, the OpenAPI document, and no database work beyond the rate limit."""

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from carershub.procurement import api

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db

PATH = "/api/v1/rules/bid-evaluation"
PROBLEM = "application/problem+json"
A_MOMENT = 1_000_035.5  # 15.5 seconds into a one-minute window


def post(body: Any, *, client: Client | None = None) -> tuple[int, str, dict[str, Any]]:
    response = (client or Client()).post(PATH, json.dumps(body), content_type="application/json")
    return response.status_code, response["Content-Type"], json.loads(response.content)


def example(**changes: Any) -> dict[str, Any]:
    """The issue's request: B is over the £1,200 ceiling, D below the quality threshold of 40."""
    return {
        "quality_weight": 60,
        "max_quality": 100,
        "quality_threshold": 40,
        "price_ceiling": "1200.00",
        "abnormally_low_ratio": "0.80",
        "bids": [
            {"id": "A", "price": "950.00", "quality": 72},
            {"id": "B", "price": "1250.00", "quality": 95},
            {"id": "C", "price": "1100.00", "quality": 90},
            {"id": "D", "price": "700.00", "quality": 30},
        ],
    } | changes


def test_the_rule_answers_in_exactly_the_issue_shape() -> None:
    status, content_type, body = post(example())

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {
        "price_weight": 40,
        "quality_weight": 60,
        "winner": "C",
        "bids": [
            {
                "id": "C",
                "rank": 1,
                "quality_score": "54.00",
                "price_score": "34.55",
                "total": "88.55",
                "excluded": None,
                "abnormally_low": False,
            },
            {
                "id": "A",
                "rank": 2,
                "quality_score": "43.20",
                "price_score": "40.00",
                "total": "83.20",
                "excluded": None,
                "abnormally_low": False,
            },
            {
                "id": "B",
                "rank": None,
                "quality_score": None,
                "price_score": None,
                "total": None,
                "excluded": "over_price_ceiling",
                "abnormally_low": False,
            },
            {
                "id": "D",
                "rank": None,
                "quality_score": None,
                "price_score": None,
                "total": None,
                "excluded": "below_quality_threshold",
                "abnormally_low": False,
            },
        ],
    }


def test_only_the_quality_weight_and_bids_are_required() -> None:
    status, _, body = post({"quality_weight": 70, "bids": [{"id": "only", "price": "10", "quality": 50}]})

    assert status == 200
    assert body["winner"] == "only"
    assert body["bids"][0] == {
        "id": "only",
        "rank": 1,
        "quality_score": "35.00",
        "price_score": "30.00",
        "total": "65.00",
        "excluded": None,
        "abnormally_low": False,
    }


def test_ties_share_a_rank_and_leave_no_winner() -> None:
    bids = [{"id": n, "price": "500.00", "quality": 70} for n in ("X", "Y")] + [
        {"id": "Z", "price": "900.00", "quality": 10}
    ]
    status, _, body = post({"quality_weight": 60, "bids": bids})

    assert status == 200
    assert body["winner"] is None
    assert [(b["id"], b["rank"]) for b in body["bids"]] == [("X", 1), ("Y", 1), ("Z", 3)]


def test_an_abnormally_low_bid_is_flagged_and_can_still_win() -> None:
    bids = [
        {"id": "A", "price": "700.00", "quality": 50},
        {"id": "B", "price": "900.00", "quality": 50},
        {"id": "C", "price": "1100.00", "quality": 50},
    ]
    status, _, body = post({"quality_weight": 50, "abnormally_low_ratio": "0.80", "bids": bids})

    assert status == 200
    assert body["winner"] == "A"
    assert [(b["id"], b["abnormally_low"]) for b in body["bids"]] == [("A", True), ("B", False), ("C", False)]


def _bids(*overrides: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": "A", "price": "950.00", "quality": 72} | override for override in overrides]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"quality_weight": 101}, "quality_weight", id="weight_over_100_case"),
        pytest.param({"quality_weight": -1}, "quality_weight", id="weight_negative_case"),
        pytest.param({"quality_weight": 60.5}, "quality_weight", id="weight_fraction_case"),
        pytest.param({"quality_weight": "60"}, "quality_weight", id="weight_string_case"),
        pytest.param({"quality_weight": True}, "quality_weight", id="weight_boolean_case"),
        pytest.param({"max_quality": 0}, "max_quality", id="max_zero_case"),
        pytest.param({"quality_threshold": 101}, "quality_threshold", id="threshold_over_max_case"),
        pytest.param({"price_ceiling": 1200}, "price_ceiling", id="ceiling_number_case"),
        pytest.param({"price_ceiling": "0.00"}, "price_ceiling", id="ceiling_zero_case"),
        pytest.param({"abnormally_low_ratio": "1.5"}, "abnormally_low_ratio", id="ratio_over_1_case"),
        pytest.param({"abnormally_low_ratio": "-0.1"}, "abnormally_low_ratio", id="ratio_negative_case"),
        pytest.param({"abnormally_low_ratio": "lots"}, "abnormally_low_ratio", id="ratio_text_case"),
        pytest.param({"bids": []}, "bids", id="no_bids_case"),
        pytest.param({"bids": _bids(*({"id": str(n)} for n in range(501)))}, "bids", id="too_many_bids_case"),
        pytest.param({"bids": _bids({}, {})}, "bids.1.id", id="duplicate_id_case"),
        pytest.param({"bids": _bids({"id": ""})}, "bids.0.id", id="empty_id_case"),
        pytest.param({"bids": _bids({"id": 7})}, "bids.0.id", id="number_id_case"),
        pytest.param({"bids": _bids({"price": 950})}, "bids.0.price", id="price_number_case"),
        pytest.param({"bids": _bids({"price": "950.001"})}, "bids.0.price", id="price_three_decimals_case"),
        pytest.param({"bids": _bids({"price": "0.00"})}, "bids.0.price", id="price_zero_case"),
        pytest.param({"bids": _bids({"price": "-5.00"})}, "bids.0.price", id="price_negative_case"),
        pytest.param({"bids": _bids({"quality": 101})}, "bids.0.quality", id="quality_over_max_case"),
        pytest.param({"bids": _bids({"quality": -1})}, "bids.0.quality", id="quality_negative_case"),
        pytest.param({"bids": _bids({"quality": "72"})}, "bids.0.quality", id="quality_string_case"),
        pytest.param({"bids": _bids({"colour": "red"})}, "bids.0.colour", id="unknown_bid_field_case"),
        pytest.param({"surprise": 1}, "surprise", id="unknown_field_case"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_field(changes: dict[str, Any], field: str) -> None:
    status, content_type, body = post(example(**changes))

    assert (status, content_type) == (400, PROBLEM)
    assert body["title"] == "The request is not valid"
    assert field in {error["field"] for error in body["errors"]}
    assert all(error["message"] for error in body["errors"])


def test_a_missing_weight_and_bids_are_named() -> None:
    status, _, body = post({})

    assert status == 400
    assert {"quality_weight", "bids"} <= {error["field"] for error in body["errors"]}


def test_a_body_that_is_not_json_is_a_400_problem() -> None:
    response = Client().post(PATH, "not json", content_type="application/json")

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)


@pytest.fixture
def three_a_minute(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE = 3
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT)


@pytest.mark.usefixtures("three_a_minute")
def test_too_many_requests_from_one_address_are_refused_until_the_minute_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert post(example(), client=client)[0] == 200
    assert post(example(), client=client)[0] == 200
    assert post({}, client=client)[0] == 400  # invalid requests count too

    response = client.post(PATH, json.dumps(example()), content_type="application/json")

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (429, PROBLEM, "45")
    assert post(example(), client=Client(REMOTE_ADDR="203.0.113.9"))[0] == 200
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT + 45)
    assert post(example(), client=client)[0] == 200


def test_the_rule_needs_no_sign_in_and_touches_only_the_rate_limit_counter(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # One upsert per request; the first in a window also clears away windows that have ended.
    with django_assert_num_queries(2 + 1):
        assert post(example())[0] == 200
        assert post(example(quality_weight=500))[0] == 400


def test_five_hundred_bids_are_evaluated() -> None:
    bids = [{"id": f"S{n}", "price": f"{500 + n % 97}.00", "quality": 40 + n % 61} for n in range(500)]

    status, _, body = post({"quality_weight": 60, "bids": bids})

    assert status == 200
    assert len(body["bids"]) == 500


def test_the_openapi_document_publishes_the_rule_with_its_schemas() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]

    operation = document["paths"][PATH]["post"]

    assert operation["summary"]
    assert "security" not in operation
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BidEvaluationIn"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BidEvaluationOut"
    }
    assert {"400", "429"} <= set(operation["responses"])
    assert schemas["BidEvaluationIn"]["additionalProperties"] is False
    assert schemas["BidEvaluationIn"]["required"] == ["quality_weight", "bids"]
    assert set(schemas["BidEvaluationOut"]["properties"]) == {"price_weight", "quality_weight", "winner", "bids"}
    assert set(schemas["EvaluatedBidOut"]["properties"]) == {
        "id",
        "rank",
        "quality_score",
        "price_score",
        "total",
        "excluded",
        "abnormally_low",
    }
