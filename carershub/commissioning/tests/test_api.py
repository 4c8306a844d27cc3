"""The public contract calculator at /api/v1/rules/contract-terms: the shapes of issue 6, errors that name the
field, money only as strings, the rate limit, the OpenAPI document, and no database work."""

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from carershub.commissioning import api

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db

PATH = "/api/v1/rules/contract-terms"
PROBLEM = "application/problem+json"
A_MOMENT = 1_000_035.5  # 15.5 seconds into a one-minute window


def post(body: Any, *, client: Client | None = None) -> tuple[int, str, dict[str, Any]]:
    response = (client or Client()).post(PATH, json.dumps(body), content_type="application/json")
    return response.status_code, response["Content-Type"], json.loads(response.content)


def sefton(**changes: Any) -> dict[str, Any]:
    """Sefton's carers contract: 3+1+1 from April 2025, council social care plus the ICB."""
    return {
        "start_date": "2025-04-01",
        "initial_term_years": 3,
        "extension_years": [1, 1],
        "contributions": [
            {"funder": "Adult social care", "annual_amount": "731236.00"},
            {"funder": "Children's social care", "annual_amount": "259694.00"},
            {"funder": "Cheshire and Merseyside ICB", "annual_amount": "132000.00"},
        ],
    } | changes


def test_the_calculator_answers_in_exactly_the_issue_shape() -> None:
    status, content_type, body = post(sefton(annual_uplift_percent="2.50"))

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {
        "initial_end_date": "2028-03-31",
        "latest_end_date": "2030-03-31",
        "maximum_term_years": 5,
        "annual_value": "1122930.00",
        "initial_term_value": "3453711.58",
        "lifetime_value": "5902488.98",
        "years": [
            {"year": 1, "start": "2025-04-01", "end": "2026-03-31", "value": "1122930.00", "is_extension": False},
            {"year": 2, "start": "2026-04-01", "end": "2027-03-31", "value": "1151003.25", "is_extension": False},
            {"year": 3, "start": "2027-04-01", "end": "2028-03-31", "value": "1179778.33", "is_extension": False},
            {"year": 4, "start": "2028-04-01", "end": "2029-03-31", "value": "1209272.79", "is_extension": True},
            {"year": 5, "start": "2029-04-01", "end": "2030-03-31", "value": "1239504.61", "is_extension": True},
        ],
        "contributions": [
            {"funder": "Adult social care", "annual_amount": "731236.00", "share_percent": "65.12"},
            {"funder": "Children's social care", "annual_amount": "259694.00", "share_percent": "23.13"},
            {"funder": "Cheshire and Merseyside ICB", "annual_amount": "132000.00", "share_percent": "11.75"},
        ],
    }


def test_annual_value_alone_with_default_uplift_and_no_contributions() -> None:
    status, _, body = post(
        {"start_date": "2024-02-29", "initial_term_years": 1, "extension_years": [], "annual_value": "325500"}
    )

    assert status == 200
    assert (body["initial_end_date"], body["latest_end_date"], body["lifetime_value"]) == (
        "2025-02-28",
        "2025-02-28",
        "325500.00",
    )
    assert body["contributions"] == []


