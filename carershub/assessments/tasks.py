"""Background work for assessments, run daily by `manage.py assessment_reminders` (from cron) through Django's task
framework: in production the tasks wait in the database for `manage.py db_worker`; the test suite runs them at once.

`services.safety_alerts` queues `notify_safety_alerts`, so this module imports only services that never import it
back (import-linter checks this: see pyproject.toml).
"""

from django.tasks import task

from carershub.assessments.services.reviews import remind_assessors_of_due_reviews
from carershub.assessments.services.safety_alert_notice import send_safety_alert_notice
from carershub.assessments.services.transition_prompts import raise_transition_prompts


@task
def send_review_reminders() -> int:
    """Remind assessors of reviews falling due within CARERSHUB_REVIEW_REMINDER_DAYS; each review once."""
    return remind_assessors_of_due_reviews()


@task
def raise_transition_decisions() -> int:
    """Raise the transition decisions due for young carers nearing 18 (Care Act 2014 ss.63-64)."""
    return len(raise_transition_prompts())


@task
def notify_safety_alerts(alert_ids: list[int]) -> int:
    """Email the assessor and the team's managers that a PANOC-YC20 safety alert needs attention now."""
    return send_safety_alert_notice(alert_ids)
