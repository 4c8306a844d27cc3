"""Who may see an assessment: the carer's organisations and the council of their area, nobody else."""

import pytest
from django.http import Http404

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.selectors.assessment import (
    assessments_visible_to,
    get_assessment_for_user,
    may_sign_off,
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
