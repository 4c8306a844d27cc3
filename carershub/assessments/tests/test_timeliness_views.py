"""Team pages: the assessment list (authorisation, overdue flags, filters, paging in constant queries, audit), reviews
due and the review forms, requests for a review, and transition decisions."""

import html
import re
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.services.safety_alerts import acknowledge_safety_alert
from carershub.assessments.tests.factories import AssessmentFactory, CompletedAssessmentFactory, SafetyAlertFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import AdultCarerFactory, PersonFactory, YoungCarerFactory, working_with

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

LIST_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_organisation"),
    pytest.param("manager", True, id="manager_of_the_organisation"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]
NOT_CASEWORK = [pytest.param("commissioner", id="commissioner"), pytest.param("administrator", id="administrator")]


@pytest.fixture
def council_practitioner(council: Organisation) -> User:
    return create_staff_user(
        council, email="social-worker@test.example", full_name="Sam Social", roles=[Role.PRACTITIONER], created_by=None
    )


@pytest.fixture
def assessment(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return AssessmentFactory.create(
        carer=PersonFactory.create(area=home_area, given_name="Maria", family_name="Okafor"),
        organisation=carers_centre,
        assessor=practitioner,
        requested_on=timezone.localdate() - timedelta(days=40),
    )


@pytest.fixture
def completed(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area, given_name="Ravi", family_name="Shah"),
        organisation=carers_centre,
        assessor=practitioner,
    )


def _text(response: "TestResponse") -> str:
    content = response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


# --- The list -------------------------------------------------------------------------------------------------------


def test_the_list_asks_anonymous_visitors_to_sign_in(client: Client, assessment: Assessment) -> None:
    response = client.get(reverse("assessments:list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "sees_it"), LIST_MATRIX)
def test_list_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, assessment: Assessment, persona: str, sees_it: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("assessments:list"))

    assert response.status_code == 200
    assert [row.assessment for row in response.context["rows"]] == ([assessment] if sees_it else [])
    assert ("Maria Okafor" in response.content.decode()) == sees_it


@pytest.mark.parametrize("persona", NOT_CASEWORK)
def test_the_list_is_a_404_for_staff_who_do_no_casework(
    request: pytest.FixtureRequest, sign_in: SignIn, assessment: Assessment, persona: str
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).get(reverse("assessments:list"))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


@override_settings(CARERSHUB_ASSESSMENT_TARGET_DAYS=28)
def test_the_list_shows_waiting_days_and_flags_and_counts_overdue_ones(
    sign_in: SignIn, practitioner: User, assessment: Assessment, home_area: Area, carers_centre: Organisation
) -> None:
    AssessmentFactory.create(
        carer=PersonFactory.create(area=home_area, given_name="Ann", family_name="Lee"),
        organisation=carers_centre,
        assessor=practitioner,
        requested_on=timezone.localdate() - timedelta(days=3),
    )

    response = sign_in(practitioner).get(reverse("assessments:list"))

    text = _text(response)
    assert "2 open assessments; 1 overdue (waiting more than 28 days since the request)" in text
    assert f"{assessment.reference} Maria Okafor Carer's assessment" in text
    assert "40 Overdue In progress" in text
    assert "3 In progress" in text
    audit = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, actor=practitioner)
    assert audit.detail["references"] == [assessment.reference, response.context["rows"][1].assessment.reference]


def test_completed_assessments_show_how_long_the_carer_waited(
    sign_in: SignIn, practitioner: User, completed: Assessment
) -> None:
    completed.requested_on = timezone.localdate() - timedelta(days=33)
    completed.save(update_fields=["requested_on"])

    response = sign_in(practitioner).get(reverse("assessments:list"), {"status": "completed"})

    rows = response.context["rows"]
    assert [(row.assessment, row.waiting_days, row.is_overdue) for row in rows] == [(completed, 33, False)]


