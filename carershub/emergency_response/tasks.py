"""Background work for the emergency line: sending messages to emergency contacts, and the plan review reminders.

`manage.py mark_plans_for_review` is meant to run daily from cron (or any scheduler): it marks plans past their
review date and queues `send_plan_review_reminders` for `manage.py db_worker`. The task that sends one message,
`send_emergency_notification`, is declared in `services.notifications` with the code that queues it and is named here
too, so that a message queued under this module's name before it moved is still sent.
"""

from django.tasks import task

from carershub.emergency_response.services.notifications import send_emergency_notification
from carershub.emergency_response.services.reviews import mark_plans_due_for_review
from carershub.emergency_response.services.reviews import (
    send_plan_review_reminders as remind_practitioners_of_plan_reviews,
)

__all__ = ["mark_plans_for_review", "send_emergency_notification", "send_plan_review_reminders"]


@task
def mark_plans_for_review() -> int:
    """Mark active plans whose review date has passed as needing review; returns how many."""
    return mark_plans_due_for_review()


@task
def send_plan_review_reminders() -> int:
    """Email the practitioners of plans whose review falls due within CARERSHUB_PLAN_REVIEW_REMINDER_DAYS; each
    review date once. Returns how many plans were reminded."""
    return remind_practitioners_of_plan_reviews()
