"""The demo's tasks: the emergency line's seeded activation, closed with a plan review offered, is a task on the demo
practitioner's "My work", overdue a week after the closing. Loading the demo twice adds nothing."""

import io

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.caseloads.models import Task

SEEDERS = [
    "carershub.organisations.demo.seed",
    "carershub.identification.demo.seed",
    "carershub.accounts.demo.seed",
    "carershub.referrals.demo.seed_routing_rules",
    "carershub.referrals.demo.seed",
    "carershub.assessments.demo.seed",
    "carershub.emergency_response.demo.seed",
    "carershub.caseloads.demo.seed",
]


@override_settings(CARERSHUB_DEMO_SEEDERS=SEEDERS)
def _seed() -> None:
    call_command("seed_demo", scale="demo", seed=7, stdout=io.StringIO())


def test_the_demo_practitioner_has_the_overdue_plan_review_the_emergency_line_offered(
    db: None, sign_in: SignIn
) -> None:
    _seed()
    practitioner = User.objects.get(email="practitioner@carershub.example")

    task = Task.objects.get()
    assert (task.kind, task.worker) == (Task.Kind.REVIEW_PLANS, practitioner)
    assert task.due_on < timezone.localdate()
    my_work = sign_in(practitioner).get(reverse("caseloads:my_work"))
    assert my_work.context["work"].tasks.rows == [task]
    assert "Overdue</strong>" in my_work.content.decode()

    _seed()
    assert Task.objects.count() == 1
