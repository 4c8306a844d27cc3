"""Caseloads' part of `seed_demo` (after `emergency_response.demo`): the tasks of keeping the follow-ups the
emergency line offered on the activations it seeded, a week after each closed (so the demo shows one overdue), for
the organisations `create_follow_up_tasks` would choose. The demo practitioner is allocated the carer at their
organisation, so "My work" shows the task; elsewhere it is the team's. Written in bulk: nobody did these things,
so there is no audit trail to write."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from carershub.accounts.models import User
from carershub.caseloads.models import Allocation, Task
from carershub.caseloads.selectors import current_workers, follow_up_organisations
from carershub.caseloads.services import TASKS_FOR_FOLLOW_UP, follow_up_due_on, follow_up_text
from carershub.core.seeding import SeedContext
from carershub.emergency_response.models import Activation
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement

DEMO_PRACTITIONER = "practitioner@carershub.example"
DEMO_MANAGER = "manager@carershub.example"


def seed(context: SeedContext) -> None:
    if Task.objects.exists():
        context.log("tasks already loaded")
        return
    practitioner = User.objects.filter(email=DEMO_PRACTITIONER).first()
    manager = User.objects.filter(email=DEMO_MANAGER).first()
    activations = (
        Activation.objects.filter(closed_at__isnull=False)
        .exclude(follow_up__in=["", Activation.FollowUp.NONE])
        .select_related("plan__carer", "plan__cared_for")
        .order_by("pk")
    )
    tasks: list[Task] = []
    for activation in activations:
        plan = activation.plan
        # The seeded plans were made by nobody: with no case open, the organisations working with the carer keep it.
        organisations = follow_up_organisations(plan) or list(
            Organisation.objects.filter(
                Exists(
                    Involvement.objects.filter(
                        organisation=OuterRef("pk"), person_id=plan.carer_id, ended_at__isnull=True
                    ).exclude(reason=Involvement.Reason.REFERRER)
                )
            ).order_by("pk")
        )
        workers = current_workers(plan.carer, [organisation.pk for organisation in organisations])
        for organisation in organisations:
            worker = workers.get(organisation.pk)
            demo_practitioners = practitioner is not None and practitioner.organisation_id == organisation.pk
            if worker is None and demo_practitioners and practitioner is not None and manager is not None:
                Allocation.objects.create(
                    area=plan.area,
                    person=plan.carer,
                    organisation=organisation,
                    worker=practitioner,
                    allocated_at=timezone.now(),
                    allocated_by=manager,
                )
                worker = practitioner
            tasks.extend(
                Task(
                    area=plan.area,
                    person=plan.carer,
                    organisation=organisation,
                    worker=worker,
                    kind=kind,
                    text=follow_up_text(kind, activation),
                    due_on=follow_up_due_on(activation),
                    activation=activation,
                    created_at=activation.closed_at or timezone.now(),
                )
                for kind in TASKS_FOR_FOLLOW_UP.get(activation.follow_up, ())
            )
    Task.objects.bulk_create(tasks)
    context.log(f"{len(tasks)} tasks from the emergency line's follow-ups")