def test_the_list_filters_by_overdue_and_assessor_and_ignores_nonsense(
    sign_in: SignIn,
    practitioner: User,
    manager: User,
    assessment: Assessment,
    home_area: Area,
    carers_centre: Organisation,
) -> None:
    recent = AssessmentFactory.create(
        carer=PersonFactory.create(area=home_area), organisation=carers_centre, assessor=manager
    )
    client = sign_in(practitioner)

    overdue = client.get(reverse("assessments:list"), {"overdue": "on"})
    by_manager = client.get(reverse("assessments:list"), {"assessor": str(manager.pk)})
    nonsense = client.get(reverse("assessments:list"), {"assessor": "999999", "status": "nonsense"})

    assert [row.assessment for row in overdue.context["rows"]] == [assessment]
    assert [row.assessment for row in by_manager.context["rows"]] == [recent]
    assert [row.assessment for row in nonsense.context["rows"]] == [assessment, recent]


def test_the_list_runs_the_same_number_of_queries_however_many_rows(
    sign_in: SignIn,
    practitioner: User,
    home_area: Area,
    carers_centre: Organisation,
    completed: Assessment,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = sign_in(practitioner)
    Review.objects.create(area=home_area, assessment=completed, kind=Review.Kind.ANNUAL, due_on=timezone.localdate())

    def make(count: int) -> None:
        for _ in range(count):
            AssessmentFactory.create(
                carer=PersonFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
            )

    make(1)
    client.get(reverse("assessments:list"))  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessments:list"))
    make(5)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("assessments:list"))
    assert len(response.context["rows"]) == 6


def test_the_list_shows_reviews_and_transition_decisions_due(
    sign_in: SignIn, practitioner: User, completed: Assessment, home_area: Area, carers_centre: Organisation
) -> None:
    Review.objects.create(
        area=home_area, assessment=completed, kind=Review.Kind.LIGHT_TOUCH, due_on=timezone.localdate() - timedelta(1)
    )
    person = working_with(
        YoungCarerFactory.create(area=home_area, given_name="Kai", family_name="Jones"), carers_centre
    )
    TransitionPrompt.objects.create(
        area=home_area,
        kind=TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT,
        person=person,
        organisation=carers_centre,
        due_on=timezone.localdate() + timedelta(days=100),
    )

    text = _text(sign_in(practitioner).get(reverse("assessments:list")))

    assert "Light-touch review for Ravi Shah Ravi Shah" in text
    assert "Overdue" in text
    assert "Consider a transition assessment for Kai Jones Kai Jones Home Carers Centre" in text


# --- Reviews --------------------------------------------------------------------------------------------------------


@pytest.fixture
def review(completed: Assessment) -> Review:
    return Review.objects.create(
        area=completed.area, assessment=completed, kind=Review.Kind.ANNUAL, due_on=timezone.localdate()
    )


def test_reviews_due_lists_the_teams_reviews(sign_in: SignIn, practitioner: User, review: Review) -> None:
    response = sign_in(practitioner).get(reverse("assessments:reviews"))

    assert response.status_code == 200
    assert [row.review for row in response.context["rows"]] == [review]


@pytest.mark.parametrize(("persona", "may"), LIST_MATRIX)
def test_completing_a_review_authorisation(
    request: pytest.FixtureRequest, sign_in: SignIn, review: Review, persona: str, may: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = sign_in(user).post(reverse("assessments:review", args=[review.pk]), {"notes": "All well."})

    review.refresh_from_db()
    if may:
        assert response.status_code == 302
        assert review.status == Review.Status.COMPLETED
    else:
        assert response.status_code == 404
        assert review.status == Review.Status.SCHEDULED
        assert not AuditEvent.objects.filter(subject_type="assessments.review").exists()


def test_a_review_without_notes_shows_the_error_and_saves_nothing(
    sign_in: SignIn, practitioner: User, review: Review
) -> None:
    response = sign_in(practitioner).post(reverse("assessments:review", args=[review.pk]), {"notes": " "})

    assert response.status_code == 200
    assert "Enter what the review found" in _text(response)
    assert "govuk-error-summary" in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.SCHEDULED


def test_cancelling_a_review_through_its_page(sign_in: SignIn, practitioner: User, review: Review) -> None:
    client = sign_in(practitioner)
    assert client.get(reverse("assessments:review_cancel", args=[review.pk])).status_code == 200

    response = client.post(reverse("assessments:review_cancel", args=[review.pk]), {"reason": "Stopped caring."})

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.notes) == (Review.Status.CANCELLED, "Stopped caring.")


