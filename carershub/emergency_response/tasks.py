"""Background work for the emergency line: sending messages to emergency contacts, and the plan review reminders.

`manage.py mark_plans_for_review` is meant to run daily from cron (or any scheduler): it marks plans past their
review date and queues `send_plan_review_reminders` for `manage.py db_worker`.
"""

from django.tasks import task

from carershub.emergency_response.services import (
    deliver_notification,
    mark_plans_due_for_review,
)
from carershub.emergency_response.services import (
    send_plan_review_reminders as remind_practitioners_of_plan_reviews,
)


@task
def send_emergency_notification(notification_id: int, after_attempts: int | None = None) -> str:
    """Send one SMS or email through GOV.UK Notify; returns the stored status. A passing failure queues this task
    again for later (`after_attempts` marks that automatic retry; see `deliver_notification`)."""
    return deliver_notification(notification_id, after_attempts=after_attempts).status


@task
def mark_plans_for_review() -> int:
    """Mark active plans whose review date has passed as needing review; returns how many."""
    return mark_plans_due_for_review()


@task
def send_plan_review_reminders() -> int:
    """Email the practitioners of plans whose review falls due within CARERSHUB_PLAN_REVIEW_REMINDER_DAYS; each
    review date once. Returns how many plans were reminded."""
    return remind_practitioners_of_plan_reviews()
