"""Who may see an assessment: the carer's organisations and the council of their area, nobody else."""

import pytest
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.selectors.assessment import (
    assessments_visible_to,
    get_assessment_for_user,
    may_sign_off,
    questionnaire_scores,
    section_rows,
)
from carershub.assessments.tests.factories import AssessmentFactory, AssessmentSectionFactory, staff_member
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import AdultCarerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )


def test_the_organisation_carrying_it_out_sees_it(assessment: Assessment, practitioner: User) -> None:
    assert get_assessment_for_user(practitioner, assessment.reference) == assessment


def test_the_council_of_the_area_sees_it(assessment: Assessment, council: Organisation) -> None:
    assert get_assessment_for_user(staff_member(council, Role.PRACTITIONER), assessment.reference) == assessment


@pytest.mark.parametrize("who", ["other_team_practitioner", "neighbour_practitioner", "commissioner", "administrator"])
def test_anyone_else_gets_a_404_like_a_missing_assessment(
    assessment: Assessment, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)

    with pytest.raises(Http404):
        get_assessment_for_user(user, assessment.reference)
    assert not assessments_visible_to(user).exists()


def test_a_missing_assessment_is_the_same_404(practitioner: User) -> None:
    with pytest.raises(Http404):
        get_assessment_for_user(practitioner, "ANOSUCH00")


def test_section_rows_list_every_section_in_one_query(
    assessment: Assessment, django_assert_num_queries: object
) -> None:
    AssessmentSectionFactory.create(assessment=assessment, key="wellbeing")
    AssessmentSectionFactory.create(assessment=assessment, key="health", status=AssessmentSection.Status.IN_PROGRESS)

    with django_assert_num_queries(1):  # type: ignore[operator]
        rows = section_rows(assessment)

    statuses = {row.key: row.status for row in rows}
    assert statuses["wellbeing"] == AssessmentSection.Status.COMPLETED
    assert statuses["health"] == AssessmentSection.Status.IN_PROGRESS
    assert statuses["caring_role"] == AssessmentSection.Status.NOT_STARTED
    assert len(rows) == 11


def test_a_manager_may_sign_off_others_work_but_not_their_own(
    assessment: Assessment, manager: User, carers_centre: Organisation
) -> None:
    assert may_sign_off(manager, assessment)
    own = AssessmentFactory.create(carer=assessment.carer, organisation=carers_centre, assessor=manager)
    assert not may_sign_off(manager, own)
    assert not may_sign_off(staff_member(carers_centre, Role.PRACTITIONER), assessment)


def test_questionnaire_scores_come_from_the_saved_answers_with_the_pure_rules(
    home_area: Area, young_carers_service: Organisation
) -> None:
    ycna = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )
    # MACA: 2 on items 1-9, 0 on the rest -> 18, very high; domestic 6, household 6, financial 6, others 0.
    maca = {f"item_{number}": 2 if number <= 9 else 0 for number in range(1, 19)}
    # PANOC: every item 1 -> positive 10 (a concern, 12 or less), negative 10 (a concern, 9 or more).
    panoc = {f"item_{number}": 1 for number in range(1, 21)}
    AssessmentSectionFactory.create(assessment=ycna, key="maca_yc18", answers=maca)
    AssessmentSectionFactory.create(assessment=ycna, key="panoc_yc20", answers=panoc)

    scores = questionnaire_scores(ycna)

    assert scores is not None
    assert scores.maca is not None
    assert scores.panoc is not None
    assert (scores.maca.total, scores.maca.band.value) == (18, "very_high")
    assert dict(scores.maca.subscales) == {
        "domestic": 6,
        "household_management": 6,
        "financial_practical": 6,
        "personal_care": 0,
        "emotional_care": 0,
        "sibling_care": 0,
    }
    assert (scores.panoc.positive, scores.panoc.negative) == (10, 10)
    lines = dict(scores.lines)
    assert lines["MACA-YC18 total"] == "18 out of 36: very high amount of caring activity"
    assert lines["Domestic tasks (questions 1 to 3)"] == "6 out of 6"
    assert lines["PANOC-YC20 positive outcomes"].startswith("10 out of 20: a concern")
    assert lines["PANOC-YC20 negative outcomes"].startswith("10 out of 20: a concern")


def test_a_half_answered_questionnaire_is_not_scored(home_area: Area, young_carers_service: Organisation) -> None:
    ycna = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )
    AssessmentSectionFactory.create(
        assessment=ycna, key="maca_yc18", status=AssessmentSection.Status.IN_PROGRESS, answers={"item_1": 2}
    )

    scores = questionnaire_scores(ycna)

    assert scores is not None
    assert (scores.maca, scores.panoc) == (None, None)
    assert dict(scores.lines) == {
        "MACA-YC18": "Not scored yet: 1 of 18 questions answered",
        "PANOC-YC20": "Not scored yet: 0 of 20 questions answered",
    }


def test_a_carers_assessment_has_no_questionnaire_scores(assessment: Assessment) -> None:
    assert questionnaire_scores(assessment) is None
