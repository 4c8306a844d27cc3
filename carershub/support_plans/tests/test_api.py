"""The public direct payment schedule at /api/v1/rules/direct-payment-schedule: exactly the shape of issue 13
item 6, errors that name the field, money only as strings, the rate limit, the OpenAPI document, and no database
work beyond the rate-limit counter."""

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from carershub.support_plans import api

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db

PATH = "/api/v1/rules/direct-payment-schedule"
PROBLEM = "application/problem+json"
A_MOMENT = 1_000_035.5  # 15.5 seconds into a one-minute window


def post(body: Any, *, client: Client | None = None) -> tuple[int, str, dict[str, Any]]:
    response = (client or Client()).post(PATH, json.dumps(body), content_type="application/json")
    return response.status_code, response["Content-Type"], json.loads(response.content)


def a_year(**changes: Any) -> dict[str, Any]:
    return {"amount": "1000.00", "start_date": "2026-04-01", "end_date": "2027-03-31", "frequency": "monthly"} | changes


def test_the_schedule_answers_in_exactly_the_issue_shape() -> None:
    status, content_type, body = post(a_year())

    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert body == {
        "payments": [
            {"date": "2026-04-01", "amount": "83.34"},
            {"date": "2026-05-01", "amount": "83.34"},
            {"date": "2026-06-01", "amount": "83.34"},
            {"date": "2026-07-01", "amount": "83.34"},
            {"date": "2026-08-01", "amount": "83.33"},
            {"date": "2026-09-01", "amount": "83.33"},
            {"date": "2026-10-01", "amount": "83.33"},
            {"date": "2026-11-01", "amount": "83.33"},
            {"date": "2026-12-01", "amount": "83.33"},
            {"date": "2027-01-01", "amount": "83.33"},
            {"date": "2027-02-01", "amount": "83.33"},
            {"date": "2027-03-01", "amount": "83.33"},
        ],
        "count": 12,
        "total": "1000.00",
        "reviews": ["2026-10-01"],
    }


def test_monthly_from_the_31st_keeps_to_month_ends_and_a_one_off_pays_once() -> None:
    _, _, monthly = post(a_year(amount="300", start_date="2027-01-31", end_date="2027-03-31"))
    _, _, one_off = post(a_year(amount="450.5", frequency="one_off"))

    assert [payment["date"] for payment in monthly["payments"]] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert one_off == {
        "payments": [{"date": "2026-04-01", "amount": "450.50"}],
        "count": 1,
        "total": "450.50",
        "reviews": ["2026-10-01"],
    }


def test_weekly_and_four_weekly_schedules_count_days_from_the_start() -> None:
    _, _, weekly = post(a_year(frequency="weekly"))
    _, _, four_weekly = post(a_year(frequency="four_weekly"))

    assert (weekly["count"], weekly["payments"][1]["date"], weekly["payments"][-1]["date"]) == (
        53,
        "2026-04-08",
        "2027-03-31",
    )
    assert (four_weekly["count"], four_weekly["payments"][1]["date"], four_weekly["payments"][-1]["date"]) == (
        14,
        "2026-04-29",
        "2027-03-31",
    )
    assert (weekly["total"], four_weekly["total"]) == ("1000.00", "1000.00")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": 1000}, "amount", "as a string"),
        ({"amount": 1000.5}, "amount", "as a string"),
        ({"amount": "1000.005"}, "amount", "2 decimal places"),
        ({"amount": "-10.00"}, "amount", "2 decimal places"),
        ({"amount": "0.00"}, "amount", "more than zero"),
        ({"amount": "1e3"}, "amount", "2 decimal places"),
        ({"amount": " 10"}, "amount", "2 decimal places"),
        ({"amount": "0.11"}, "amount", "1p for each payment"),
        ({"start_date": "01/04/2026"}, "start_date", "YYYY-MM-DD"),
        ({"start_date": "2026-02-30"}, "start_date", "real date"),
        ({"end_date": "2026-03-31"}, "end_date", "after the start date"),
        ({"end_date": "2031-04-02"}, "end_date", "60 months"),
        ({"frequency": "fortnightly"}, "frequency", "weekly"),
        ({"frequency": None}, "frequency", "weekly"),
        ({"amonut": "10.00"}, "amonut", "Extra inputs"),
    ],
)
def test_bad_input_is_a_400_problem_naming_the_field(changes: dict[str, Any], field: str, message: str) -> None:
    status, content_type, body = post(a_year(**changes))

    assert (status, content_type) == (400, PROBLEM)
    assert field in {error["field"] for error in body["errors"]}
    assert any(message in error["message"] for error in body["errors"]), body["errors"]


def test_every_missing_field_is_named() -> None:
    status, _, body = post({})

    assert status == 400
    assert {error["field"] for error in body["errors"]} == {"amount", "start_date", "end_date", "frequency"}


@pytest.fixture
def three_a_minute(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CARERSHUB_RULES_API_REQUESTS_PER_MINUTE = 3
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT)


@pytest.mark.usefixtures("three_a_minute")
def test_too_many_requests_from_one_address_are_refused_until_the_minute_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert post(a_year(), client=client)[0] == 200
    assert post(a_year(), client=client)[0] == 200
    assert post({}, client=client)[0] == 400  # invalid requests count too

    response = client.post(PATH, json.dumps(a_year()), content_type="application/json")

    assert (response.status_code, response["Content-Type"], response["Retry-After"]) == (429, PROBLEM, "45")
    assert post(a_year(), client=Client(REMOTE_ADDR="203.0.113.9"))[0] == 200
    monkeypatch.setattr(api, "_now", lambda: A_MOMENT + 45)
    assert post(a_year(), client=client)[0] == 200


def test_the_schedule_needs_no_sign_in_and_touches_only_the_rate_limit_counter(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # One upsert per request; the first in a window also clears away windows that have ended.
    with django_assert_num_queries(2 + 1):
        assert post(a_year())[0] == 200
        assert post(a_year(amount="0"))[0] == 400


def test_the_openapi_document_publishes_the_schedule_with_its_schemas() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]

    operation = document["paths"][PATH]["post"]

    assert operation["summary"]
    assert "security" not in operation
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DirectPaymentScheduleIn"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DirectPaymentScheduleOut"
    }
    assert set(operation["responses"]["400"]["content"]) == {PROBLEM}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert schemas["DirectPaymentScheduleIn"]["additionalProperties"] is False
    assert schemas["DirectPaymentScheduleIn"]["properties"]["amount"]["type"] == "string"
    assert schemas["DirectPaymentScheduleIn"]["properties"]["frequency"]["enum"] == [
        "weekly",
        "four_weekly",
        "monthly",
        "one_off",
    ]
    assert set(schemas["DirectPaymentScheduleOut"]["properties"]) == {"payments", "count", "total", "reviews"}
