"""Background work for the emergency line: sending messages to emergency contacts, and the plan review reminder.

`mark_plans_for_review` is meant to run daily: schedule `manage.py mark_plans_for_review` from cron (or any
scheduler), or enqueue this task from one; both call the same service.
"""

from django.tasks import task

from carershub.emergency_response.services import deliver_notification, mark_plans_due_for_review


@task
def send_emergency_notification(notification_id: int) -> str:
    """Send one SMS or email through GOV.UK Notify; returns the stored status."""
    return deliver_notification(notification_id).status


@task
def mark_plans_for_review() -> int:
    """Mark active plans whose review date has passed as needing review; returns how many."""
    return mark_plans_due_for_review()
