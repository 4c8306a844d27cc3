"""Reviews (complete, cancel, on request, the next annual one), reminders, and transition prompts and decisions."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, Review, TransitionPrompt
from carershub.assessments.services.errors import (
    NotReviewable,
    PromptAlreadyDecided,
    ReviewNotScheduled,
    TimelinessInvalid,
)
from carershub.assessments.services.reviews import (
    cancel_review,
    complete_review,
    remind_assessors_of_due_reviews,
    request_review,
)
from carershub.assessments.services.transition_prompts import decide_transition_prompt, raise_transition_prompts
from carershub.assessments.tests.factories import AssessmentFactory, CompletedAssessmentFactory, DelegationFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import CaringRelationship, Involvement, Person, TimelineEntry
from carershub.people.rules import add_years
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import (
    AdultCarerFactory,
    CaringRelationshipFactory,
    PersonFactory,
    YoungCarerFactory,
    born_years_ago,
)


@pytest.fixture
def completed(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )


def _scheduled(assessment: Assessment, kind: str = Review.Kind.ANNUAL, *, due_in: int = 5) -> Review:
    return Review.objects.create(
        area=assessment.area, assessment=assessment, kind=kind, due_on=timezone.localdate() + timedelta(days=due_in)
    )


# --- Reviews --------------------------------------------------------------------------------------------------------


def test_completing_an_assessments_annual_review_records_it_and_schedules_no_next_one(
    completed: Assessment, practitioner: User
) -> None:
    review = _scheduled(completed)

    complete_review(review, by=practitioner, notes="  Support still working; carer back at work.  ")

    review.refresh_from_db()
    assert review.status == Review.Status.COMPLETED
    assert review.completed_by == practitioner
    assert review.notes == "Support still working; carer back at work."
    # Care Act 2014 s.27: annual reviews are of the support plan, which schedules them; a review left on an
    # assessment from before plans existed is not renewed (issue 11 item 8).
    assert not Review.objects.filter(assessment=completed, status=Review.Status.SCHEDULED).exists()
    assert TimelineEntry.objects.get(person=completed.carer, kind=AssessmentEvent.REVIEW_COMPLETED)
    event = AuditEvent.objects.get(subject_type="assessments.review", subject_id=str(review.pk))
    assert (event.kind, event.actor) == (AuditEvent.Kind.RECORD_CHANGED, practitioner)


def test_completing_a_light_touch_review_schedules_nothing_more(completed: Assessment, practitioner: User) -> None:
    review = _scheduled(completed, Review.Kind.LIGHT_TOUCH)

    complete_review(review, by=practitioner, notes="Fine.")

    assert not Review.objects.filter(assessment=completed, status=Review.Status.SCHEDULED).exists()


def test_a_review_needs_notes_and_nothing_changes_without_them(completed: Assessment, practitioner: User) -> None:
    review = _scheduled(completed)

    with pytest.raises(TimelinessInvalid) as invalid:
        complete_review(review, by=practitioner, notes="   ")

    assert invalid.value.errors == {"notes": "Enter what the review found"}
    review.refresh_from_db()
    assert review.status == Review.Status.SCHEDULED
    assert not AuditEvent.objects.filter(subject_type="assessments.review").exists()


def test_a_review_is_completed_once(completed: Assessment, practitioner: User) -> None:
    review = _scheduled(completed, Review.Kind.LIGHT_TOUCH)
    complete_review(review, by=practitioner, notes="Fine.")

    with pytest.raises(ReviewNotScheduled):
        complete_review(review, by=practitioner, notes="Again.")
    with pytest.raises(ReviewNotScheduled):
        cancel_review(review, by=practitioner, reason="Changed my mind.")


def test_cancelling_a_review_needs_a_reason_and_keeps_it(completed: Assessment, practitioner: User) -> None:
    review = _scheduled(completed)
    with pytest.raises(TimelinessInvalid):
        cancel_review(review, by=practitioner, reason="")

    cancel_review(review, by=practitioner, reason="The carer has moved away.")

    review.refresh_from_db()
    assert (review.status, review.notes) == (Review.Status.CANCELLED, "The carer has moved away.")
    assert TimelineEntry.objects.filter(person=completed.carer, kind=AssessmentEvent.REVIEW_CANCELLED).count() == 1


def test_a_carers_request_schedules_a_review_within_two_weeks_once_a_day(
    completed: Assessment, practitioner: User
) -> None:
    review = request_review(completed, by=practitioner, reason="Their mother has moved in with them.")
    again = request_review(completed, by=practitioner, reason="Asked again by phone.")

    assert again == review
    assert (review.kind, review.status, review.due_on) == (
        Review.Kind.ON_REQUEST,
        Review.Status.SCHEDULED,
        timezone.localdate() + timedelta(days=14),
    )
    assert TimelineEntry.objects.filter(person=completed.carer, kind=AssessmentEvent.REVIEW_REQUESTED).count() == 1


def test_an_assessment_in_progress_cannot_be_reviewed(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    assessment = AssessmentFactory.create(carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre)

    with pytest.raises(NotReviewable):
        request_review(assessment, by=practitioner, reason="Asked for one.")

    assert not Review.objects.exists()


# --- Reminders ------------------------------------------------------------------------------------------------------


@override_settings(CARERSHUB_REVIEW_REMINDER_DAYS=14)
def test_assessors_are_emailed_once_about_reviews_falling_due(
    completed: Assessment, practitioner: User, django_capture_on_commit_callbacks: object
) -> None:
    due = _scheduled(completed, due_in=14)
    _scheduled(completed, Review.Kind.LIGHT_TOUCH, due_in=15)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sent = remind_assessors_of_due_reviews()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sent_again = remind_assessors_of_due_reviews()

    assert (sent, sent_again) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [practitioner.email]
    assert completed.reference in message.subject
    # Email is not secure: the carer is not named.
    assert completed.carer.family_name not in f"{message.subject} {message.body}"
    due.refresh_from_db()
    assert due.reminded_at is not None
    event = AuditEvent.objects.get(subject_type="assessments.review", subject_id=str(due.pk))
    assert event.actor is None


def test_no_email_goes_to_an_assessor_who_has_left(
    completed: Assessment, practitioner: User, django_capture_on_commit_callbacks: object
) -> None:
    practitioner.is_active = False
    practitioner.save(update_fields=["is_active"])
    _scheduled(completed, due_in=1)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        remind_assessors_of_due_reviews()

    assert mail.outbox == []


# --- Transition prompts ---------------------------------------------------------------------------------------------


def _young_carer(area: Area, *, date_of_birth: date) -> Person:
    return YoungCarerFactory.create(area=area, date_of_birth=date_of_birth)


def _transition_assessment(person: Person, organisation: Organisation, **changes: Any) -> Assessment:
    """A completed young carer's transition assessment (Care Act 2014 s.63) about the adult the young carer cares
    for (YoungCarerFactory's parent of 41)."""
    cared_for = person.caring_for.get().cared_for
    return CompletedAssessmentFactory.create(
        carer=person,
        organisation=organisation,
        cared_for=cared_for,
        **({"kind": Assessment.Kind.YOUNG_CARER_TRANSITION} | changes),
    )


def test_a_young_carer_turning_18_within_90_days_prompts_the_organisation_that_assessed_them(
    home_area: Area, young_carers_service: Organisation, carers_centre: Organisation
) -> None:
    today = timezone.localdate()
    eighteenth = today + timedelta(days=60)
    person = _young_carer(home_area, date_of_birth=add_years(eighteenth, -18))
    older = _transition_assessment(person, young_carers_service, completed_on=today - timedelta(days=400))
    latest = _transition_assessment(person, young_carers_service, completed_on=today - timedelta(days=20))
    assert older.completed_on is not None
    # Not prompted: an assessment still open, someone turning 18 in 91 days, an adult carer's assessment.
    AssessmentFactory.create(carer=person, organisation=carers_centre, kind=Assessment.Kind.YOUNG_CARER_TRANSITION)
    later = _young_carer(home_area, date_of_birth=add_years(today + timedelta(days=91), -18))
    _transition_assessment(later, young_carers_service)

    raised = [
        prompt
        for prompt in raise_transition_prompts()
        if prompt.kind == TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT
    ]

    assert [(prompt.person, prompt.organisation, prompt.assessment, prompt.due_on) for prompt in raised] == [
        (person, young_carers_service, latest, eighteenth)
    ]
    assert AuditEvent.objects.filter(subject_type="assessments.transitionprompt", actor__isnull=True).count() >= 1


def test_raising_prompts_again_raises_none(home_area: Area, young_carers_service: Organisation) -> None:
    person = _young_carer(home_area, date_of_birth=add_years(timezone.localdate() + timedelta(days=10), -18))
    _transition_assessment(person, young_carers_service)  # the factory opens the service's case with the young carer

    first = raise_transition_prompts()
    second = raise_transition_prompts()

    assert len(first) == 2  # both decisions: treat as a carer's assessment, and consider a transition assessment
    assert second == []
    assert TransitionPrompt.objects.count() == 2


@override_settings(CARERSHUB_TRANSITION_PROMPT_AGE=17)
def test_a_young_carer_of_17_caring_for_an_adult_prompts_their_organisations_to_consider_a_transition_assessment(
    home_area: Area, young_carers_service: Organisation, carers_centre: Organisation
) -> None:
    seventeen = _young_carer(home_area, date_of_birth=born_years_ago(17))
    open_involvement(seventeen, young_carers_service, reason=Involvement.Reason.CASE_OPEN)
    open_involvement(seventeen, carers_centre, reason=Involvement.Reason.REFERRAL_RECEIVED)  # no case: no prompt
    # Not prompted: a 16-year-old; a 17-year-old who cares only for a child; an 18-year-old.
    sixteen = _young_carer(home_area, date_of_birth=born_years_ago(16))
    open_involvement(sixteen, young_carers_service, reason=Involvement.Reason.CASE_OPEN)
    sibling_carer = PersonFactory.create(area=home_area, date_of_birth=born_years_ago(17))
    CaringRelationshipFactory.create(
        carer=sibling_carer, cared_for=PersonFactory.create(area=home_area, date_of_birth=born_years_ago(9))
    )
    open_involvement(sibling_carer, young_carers_service, reason=Involvement.Reason.CASE_OPEN)
    adult = _young_carer(home_area, date_of_birth=born_years_ago(18))
    open_involvement(adult, young_carers_service, reason=Involvement.Reason.CASE_OPEN)

    raised = raise_transition_prompts()

    assert [(prompt.kind, prompt.person, prompt.organisation) for prompt in raised] == [
        (TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT, seventeen, young_carers_service)
    ]
    assert seventeen.date_of_birth is not None
    assert raised[0].due_on == add_years(seventeen.date_of_birth, 18)


@override_settings(CARERSHUB_TRANSITION_PROMPT_AGE=16)
def test_the_prompt_age_is_a_setting(home_area: Area, young_carers_service: Organisation) -> None:
    sixteen = _young_carer(home_area, date_of_birth=born_years_ago(16))
    open_involvement(sixteen, young_carers_service, reason=Involvement.Reason.CASE_OPEN)

    assert [prompt.person for prompt in raise_transition_prompts()] == [sixteen]


@pytest.fixture
def prompt(home_area: Area, young_carers_service: Organisation) -> TransitionPrompt:
    person = _young_carer(home_area, date_of_birth=add_years(timezone.localdate() + timedelta(days=30), -18))
    assessment = _transition_assessment(person, young_carers_service)
    DelegationFactory.create(provider=young_carers_service)
    return TransitionPrompt.objects.create(
        area=home_area,
        kind=TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT,
        person=person,
        assessment=assessment,
        organisation=young_carers_service,
        due_on=timezone.localdate() + timedelta(days=30),
    )


def test_deciding_to_treat_the_assessment_as_a_carers_assessment_goes_on_the_timeline(
    prompt: TransitionPrompt, other_team_practitioner: User
) -> None:
    decide_transition_prompt(
        prompt, by=other_team_practitioner, decision="yes", reasons="Assessed a month ago; nothing has changed."
    )

    prompt.refresh_from_db()
    assert (prompt.decision, prompt.decided_by) == ("yes", other_team_practitioner)
    entry = TimelineEntry.objects.get(person=prompt.person, kind=AssessmentEvent.TRANSITION_DECIDED)
    assert prompt.assessment is not None
    assert prompt.carers_assessment is not None
    assert entry.summary == (
        f"At 18, young carer's assessment {prompt.assessment.reference} treated as a carer's assessment (Care Act s.64)"
        f"; carer's assessment {prompt.carers_assessment.reference} started for the eligibility determination"
    )
    assert AuditEvent.objects.filter(
        subject_type="assessments.transitionprompt", subject_id=str(prompt.pk), actor=other_team_practitioner
    ).exists()


def test_a_decision_needs_yes_or_no_and_reasons(prompt: TransitionPrompt, other_team_practitioner: User) -> None:
    with pytest.raises(TimelinessInvalid) as invalid:
        decide_transition_prompt(prompt, by=other_team_practitioner, decision="maybe", reasons=" ")

    assert invalid.value.errors == {"decision": "Select yes or no", "reasons": "Enter the reasons for the decision"}
    prompt.refresh_from_db()
    assert prompt.decided_at is None
    assert not TimelineEntry.objects.filter(person=prompt.person).exists()


def test_a_decision_is_made_once(prompt: TransitionPrompt, other_team_practitioner: User) -> None:
    decide_transition_prompt(prompt, by=other_team_practitioner, decision="no", reasons="Circumstances changed.")

    with pytest.raises(PromptAlreadyDecided):
        decide_transition_prompt(prompt, by=other_team_practitioner, decision="yes", reasons="Second thoughts.")


def test_yes_to_treating_a_transition_assessment_as_a_carers_assessment_starts_one_for_the_determination(
    prompt: TransitionPrompt, other_team_practitioner: User
) -> None:
    # Care Act 2014 s.64 and Explanatory Notes para 394: at 18 the council decides whether to treat the young
    # carer's (s.63) assessment as a carer's assessment under s.10; as one, it leads to a determination of
    # eligibility under the Care and Support (Eligibility Criteria) Regulations 2015 reg 3, not just a note.
    source = prompt.assessment
    assert source is not None
    AssessmentSection.objects.create(
        area=source.area, assessment=source, key="outcomes_wished", status="completed", answers={"x": 1}, version=3
    )
    AssessmentSection.objects.create(
        area=source.area, assessment=source, key="needs_after_18", status="completed", answers={"y": 2}, version=2
    )

    decided = decide_transition_prompt(
        prompt, by=other_team_practitioner, decision="yes", reasons="Assessed a month ago; nothing has changed."
    )

    started = decided.carers_assessment
    assert started is not None
    assert (started.kind, started.status, started.carer, started.cared_for) == (
        Assessment.Kind.CARERS,
        Assessment.Status.IN_PROGRESS,
        source.carer,
        source.cared_for,
    )
    assert started.eligible is None  # the reg 3 determination is still to be made
    assert source.reference in started.kind_override_reason
    assert list(started.sections.values_list("key", "answers")) == [("outcomes_wished", {"x": 1})]
    assert Assessment.objects.get(pk=started.pk).requested_on == prompt.due_on


def test_no_to_treating_it_starts_nothing(prompt: TransitionPrompt, other_team_practitioner: User) -> None:
    decide_transition_prompt(prompt, by=other_team_practitioner, decision="no", reasons="Circumstances changed.")

    assert not Assessment.objects.filter(kind=Assessment.Kind.CARERS).exists()


@pytest.mark.parametrize("kind", [Assessment.Kind.YOUNG_CARERS_NEEDS, Assessment.Kind.CARERS])
def test_a_needs_assessment_is_never_treated_as_a_carers_assessment_at_18(
    kind: str, home_area: Area, young_carers_service: Organisation
) -> None:
    # Care Act 2014 s.64 (EN 389, 394) applies to s.63 young carer's transition assessments, not to a Children Act
    # 1989 s.17ZA young carer's needs assessment.
    person = _young_carer(home_area, date_of_birth=add_years(timezone.localdate() + timedelta(days=30), -18))
    _transition_assessment(person, young_carers_service, kind=kind)

    raised = raise_transition_prompts()

    assert TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT not in {prompt.kind for prompt in raised}


def test_a_young_carer_caring_for_a_sibling_is_never_prompted_to_be_treated_as_a_carer_at_18(
    home_area: Area, young_carers_service: Organisation
) -> None:
    # s.63 is for a young carer caring for an adult; a young carer looking after a brother or sister is not one.
    person = _young_carer(home_area, date_of_birth=add_years(timezone.localdate() + timedelta(days=30), -18))
    CaringRelationship.objects.filter(carer=person).update(relationship=CaringRelationship.Relationship.SIBLING)
    _transition_assessment(person, young_carers_service)

    raised = raise_transition_prompts()

    assert TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT not in {prompt.kind for prompt in raised}
