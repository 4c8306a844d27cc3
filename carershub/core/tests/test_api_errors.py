"""Every error under /api/ is an RFC 9457 problem (application/problem+json), whatever produced it."""

import json
import logging
from typing import TYPE_CHECKING

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from carershub.config.api import api
from carershub.core.problems import PROBLEM_CONTENT_TYPE
from carershub.organisations.services import create_api_key

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from carershub.organisations.models import Organisation


def problem(response: "HttpResponse | TestResponse") -> dict[str, object]:
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body: dict[str, object] = json.loads(response.content)
    return body


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/nothing-here", "/api/v1/rules/no-such-rule"])
def test_an_unknown_api_address_is_a_404_problem(db: None, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 404
    assert problem(response) == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "instance": path,
        "detail": "No API address matches this path.",
    }


def test_an_unknown_page_outside_the_api_is_still_the_html_404(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_methods(db: None) -> None:
    response = Client().get("/api/v1/rules/carer-eligibility")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert problem(response) == {
        "type": "about:blank",
        "title": "Method not allowed",
        "status": 405,
        "instance": "/api/v1/rules/carer-eligibility",
        "detail": "This address accepts: POST.",
    }


def test_the_right_method_still_reaches_the_api(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_an_unexpected_error_in_the_api_is_a_500_problem_that_gives_nothing_away(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = RequestFactory().post("/api/v1/referrals")

    with caplog.at_level(logging.ERROR, logger="carershub.config.api"):
        response = api.on_exception(request, RuntimeError("database password is hunter2"))

    assert response.status_code == 500
    body = problem(response)
    assert body["title"] == "Something went wrong on our side"
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    [logged] = caplog.records
    assert logged.exc_info is not None
    assert "hunter2" in str(logged.exc_info[1])


@override_settings(ROOT_URLCONF="carershub.core.tests.api_failure_urls")
def test_an_error_under_api_outside_django_ninja_is_a_500_problem(db: None) -> None:
    response = Client(raise_request_exception=False).get("/api/broken")

    assert response.status_code == 500
    assert problem(response)["status"] == 500
    assert "hunter2" not in response.content.decode()


# --- The OpenAPI document declares them ------------------------------------------------------------------------------


def test_every_operation_declares_each_error_it_can_answer_as_a_problem() -> None:
    document = api.get_openapi_schema()
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = {str(status): response for status, response in operation["responses"].items()}
            expected = set()
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("400")
            if operation.get("security"):
                expected |= {"401", "404"}
            if "{" in path:
                expected.add("404")
            if not path.startswith("/api/v1/fhir/"):
                expected.add("429")
            missing += [f"{method.upper()} {path}: {status}" for status in sorted(expected - set(responses))]
            for status, response in responses.items():
                if status.startswith("4"):
                    assert set(response["content"]) <= {PROBLEM_CONTENT_TYPE, "application/fhir+json"}, (path, status)
    assert missing == []


@override_settings(CARERSHUB_API_KEY_REQUESTS_PER_MINUTE=2)
def test_a_key_sending_too_many_requests_gets_a_429_problem_with_retry_after(carers_centre: "Organisation") -> None:
    key = create_api_key(carers_centre, name="busy system", created_by=None)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    statuses = [client.get("/api/v1/organisation").status_code for _ in range(3)]
    refused = client.get("/api/v1/organisation")

    assert statuses == [200, 200, 429]
    assert problem(refused)["status"] == 429
    assert int(refused["Retry-After"]) >= 1