def test_annual_value_that_agrees_with_the_contributions_is_accepted() -> None:
    assert post(sefton(annual_value="1122930.00"))[0] == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"annual_value": "990930.00"}, "annual_value", "The contributions add up to £1,122,930.00"),
        ({"contributions": []}, "annual_value", "Enter the annual value, or the funders' contributions"),
        ({"annual_value": 1122930.0}, "annual_value", "not a number"),
        ({"annual_value": 1122930}, "annual_value", "not a number"),
        ({"annual_value": "-1.00", "contributions": []}, "annual_value", "must not be negative"),
        ({"annual_value": "-0.00", "contributions": []}, "annual_value", "must not be negative"),
        (
            {"contributions": [{"funder": "ICB", "annual_amount": "-0"}]},
            "contributions.0.annual_amount",
            "must not be negative",
        ),
        ({"annual_value": "1,122,930", "contributions": []}, "annual_value", 'like "990930.00"'),
        ({"annual_value": "12.345", "contributions": []}, "annual_value", "to the penny"),
        ({"annual_value": "NaN", "contributions": []}, "annual_value", "to the penny"),
        ({"annual_value": "1e6", "contributions": []}, "annual_value", "to the penny"),
        (
            {"contributions": [{"funder": "ICB", "annual_amount": "-5"}]},
            "contributions.0.annual_amount",
            "must not be negative",
        ),
        (
            {"contributions": [{"funder": "ICB", "annual_amount": 132000.5}]},
            "contributions.0.annual_amount",
            "not a number",
        ),
        ({"contributions": [{"funder": "", "annual_amount": "1"}]}, "contributions.0.funder", "at least 1"),
        ({"annual_uplift_percent": 2.5}, "annual_uplift_percent", "not a number"),
        ({"annual_uplift_percent": "-1"}, "annual_uplift_percent", "must not be negative"),
        ({"annual_uplift_percent": "-0.00"}, "annual_uplift_percent", "must not be negative"),
        ({"annual_uplift_percent": "two"}, "annual_uplift_percent", "percentage"),
        ({"initial_term_years": 0}, "initial_term_years", "at least 1"),
        ({"initial_term_years": 2.5}, "initial_term_years", "whole number"),
        ({"initial_term_years": "3"}, "initial_term_years", "whole number"),
        ({"initial_term_years": True}, "initial_term_years", "whole number"),
        ({"extension_years": [1, 0]}, "extension_years.1", "at least 1"),
        ({"extension_years": [1.5]}, "extension_years.0", "whole number"),
        ({"extension_years": 2}, "extension_years", "list"),
        ({"start_date": "01/04/2025"}, "start_date", "YYYY-MM-DD"),
        ({"start_date": "2025-02-30"}, "start_date", "real date"),
        ({"start_date": 20250401}, "start_date", "YYYY-MM-DD"),
        ({"start_date": "9998-04-01"}, "start_date", "after the year 9999"),
        ({"start": "2025-04-01"}, "start", "Extra inputs"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    status, content_type, body = post(sefton(**changes))

    assert (status, content_type) == (400, PROBLEM)
    assert field in {error["field"] for error in body["errors"]}
    assert any(message in error["message"] for error in body["errors"]), body["errors"]


def test_a_missing_start_date_and_term_are_named() -> None:
    status, _, body = post({"annual_value": "1.00"})

    assert status == 400
    assert {"start_date", "initial_term_years"} <= {error["field"] for error in body["errors"]}


@pytest.fixture
def three_a_minute(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE = 3
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT)


@pytest.mark.usefixtures("three_a_minute")
def test_too_many_requests_from_one_address_are_refused_until_the_minute_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert post(sefton(), client=client)[0] == 200
    assert post(sefton(), client=client)[0] == 200
    assert post({}, client=client)[0] == 400  # invalid requests count too

    response = client.post(PATH, json.dumps(sefton()), content_type="application/json")

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (429, PROBLEM, "45")
    assert post(sefton(), client=Client(REMOTE_ADDR="203.0.113.9"))[0] == 200
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT + 45)
    assert post(sefton(), client=client)[0] == 200


@pytest.mark.django_db
def test_the_calculator_needs_no_sign_in_and_touches_only_the_rate_limit_counter(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # One upsert per request; the first in a window also clears away windows that have ended.
    with django_assert_num_queries(2 + 1):
        assert post(sefton())[0] == 200
        assert post(sefton(annual_value="1"))[0] == 400


def test_the_openapi_document_publishes_the_calculator_with_its_schemas() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]

    operation = document["paths"][PATH]["post"]

    assert operation["summary"]
    assert "security" not in operation
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContractTermsIn"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ContractTermsOut"
    }
    assert {"400", "429"} <= set(operation["responses"])
    assert schemas["ContractTermsIn"]["additionalProperties"] is False
    assert schemas["ContractTermsIn"]["properties"]["annual_value"]["anyOf"][0]["type"] == "string"
    assert set(schemas["ContractTermsOut"]["properties"]) == {
        "initial_end_date",
        "latest_end_date",
        "maximum_term_years",
        "annual_value",
        "initial_term_value",
        "lifetime_value",
        "years",
        "contributions",
    }
