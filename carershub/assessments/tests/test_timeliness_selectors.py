"""Who sees which team's assessments, reviews and prompts; what counts as overdue; waiting-time figures."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.selectors.timeliness import (
    get_prompt_for_user,
    get_review_for_user,
    get_team_assessment,
    open_counts,
    prompts_due,
    reviews_due,
    reviews_to_remind,
    team_assessments,
    waiting_times,
)
from carershub.assessments.tests.factories import AssessmentFactory, CompletedAssessmentFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory, working_with

# Who sees an assessment carried out by the carers centre in the home area on the team pages.
TEAM_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_organisation"),
    pytest.param("manager", True, id="manager_of_the_organisation"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


def _assessment(area: Area, organisation: Organisation, assessor: User, *, waited: int, **kwargs: object) -> Assessment:
    return AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=area),
        organisation=organisation,
        assessor=assessor,
        requested_on=timezone.localdate() - timedelta(days=waited),
        **kwargs,
    )


@pytest.mark.parametrize(("persona", "sees_it"), TEAM_MATRIX)
def test_team_assessments_are_the_organisations_own_and_the_councils_whole_area(
    request: pytest.FixtureRequest,
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    persona: str,
    sees_it: bool,
) -> None:
    assessment = _assessment(home_area, carers_centre, practitioner, waited=3)
    user: User = request.getfixturevalue(persona)

    assert list(team_assessments(user, today=timezone.localdate())) == ([assessment] if sees_it else [])


def test_a_provider_does_not_see_another_providers_assessment_of_a_carer_it_also_works_with(
    home_area: Area,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    practitioner: User,
    other_team_practitioner: User,
) -> None:
    theirs = _assessment(home_area, young_carers_service, other_team_practitioner, waited=3)
    AssessmentFactory.create(carer=theirs.carer, organisation=carers_centre, assessor=practitioner)

    assert theirs not in team_assessments(practitioner, today=timezone.localdate())
    with pytest.raises(Http404):
        get_team_assessment(practitioner, theirs.reference)


def test_team_assessments_are_open_ones_longest_waiting_first(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    newer = _assessment(home_area, carers_centre, practitioner, waited=2)
    older = _assessment(home_area, carers_centre, practitioner, waited=40, status=Assessment.Status.AWAITING_SIGN_OFF)
    CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )

    assert list(team_assessments(practitioner, today=timezone.localdate())) == [older, newer]


@override_settings(CARERSHUB_ASSESSMENT_TARGET_DAYS=28)
def test_overdue_means_open_and_waiting_longer_than_the_target(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    _assessment(home_area, carers_centre, practitioner, waited=28)  # on target: not overdue yet
    overdue = _assessment(home_area, carers_centre, practitioner, waited=29)
    today = timezone.localdate()

    assert list(team_assessments(practitioner, today=today, overdue_only=True)) == [overdue]
    counts = open_counts(practitioner, today=today)
    assert (counts.open, counts.overdue) == (2, 1)


def test_team_assessments_filter_by_assessor_and_status(
    home_area: Area, carers_centre: Organisation, practitioner: User, manager: User
) -> None:
    mine = _assessment(home_area, carers_centre, practitioner, waited=5)
    theirs = _assessment(home_area, carers_centre, manager, waited=6, status=Assessment.Status.AWAITING_SIGN_OFF)
    today = timezone.localdate()

    assert list(team_assessments(practitioner, today=today, assessor_id=practitioner.pk)) == [mine]
    assert list(team_assessments(practitioner, today=today, statuses=[Assessment.Status.AWAITING_SIGN_OFF])) == [theirs]


def test_waiting_times_give_the_count_mean_and_median_of_completed_assessments_in_the_period(
    home_area: Area, carers_centre: Organisation, council: Organisation, practitioner: User
) -> None:
    today = timezone.localdate()
    for waited in (10, 20, 60):
        CompletedAssessmentFactory.create(
            carer=AdultCarerFactory.create(area=home_area),
            organisation=carers_centre,
            assessor=practitioner,
            requested_on=today - timedelta(days=waited),
            completed_on=today,
        )
    # Outside the period, by another organisation, and still open: none of them count.
    CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=carers_centre,
        requested_on=today - timedelta(days=400),
        completed_on=today - timedelta(days=100),
    )
    CompletedAssessmentFactory.create(carer=AdultCarerFactory.create(area=home_area), organisation=council)
    _assessment(home_area, carers_centre, practitioner, waited=90)

    times = waiting_times(carers_centre, today - timedelta(days=30), today)

    assert times.count == 3
    assert times.mean_days == 30.0
    assert times.median_days == 20.0


def test_waiting_times_of_nothing_completed_are_empty(carers_centre: Organisation) -> None:
    today = timezone.localdate()

    times = waiting_times(carers_centre, today - timedelta(days=30), today)

    assert (times.count, times.mean_days, times.median_days) == (0, None, None)


def _review(assessment: Assessment, *, due_in: int, kind: str = Review.Kind.ANNUAL, **kwargs: object) -> Review:
    return Review.objects.create(
        area=assessment.area,
        assessment=assessment,
        kind=kind,
        due_on=timezone.localdate() + timedelta(days=due_in),
        **kwargs,
    )


def test_reviews_due_are_overdue_ones_and_those_due_within_30_days_soonest_first(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    assessment = CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )
    overdue = _review(assessment, due_in=-3, kind=Review.Kind.LIGHT_TOUCH)
    soon = _review(assessment, due_in=30)
    _review(assessment, due_in=31, kind=Review.Kind.ON_REQUEST)
    _review(assessment, due_in=1, kind=Review.Kind.ON_REQUEST, status=Review.Status.COMPLETED)

    assert list(reviews_due(practitioner, today=timezone.localdate())) == [overdue, soon]


def test_another_providers_reviews_are_hidden_and_a_404(
    home_area: Area, young_carers_service: Organisation, other_team_practitioner: User, practitioner: User
) -> None:
    assessment = CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=young_carers_service
    )
    review = _review(assessment, due_in=2)

    assert list(reviews_due(practitioner, today=timezone.localdate())) == []
    with pytest.raises(Http404):
        get_review_for_user(practitioner, review.pk)
    assert get_review_for_user(other_team_practitioner, review.pk) == review


@override_settings(CARERSHUB_REVIEW_REMINDER_DAYS=14)
def test_reviews_to_remind_are_scheduled_due_within_the_reminder_period_and_not_yet_reminded(
    home_area: Area, carers_centre: Organisation
) -> None:
    assessment = CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre
    )
    due = _review(assessment, due_in=14)
    _review(assessment, due_in=15, kind=Review.Kind.LIGHT_TOUCH)
    _review(assessment, due_in=3, kind=Review.Kind.ON_REQUEST, reminded_at=timezone.now())
    _review(assessment, due_in=4, kind=Review.Kind.LIGHT_TOUCH, status=Review.Status.CANCELLED)

    assert list(reviews_to_remind(today=timezone.localdate())) == [due]


def test_transition_prompts_are_seen_by_their_organisation_and_the_council_only(
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    council_practitioner: User,
    other_team_practitioner: User,
) -> None:
    person = working_with(YoungCarerFactory.create(area=home_area), carers_centre)
    prompt = TransitionPrompt.objects.create(
        area=home_area,
        kind=TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT,
        person=person,
        organisation=carers_centre,
        due_on=timezone.localdate() + timedelta(days=200),
    )

    assert list(prompts_due(practitioner)) == [prompt]
    assert list(prompts_due(council_practitioner)) == [prompt]
    assert list(prompts_due(other_team_practitioner)) == []
    with pytest.raises(Http404):
        get_prompt_for_user(other_team_practitioner, prompt.pk)
