"""The daily work: the tasks and the `assessment_reminders` command cron runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.tasks import raise_transition_decisions, send_review_reminders
from carershub.assessments.tests.factories import CompletedAssessmentFactory
from carershub.organisations.models import Area, Organisation
from carershub.people.rules import add_years
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory


@pytest.fixture
def due_review(home_area: Area, carers_centre: Organisation, practitioner: User) -> Review:
    assessment = CompletedAssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=carers_centre, assessor=practitioner
    )
    return Review.objects.create(
        area=home_area, assessment=assessment, kind=Review.Kind.ANNUAL, due_on=timezone.localdate() + timedelta(3)
    )


@pytest.fixture
def turning_18(home_area: Area, young_carers_service: Organisation) -> Assessment:
    person = YoungCarerFactory.create(
        area=home_area, date_of_birth=add_years(timezone.localdate() + timedelta(days=20), -18)
    )
    return CompletedAssessmentFactory.create(
        carer=person,
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARER_TRANSITION,
        cared_for=person.caring_for.get().cared_for,
    )


@pytest.mark.django_db(transaction=True)
def test_the_reminder_task_emails_the_assessor(due_review: Review, practitioner: User) -> None:
    result = send_review_reminders.enqueue()

    assert result.return_value == 1
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    due_review.refresh_from_db()
    assert due_review.reminded_at is not None


def test_the_transition_task_raises_the_prompts(turning_18: Assessment) -> None:
    result = raise_transition_decisions.enqueue()

    assert result.return_value == 2  # treat as a carer's assessment at 18, and consider a s.63 assessment
    assert TransitionPrompt.objects.filter(person=turning_18.carer).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_queues_both_and_running_it_twice_does_nothing_more(
    due_review: Review, turning_18: Assessment
) -> None:
    out = StringIO()

    call_command("assessment_reminders", stdout=out)
    call_command("assessment_reminders", stdout=out)

    assert "Queued" in out.getvalue()
    assert len(mail.outbox) == 1
    assert TransitionPrompt.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_can_run_the_work_in_process(due_review: Review, turning_18: Assessment) -> None:
    out = StringIO()

    call_command("assessment_reminders", "--now", stdout=out)

    assert out.getvalue().strip() == "Sent 1 review reminder(s); raised 2 transition prompt(s)."
    assert len(mail.outbox) == 1
