"""The statutory assessment route by age and relationship (Children Act 1989 s.17ZA and s.17ZD; Care Act 2014
s.10, s.60 and s.63). No database."""

import pytest

from carershub.assessments.rules.routes import AssessmentRoute, MissingFact, TransitionRoute, assessment_route

YCNA = AssessmentRoute.YOUNG_CARERS_NEEDS
CARERS = AssessmentRoute.CARERS
PCNA = AssessmentRoute.PARENT_CARERS_NEEDS
S63 = TransitionRoute.YOUNG_CARER_S63
S60 = TransitionRoute.CHILD_CARER_S60


@pytest.mark.parametrize(
    ("carer_age", "cared_for_age", "has_parental_responsibility", "assessment", "transition"),
    [
        pytest.param(17, 45, False, YCNA, S63, id="young carer of an adult: s.17ZA, consider s.63"),
        pytest.param(17, 18, False, YCNA, S63, id="young carer of someone just 18: s.63"),
        pytest.param(8, 70, False, YCNA, S63, id="child caring for a grandparent"),
        pytest.param(17, 17, False, YCNA, None, id="young carer of a child of 17: no transition"),
        pytest.param(12, 6, False, YCNA, None, id="young carer of a sibling"),
        pytest.param(17, 1, True, YCNA, None, id="parent of 17: still a young carer, PR does not matter"),
        pytest.param(17, 45, True, YCNA, S63, id="young carer with PR flag set for an adult: still s.63"),
        pytest.param(18, 18, False, CARERS, None, id="adult carer of an adult: s.10 at the 18 boundary"),
        pytest.param(22, 50, False, CARERS, None, id="young adult carer is a s.10 carer"),
        pytest.param(40, 80, True, CARERS, None, id="PR does not matter when caring for an adult"),
        pytest.param(18, 17, True, PCNA, S60, id="parent carer of a disabled child of 17: s.17ZD, consider s.60"),
        pytest.param(35, 0, True, PCNA, S60, id="parent carer of a disabled baby"),
        pytest.param(18, 17, False, None, S60, id="carer of a child without PR at the boundary: s.60 only"),
        pytest.param(68, 9, False, None, S60, id="grandparent without PR: s.60 only"),
        pytest.param(120, 0, True, PCNA, S60, id="oldest possible age"),
    ],
)
def test_route_for_each_row_of_the_routing_table(
    carer_age: int,
    cared_for_age: int,
    has_parental_responsibility: bool,
    assessment: AssessmentRoute | None,
    transition: TransitionRoute | None,
) -> None:
    route = assessment_route(
        carer_age=carer_age,
        cared_for_age=cared_for_age,
        has_parental_responsibility=has_parental_responsibility,
        cared_for_disabled=True,
    )

    assert (route.assessment, route.transition) == (assessment, transition)


def test_a_parent_of_a_child_who_is_not_disabled_has_no_carers_assessment() -> None:
    # Children Act 1989 s.17ZD: a parent carer is "a person aged 18 or over who provides or intends to provide care
    # for a disabled child for whom the person has parental responsibility". Parenting is not caring.
    route = assessment_route(carer_age=35, cared_for_age=6, has_parental_responsibility=True, cared_for_disabled=False)

    assert (route.assessment, route.transition) == (None, None)
    assert "not disabled" in route.reasons[0]
    assert "Children Act 1989 s.17ZD" in route.reasons[0]


def test_whether_the_child_is_disabled_must_be_given_with_parental_responsibility() -> None:
    with pytest.raises(MissingFact) as missing:
        assessment_route(carer_age=35, cared_for_age=6, has_parental_responsibility=True)

    assert missing.value.field == "cared_for_disabled"


@pytest.mark.parametrize(("carer_age", "cared_for_age"), [(40, 80), (16, 40), (16, 3)])
def test_whether_the_cared_for_person_is_disabled_does_not_matter_without_a_parent_of_a_child(
    carer_age: int, cared_for_age: int
) -> None:
    routes = {
        assessment_route(
            carer_age=carer_age, cared_for_age=cared_for_age, has_parental_responsibility=False, cared_for_disabled=d
        )
        for d in (None, True, False)
    }

    assert len(routes) == 1


@pytest.mark.parametrize(
    ("carer_age", "cared_for_age", "reason_cites"),
    [
        (16, 40, ["Children Act 1989 s.17ZA", "Care Act 2014 s.63"]),
        (30, 60, ["Care Act 2014 s.10"]),
        (30, 6, ["Children Act 1989 s.17ZD", "Care Act 2014 s.60"]),
    ],
)
def test_reasons_cite_the_statute_for_the_assessment_and_the_transition(
    carer_age: int, cared_for_age: int, reason_cites: list[str]
) -> None:
    route = assessment_route(
        carer_age=carer_age, cared_for_age=cared_for_age, has_parental_responsibility=True, cared_for_disabled=True
    )

    assert len(route.reasons) == len(reason_cites)
    for reason, citation in zip(route.reasons, reason_cites, strict=True):
        assert citation in reason


@pytest.mark.parametrize(
    ("carer_age", "cared_for_age", "message"),
    [
        (-1, 40, "carer_age must be from 0 to 120 years, got -1"),
        (121, 40, "carer_age must be from 0 to 120 years, got 121"),
        (40, -1, "cared_for_age must be from 0 to 120 years, got -1"),
        (40, 121, "cared_for_age must be from 0 to 120 years, got 121"),
        (True, 40, "carer_age must be a whole number of years, got True"),
        (40, 17.5, "cared_for_age must be a whole number of years, got 17.5"),
    ],
)
def test_impossible_ages_are_refused(carer_age: int, cared_for_age: int, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        assessment_route(carer_age=carer_age, cared_for_age=cared_for_age, has_parental_responsibility=False)
