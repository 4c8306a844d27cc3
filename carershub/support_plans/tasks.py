"""Background work for support plans, run daily by `manage.py support_plan_reminders` (from cron) through Django's
task framework: in production the tasks wait in the database for `manage.py db_worker`; the tests run them at once.
"""

from django.tasks import task

from carershub.support_plans.services.direct_payments import remind_of_due_direct_payment_reviews
from carershub.support_plans.services.reviews import remind_of_due_plan_reviews


@task
def send_plan_review_reminders() -> int:
    """Remind plans' authors of s.27 reviews falling due within CARERSHUB_REVIEW_REMINDER_DAYS; each review once."""
    return remind_of_due_plan_reviews()


@task
def send_direct_payment_review_reminders() -> int:
    """Remind plans' authors of reg 7 direct payment reviews falling due; each review once."""
    return remind_of_due_direct_payment_reviews()
