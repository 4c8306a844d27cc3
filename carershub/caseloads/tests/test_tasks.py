"""Tasks for a carer's worker: "My work" lists the worker's open tasks (overdue first, then by due date) in a fixed
number of queries; the worker, or a manager for the team's, marks one done with a note; anyone else gets a 404 and
nothing changes; the team view lists the team's tasks and the overdue ones; allocating the case hands its tasks on."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.caseloads.events import CaseloadEvent
from carershub.caseloads.models import Task
from carershub.caseloads.services import TaskInvalid, allocate_case, complete_task
from carershub.caseloads.tests.conftest import close_with
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation, ContingencyPlan
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Person
from carershub.people.tests.factories import AdultCarerFactory, working_with


def _task(person: Person, organisation: Organisation, worker: User | None, *, due_on: date) -> Task:
    return Task.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        worker=worker,
        kind=Task.Kind.OFFER_CARERS_ASSESSMENT,
        text="Contact the carer to arrange their carer's assessment.",
        due_on=due_on,
    )


@pytest.fixture
def allocated_plan(plan: ContingencyPlan, manager: User, practitioner: User) -> ContingencyPlan:
    allocate_case(plan.carer, to=practitioner, by=manager)
    return plan


@pytest.fixture
def workers_task(allocated_plan: ContingencyPlan, responder: User) -> Task:
    close_with(allocated_plan, Activation.FollowUp.PLAN_REVIEW, by=responder)
    return Task.objects.get()


@pytest.fixture
def team_task(plan: ContingencyPlan, responder: User) -> Task:
    close_with(plan, Activation.FollowUp.PLAN_REVIEW, by=responder)
    return Task.objects.get(worker__isnull=True)


def test_my_work_lists_the_workers_open_tasks_overdue_first_with_links_to_the_carer_and_the_emergency(
    workers_task: Task, carers_centre: Organisation, home_area: Area, practitioner: User, sign_in: SignIn
) -> None:
    today = timezone.localdate()
    later = _task(
        working_with(AdultCarerFactory.create(area=home_area), carers_centre),
        carers_centre,
        practitioner,
        due_on=today + timedelta(days=30),
    )
    overdue = _task(
        working_with(AdultCarerFactory.create(area=home_area), carers_centre),
        carers_centre,
        practitioner,
        due_on=today - timedelta(days=2),
    )
    done = _task(
        working_with(AdultCarerFactory.create(area=home_area), carers_centre), carers_centre, practitioner, due_on=today
    )
    complete_task(done, by=practitioner)

    response = sign_in(practitioner).get(reverse("caseloads:my_work"))

    assert response.context["work"].tasks.rows == [overdue, workers_task, later]
    page = response.content.decode()
    assert page.count("Overdue</strong>") == 1
    assert workers_task.person.get_absolute_url() in page
    assert workers_task.activation is not None
    assert reverse("emergency_response:plan", args=[workers_task.activation.plan_id]) in page
    assert reverse("caseloads:complete_task", args=[workers_task.pk]) in page
    assert reverse("caseloads:complete_task", args=[done.pk]) not in page


def test_the_worker_marks_their_task_done_with_a_note_and_it_is_audited_and_leaves_my_work(
    workers_task: Task, practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(practitioner)
    url = reverse("caseloads:complete_task", args=[workers_task.pk])
    assert "Mark the task done" in client.get(url).content.decode()

    response = client.post(url, {"note": "  Plan reviewed with Ada: second contact now first  "})

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("caseloads:my_work")
    workers_task.refresh_from_db()
    assert (workers_task.done_by, workers_task.done_note) == (
        practitioner,
        "Plan reviewed with Ada: second contact now first",
    )
    assert workers_task.done_at is not None
    done = AuditEvent.objects.get(event=CaseloadEvent.TASK_DONE)
    assert (done.actor, done.subject_id, done.detail["with_note"], done.detail["was_overdue"]) == (
        practitioner,
        str(workers_task.pk),
        True,
        False,
    )
    assert (
        workers_task.person.timeline.get(kind=CaseloadEvent.TASK_DONE).summary
        == f"Task done by {practitioner.full_name}: Review the support and contingency plan"
    )
    assert client.get(reverse("caseloads:my_work")).context["work"].tasks.rows == []


def test_a_task_is_done_once(workers_task: Task, practitioner: User) -> None:
    complete_task(workers_task, by=practitioner)

    with pytest.raises(TaskInvalid) as refused:
        complete_task(workers_task, by=practitioner, note="Again")

    assert refused.value.errors == {"task": "This task is already done"}
    assert AuditEvent.objects.filter(event=CaseloadEvent.TASK_DONE).count() == 1


def test_a_manager_marks_the_teams_task_done_from_the_team_view(
    team_task: Task, manager: User, sign_in: SignIn
) -> None:
    client = sign_in(manager)
    team = client.get(reverse("caseloads:team"))
    assert team.context["unassigned_tasks"] == [team_task]
    url = reverse("caseloads:complete_task", args=[team_task.pk])
    assert f"{url}?from=team" in team.content.decode()

    response = client.post(f"{url}?from=team", {"note": ""})

    assert response.headers["Location"] == reverse("caseloads:team")
    team_task.refresh_from_db()
    assert (team_task.done_by, team_task.done_note) == (manager, "")
    assert client.get(reverse("caseloads:team")).context["unassigned_tasks"] == []


@pytest.mark.parametrize(
    ("who", "task_of"),
    [
        pytest.param("other_team_practitioner", "workers_task", id="another-organisation"),
        pytest.param("neighbour_practitioner", "team_task", id="another-area"),
        pytest.param("commissioner", "team_task", id="commissioner"),
        pytest.param("manager", "workers_task", id="manager-of-a-workers-task"),
        pytest.param("practitioner", "team_task", id="practitioner-of-the-teams-task"),
        pytest.param("responder", "workers_task", id="the-responder-who-made-it"),
    ],
)
def test_nobody_else_marks_a_task_done_and_nothing_changes(
    request: pytest.FixtureRequest, sign_in: SignIn, who: str, task_of: str
) -> None:
    task: Task = request.getfixturevalue(task_of)
    user: User = request.getfixturevalue(who)
    client = sign_in(user)
    events = AuditEvent.objects.count()
    url = reverse("caseloads:complete_task", args=[task.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"note": "Done"}).status_code == 404

    task.refresh_from_db()
    assert (task.done_at, task.done_by, task.done_note) == (None, None, "")
    assert AuditEvent.objects.count() == events
    with pytest.raises(TaskInvalid):
        complete_task(task, by=user)


def test_the_team_view_lists_overdue_tasks_whoever_they_are_for_and_the_teams_tasks(
    workers_task: Task, carers_centre: Organisation, home_area: Area, practitioner: User, sign_in: SignIn
) -> None:
    today = timezone.localdate()
    Task.objects.filter(pk=workers_task.pk).update(due_on=today - timedelta(days=1))
    unallocated = working_with(AdultCarerFactory.create(area=home_area), carers_centre)
    teams = _task(unallocated, carers_centre, None, due_on=today + timedelta(days=3))
    _task(unallocated, carers_centre, practitioner, due_on=today)  # due today: not overdue yet

    response = sign_in(practitioner).get(reverse("caseloads:team"))

    assert response.context["overdue_tasks"] == [workers_task]
    assert response.context["unassigned_tasks"] == [teams]
    # A practitioner sees the team's tasks but marks done only their own.
    assert reverse("caseloads:complete_task", args=[teams.pk]) not in response.content.decode()


def test_allocating_the_case_gives_the_teams_open_tasks_to_the_worker(
    team_task: Task, manager: User, practitioner: User, sign_in: SignIn
) -> None:
    allocated = allocate_case(team_task.person, to=practitioner, by=manager)

    assert allocated.tasks_moved == 1
    team_task.refresh_from_db()
    assert team_task.worker == practitioner
    assert sign_in(practitioner).get(reverse("caseloads:my_work")).context["work"].tasks.rows == [team_task]


def test_my_work_takes_the_same_queries_for_1_or_many_carers_with_tasks(
    workers_task: Task,
    home_area: Area,
    carers_centre: Organisation,
    manager: User,
    practitioner: User,
    sign_in: SignIn,
) -> None:
    client = sign_in(practitioner)
    client.get(reverse("caseloads:my_work"))  # sessions and caches warm
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("caseloads:my_work"))
    today = timezone.localdate()
    for days, carer in enumerate(AdultCarerFactory.create_batch(12, area=home_area)):
        allocate_case(working_with(carer, carers_centre), to=practitioner, by=manager)
        _task(carer, carers_centre, practitioner, due_on=today + timedelta(days=days - 3))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("caseloads:my_work"))

    assert len(response.context["work"].carers) == 13
    assert response.context["work"].tasks.total == 13
    assert len(many) == len(one)
