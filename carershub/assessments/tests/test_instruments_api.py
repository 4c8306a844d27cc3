"""The public rules API's young carers' instruments (MACA-YC18, PANOC-YC20) at /api/v1/rules/: scores, bands and
concerns, and errors that name the field."""

from typing import Any

import pytest

from carershub.assessments.tests.rules_api_calls import PROBLEM, error_fields, post

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db


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
