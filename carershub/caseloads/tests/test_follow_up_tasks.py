"""Closing an activation with a carer's assessment or a plan review offered gives the carer's worker a task to keep
the offer (issue 12): the worker allocated the carer's case, or the organisation's team when nobody is; in the same
transaction as the closing, and audited. Closing with nothing offered gives nobody anything."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.caseloads.events import CaseloadEvent
from carershub.caseloads.models import Task
from carershub.caseloads.services import allocate_case
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard
from carershub.emergency_response.services.activations import close_activation, open_activation
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement, Person
from carershub.people.services.involvement import end_involvement, open_involvement


@pytest.fixture
def activation(plan: ContingencyPlan, responder: User) -> Activation:
    card = plan.cards.get(status=EmergencyCard.Status.ACTIVE)
    return open_activation(card, by=responder, reason="Carer taken to hospital").activation


def _close_from_the_screen(sign_in: SignIn, responder: User, activation: Activation, follow_up: str) -> None:
    response = sign_in(responder).post(
        reverse("emergency_response:close", args=[activation.pk]),
        {"close-outcome": "contact_took_over", "close-follow_up": follow_up, "close-support_hours": "2"},
    )
    assert response.status_code == 302


def test_closing_with_an_assessment_and_a_plan_review_offered_gives_the_allocated_worker_a_task_for_each(
    activation: Activation,
    carer_with_open_case: Person,
    carers_centre: Organisation,
    manager: User,
    practitioner: User,
    responder: User,
    sign_in: SignIn,
) -> None:
    allocate_case(carer_with_open_case, to=practitioner, by=manager)

    _close_from_the_screen(sign_in, responder, activation, Activation.FollowUp.BOTH)

    tasks = list(Task.objects.order_by("kind"))
    assert [(task.kind, task.worker, task.organisation, task.person, task.activation) for task in tasks] == [
        (Task.Kind.OFFER_CARERS_ASSESSMENT, practitioner, carers_centre, carer_with_open_case, activation),
        (Task.Kind.REVIEW_PLANS, practitioner, carers_centre, carer_with_open_case, activation),
    ]
    assert {task.due_on for task in tasks} == {timezone.localdate() + timedelta(days=7)}
    created = AuditEvent.objects.filter(event=CaseloadEvent.TASK_CREATED)
    assert sorted((event.actor, event.subject_id) for event in created) == sorted(
        (responder, str(task.pk)) for task in tasks
    )
    assert sorted(
        carer_with_open_case.timeline.filter(kind=CaseloadEvent.TASK_CREATED).values_list("summary", flat=True)
    ) == [
        f"Task for {practitioner.full_name}: Offer a carer's assessment, due {tasks[0].due_on.day} "
        f"{tasks[0].due_on:%B %Y} (offered by the emergency line)",
        f"Task for {practitioner.full_name}: Review the support and contingency plan, due {tasks[0].due_on.day} "
        f"{tasks[0].due_on:%B %Y} (offered by the emergency line)",
    ]
    my_work = sign_in(practitioner).get(reverse("caseloads:my_work"))
    assert [task.kind for task in my_work.context["work"].tasks.rows] == [
        Task.Kind.OFFER_CARERS_ASSESSMENT,
        Task.Kind.REVIEW_PLANS,
    ]


def test_closing_with_a_plan_review_offered_and_nobody_allocated_gives_the_team_the_task(
    activation: Activation, carers_centre: Organisation, manager: User, responder: User, sign_in: SignIn
) -> None:
    close_activation(activation, by=responder, outcome="replacement_care", follow_up=Activation.FollowUp.PLAN_REVIEW)

    task = Task.objects.get()
    assert (task.kind, task.worker, task.organisation) == (Task.Kind.REVIEW_PLANS, None, carers_centre)
    team = sign_in(manager).get(reverse("caseloads:team"))
    assert team.context["unassigned_tasks"] == [task]


def test_closing_with_no_follow_up_offered_gives_nobody_a_task(
    activation: Activation, responder: User, sign_in: SignIn
) -> None:
    _close_from_the_screen(sign_in, responder, activation, Activation.FollowUp.NONE)

    activation.refresh_from_db()
    assert activation.closed_at is not None
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(event=CaseloadEvent.TASK_CREATED).exists()


def test_every_organisation_with_a_case_open_gets_the_task_and_a_referral_alone_does_not(
    activation: Activation,
    carer_with_open_case: Person,
    carers_centre: Organisation,
    young_carers_service: Organisation,
    council: Organisation,
    responder: User,
) -> None:
    now = timezone.now()
    open_involvement(carer_with_open_case, young_carers_service, reason=Involvement.Reason.CASE_OPEN, at=now)
    open_involvement(carer_with_open_case, council, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)

    close_activation(activation, by=responder, outcome="hospital", follow_up=Activation.FollowUp.CARERS_ASSESSMENT)

    assert sorted(Task.objects.values_list("organisation_id", "kind")) == sorted(
        [
            (carers_centre.pk, Task.Kind.OFFER_CARERS_ASSESSMENT),
            (young_carers_service.pk, Task.Kind.OFFER_CARERS_ASSESSMENT),
        ]
    )


def test_with_no_case_open_the_organisation_that_made_the_plan_gets_the_task(
    activation: Activation, carer_with_open_case: Person, carers_centre: Organisation, responder: User
) -> None:
    end_involvement(
        carer_with_open_case, carers_centre, reason=Involvement.Reason.CASE_OPEN, at=timezone.now(), ended_by=None
    )

    close_activation(activation, by=responder, outcome="hospital", follow_up=Activation.FollowUp.PLAN_REVIEW)

    task = Task.objects.get()
    assert (task.organisation, task.worker) == (carers_centre, None)
