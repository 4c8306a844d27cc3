"""Caseloads rows for tests elsewhere: the privacy walk (reporting/tests) names a real task in its URLs."""

from datetime import timedelta

from django.utils import timezone

from carershub.accounts.models import User
from carershub.caseloads.models import Task
from carershub.organisations.models import Organisation
from carershub.people.models import Person


def task_records_for(carer: Person, organisation: Organisation, worker: User) -> dict[str, str]:
    """An open task for the worker about the carer: the URL parameters of the pages that name one."""
    task = Task.objects.create(
        area=carer.area,
        person=carer,
        organisation=organisation,
        worker=worker,
        kind=Task.Kind.REVIEW_PLANS,
        text="Review the carer's support plan and contingency plan with them.",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    return {"task_id": str(task.pk)}