def test_recording_a_carers_request_for_a_review(sign_in: SignIn, practitioner: User, completed: Assessment) -> None:
    client = sign_in(practitioner)
    url = reverse("assessments:request_review", args=[completed.reference])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "Their husband's dementia has got worse."})

    assert response.status_code == 302
    review = Review.objects.get(assessment=completed)
    assert review.kind == Review.Kind.ON_REQUEST


def test_another_team_cannot_record_a_request_for_a_review(
    sign_in: SignIn, other_team_practitioner: User, completed: Assessment
) -> None:
    url = reverse("assessments:request_review", args=[completed.reference])

    response = sign_in(other_team_practitioner).post(url, {"reason": "Asked."})

    assert response.status_code == 404
    assert not Review.objects.exists()


# --- Transition decisions -------------------------------------------------------------------------------------------


@pytest.fixture
def prompt(home_area: Area, carers_centre: Organisation) -> TransitionPrompt:
    return TransitionPrompt.objects.create(
        area=home_area,
        kind=TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT,
        person=working_with(YoungCarerFactory.create(area=home_area), carers_centre),
        organisation=carers_centre,
        due_on=timezone.localdate() + timedelta(days=200),
    )


def test_deciding_a_prompt_needs_both_answers(sign_in: SignIn, practitioner: User, prompt: TransitionPrompt) -> None:
    response = sign_in(practitioner).post(reverse("assessments:prompt", args=[prompt.pk]), {})

    assert response.status_code == 200
    text = _text(response)
    assert "Select yes or no" in text
    assert "Enter the reasons for the decision" in text
    prompt.refresh_from_db()
    assert prompt.decided_at is None


def test_deciding_yes_to_a_transition_assessment_offers_to_start_one(
    sign_in: SignIn, practitioner: User, prompt: TransitionPrompt
) -> None:
    client = sign_in(practitioner)
    url = reverse("assessments:prompt", args=[prompt.pk])
    assert "Care Act 2014 s.63" in _text(client.get(url))

    response = client.post(url, {"decision": "yes", "reasons": "Likely to need support at university."}, follow=True)

    prompt.refresh_from_db()
    assert prompt.decision == "yes"
    start = reverse("assessments:start")
    assert f'href="{start}?person={prompt.person_id}&amp;kind=young_carer_s63"' in response.content.decode()
    assert TimelineEntry.objects.filter(person=prompt.person, kind=AssessmentEvent.TRANSITION_DECIDED).exists()


def test_another_team_cannot_see_or_decide_a_prompt(
    sign_in: SignIn, other_team_practitioner: User, prompt: TransitionPrompt
) -> None:
    client = sign_in(other_team_practitioner)
    url = reverse("assessments:prompt", args=[prompt.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "no", "reasons": "No."}).status_code == 404
    prompt.refresh_from_db()
    assert prompt.decided_at is None


def test_open_safety_alerts_are_shown_first_on_the_team_list_until_acknowledged(
    sign_in: SignIn, practitioner: User, manager: User, assessment: Assessment
) -> None:
    alert = SafetyAlertFactory.create(assessment=assessment)
    other_team_alert = SafetyAlertFactory.create()  # another provider's assessment: never on this team's list

    response = sign_in(manager).get(reverse("assessments:list"))

    assert response.status_code == 200
    assert response.context["alerts"] == [alert]
    text = _text(response)
    assert "1 open safety alert needs attention today." in text
    assert f"{assessment.reference} : Maria Okafor (assessor {practitioner})" in text
    assert other_team_alert.assessment.reference not in text
    assert [row.assessment.has_open_safety_alert for row in response.context["rows"]] == [True]
    event = AuditEvent.objects.filter(purpose="assessment list").latest("pk")
    assert event.detail["safety_alerts"] == [alert.pk]

    acknowledge_safety_alert(alert, by=practitioner, action_taken="Spoke to Maria's school safeguarding lead.")
    response = sign_in(practitioner).get(reverse("assessments:list"))
    assert response.context["alerts"] == []
    assert "open safety alert" not in _text(response)
