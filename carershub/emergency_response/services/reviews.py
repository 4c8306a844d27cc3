"""Plans are reviewed at least once a year: plans past their review date are marked as needing review, and the
practitioners working with the carer are reminded by email before the date. Both run daily from the task queue."""

from datetime import date
from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import ContingencyPlan
from carershub.emergency_response.selectors import plan_review_reminder_recipients, plans_due_a_review_reminder

# Why the reminder job reads the carer's plan (the audit's purpose).
REVIEW_PURPOSE: Final = "contingency plan review reminder"


@transaction.atomic
def mark_plans_due_for_review(*, today: date | None = None) -> int:
    """Active plans whose review date has passed now need review (the reminder). Their cards keep working: an
    emergency does not wait for paperwork. Returns how many plans were marked."""
    today = today or timezone.localdate()
    due = list(
        ContingencyPlan.objects.select_for_update()
        .filter(status=ContingencyPlan.Status.ACTIVE, review_date__lt=today)
        .select_related("carer")
    )
    for plan in due:
        plan.status = ContingencyPlan.Status.NEEDS_REVIEW
        plan.save(update_fields=["status", "updated_at"])
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=None,
            subject=plan.carer,
            area=plan.area,
            purpose=REVIEW_PURPOSE,
            detail={"contingency_plan": plan.pk, "status": [ContingencyPlan.Status.ACTIVE, plan.status]},
            event=EmergencyEvent.PLAN_REVIEW_DUE,
        )
    return len(due)


def send_plan_review_reminders(*, today: date | None = None) -> int:
    """Email the practitioners working with each carer whose plan's review date falls within
    CARERSHUB_PLAN_REVIEW_REMINDER_DAYS (or has passed), once per review date. Running it again the same day (or
    after a crash) reminds nobody twice. Returns how many plans were reminded."""
    today = today or timezone.localdate()
    return sum(_remind_plan_review(plan_id) for plan_id in plans_due_a_review_reminder(today=today))


@transaction.atomic
def _remind_plan_review(plan_id: int) -> int:
    # Locked and re-checked: two workers running the job at once must not both send the reminder.
    plan = (
        ContingencyPlan.objects.select_for_update(of=("self",))
        .select_related("carer")
        .filter(pk=plan_id, review_reminder_sent_at__isnull=True, review_date__isnull=False)
        .filter(status__in=[ContingencyPlan.Status.ACTIVE, ContingencyPlan.Status.NEEDS_REVIEW])
        .first()
    )
    if plan is None or plan.review_date is None:
        return 0
    plan.review_reminder_sent_at = timezone.now()
    plan.save(update_fields=["review_reminder_sent_at", "updated_at"])
    recipients = plan_review_reminder_recipients(plan)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=plan.carer,
        area=plan.area,
        purpose=REVIEW_PURPOSE,
        detail={"contingency_plan": plan.pk, "reminded": [user.pk for user in recipients]},
        event=EmergencyEvent.REVIEW_REMINDER_SENT,
    )
    # Email is not a secure channel: the reminder names the plan by its number and links to it, never the carer.
    due = f"{plan.review_date.day} {plan.review_date:%B %Y}"
    email_each_after_commit(
        f"Carers Hub: contingency plan {plan.pk} is due for review on {due}",
        f"Contingency plan {plan.pk} is due for review on {due}. A plan is reviewed at least once a year so that the "
        "emergency line has up-to-date contacts and needs; its emergency card keeps working meanwhile.\n\n"
        "Sign in to Carers Hub and open Contingency plans, where plans due for review are listed first with their "
        "review date, to review it with the carer.",
        [user.email for user in recipients],
        about="a contingency plan review",
    )
    return 1
