"""The public rules API's assessment route at /api/v1/rules/: which assessment applies, the transition and why, and
errors that name the field (a parent must say whether the child is disabled)."""

import json
from typing import Any

import pytest
from django.test import Client

from carershub.assessments.tests.rules_api_calls import PROBLEM, post

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db


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
