"""The public rules API's carer eligibility at /api/v1/rules/: the conditions and reasons for the written record, and
errors that name the field."""

from typing import Any

import pytest

from carershub.assessments.tests.rules_api_calls import PROBLEM, eligibility_body, error_fields, post

# The rate limit counts uses in the shared database.
pytestmark = pytest.mark.django_db


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
