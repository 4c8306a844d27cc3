"""Contingency plan review reminders: the practitioners working with the carer are emailed the configured number of
days before the review date, once per review date, by a background task; the plan list puts what needs review first.
"""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import ContingencyPlan
from carershub.emergency_response.services.plans import confirm_plan, withdraw_plan
from carershub.emergency_response.services.reviews import mark_plans_due_for_review, send_plan_review_reminders
from carershub.emergency_response.tests.factories import active_plan, carer_worked_with, draft_plan
from carershub.organisations.models import Area, Organisation


def _review_in(plan: ContingencyPlan, days: int) -> ContingencyPlan:
    ContingencyPlan.objects.filter(pk=plan.pk).update(review_date=timezone.localdate() + timedelta(days=days))
    plan.refresh_from_db()
    return plan


Remind = Callable[..., int]


@pytest.fixture
def remind(django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> Remind:
    """Run the reminders; the emails go once each reminder is committed, as they would in production."""

    def run(**kwargs: Any) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_plan_review_reminders(**kwargs)

    return run


@pytest.fixture
def second_practitioner(carers_centre: Organisation) -> User:
    return create_staff_user(
        carers_centre, email="second@test.example", full_name="Second", roles=[Role.PRACTITIONER], created_by=None
    )


def test_practitioners_working_with_the_carer_are_emailed_once_within_the_reminder_period(
    plan: ContingencyPlan,
    practitioner: User,
    second_practitioner: User,
    manager: User,
    other_team_practitioner: User,
    settings: Settings,
    remind: Remind,
) -> None:
    settings.CARERSHUB_PLAN_REVIEW_REMINDER_DAYS = 30
    _review_in(plan, 31)
    assert remind() == 0
    assert mail.outbox == []

    _review_in(plan, 30)
    assert remind() == 1
    # The carers centre's practitioners (the manager is a practitioner there too), one message each; nobody in
    # another team.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [practitioner.email, second_practitioner.email, manager.email]
    )
    message = mail.outbox[0]
    assert f"contingency plan {plan.pk} is due for review" in message.subject
    # Where to find the plan, as the practitioner finds it (an address in a plain-text email would have to be typed).
    assert "open Contingency plans, where plans due for review are listed first" in message.body
    assert plan.get_absolute_url() not in message.body
    assert "Ada" not in f"{message.subject} {message.body}"  # email is not a secure channel: no names
    event = AuditEvent.objects.get(purpose="contingency plan review reminder")
    assert sorted(event.detail["reminded"]) == sorted([practitioner.pk, second_practitioner.pk, manager.pk])

    # The next day's run reminds nobody again.
    assert remind(today=timezone.localdate() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 3


def test_the_reminder_period_is_configurable(plan: ContingencyPlan, settings: Settings, remind: Remind) -> None:
    settings.CARERSHUB_PLAN_REVIEW_REMINDER_DAYS = 7
    _review_in(plan, 8)
    assert remind() == 0
    _review_in(plan, 7)
    assert remind() == 1


def test_confirming_the_plan_after_review_sets_up_the_next_reminder(
    plan: ContingencyPlan, practitioner: User, remind: Remind
) -> None:
    _review_in(plan, 10)
    assert remind() == 1
    confirm_plan(plan, by=practitioner, review_date=timezone.localdate() + timedelta(days=20))
    assert remind() == 1
    assert AuditEvent.objects.filter(purpose="contingency plan review reminder").count() == 2


def test_drafts_and_withdrawn_plans_are_not_reminded(
    plan: ContingencyPlan, practitioner: User, home_area: Area, carers_centre: Organisation, remind: Remind
) -> None:
    draft = draft_plan(carer_worked_with(home_area, carers_centre), by=practitioner, contacts=2)
    ContingencyPlan.objects.filter(pk=draft.pk).update(review_date=timezone.localdate())
    withdraw_plan(_review_in(plan, 1), by=practitioner)
    assert remind() == 0
    assert mail.outbox == []


def test_the_daily_command_marks_overdue_plans_and_queues_the_reminders(
    plan: ContingencyPlan, practitioner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _review_in(plan, -1)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mark_plans_for_review", stdout=out)  # the test task backend runs queued tasks at once
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.NEEDS_REVIEW
    assert plan.review_reminder_sent_at is not None
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    assert "Queued" in out.getvalue()


def test_the_daily_command_can_send_the_reminders_itself(
    plan: ContingencyPlan, practitioner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _review_in(plan, 5)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("mark_plans_for_review", "--now", stdout=out)
    assert "Sent review reminders for 1 contingency plan(s)" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_plan_list_shows_plans_needing_review_then_due_soon_first(
    sign_in: SignIn, practitioner: User, home_area: Area, carers_centre: Organisation, settings: Settings
) -> None:
    settings.CARERSHUB_PLAN_REVIEW_REMINDER_DAYS = 30
    later = _review_in(active_plan(carer_worked_with(home_area, carers_centre), by=practitioner), 200)
    draft = draft_plan(carer_worked_with(home_area, carers_centre), by=practitioner)
    soon = _review_in(active_plan(carer_worked_with(home_area, carers_centre), by=practitioner), 20)
    overdue = _review_in(active_plan(carer_worked_with(home_area, carers_centre), by=practitioner), -3)
    assert mark_plans_due_for_review() == 1
    client: Client = sign_in(practitioner)
    page = client.get(reverse("emergency_response:plans")).content.decode()
    positions = [page.index(plan.get_absolute_url()) for plan in (overdue, soon, later, draft)]
    assert positions == sorted(positions)
    assert page.count("Review due soon") == 1
    assert "due for review in the next 30 days" in page
