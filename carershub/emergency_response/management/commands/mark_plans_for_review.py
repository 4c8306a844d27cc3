"""The daily contingency plan work, for cron: `manage.py mark_plans_for_review` once a day (say 06:00).

Active plans whose review date has passed now need review (at once, in this process), and the review reminders are
queued for `manage.py db_worker`: the practitioners working with each carer whose review date falls within
CARERSHUB_PLAN_REVIEW_REMINDER_DAYS are emailed, once per review date. With `--now` the reminders are sent in this
process instead, for a deployment without a worker. Running it twice in a day does no harm.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from carershub.emergency_response.services.reviews import mark_plans_due_for_review
from carershub.emergency_response.tasks import send_plan_review_reminders


class Command(BaseCommand):
    help = "Mark contingency plans past their review date and queue review reminders (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send the reminders in this process.")

    def handle(self, *args: Any, **options: Any) -> None:
        marked = mark_plans_due_for_review()
        self.stdout.write(f"{marked} contingency plan(s) now need review")
        if options["now"]:
            reminded = send_plan_review_reminders.call()
            self.stdout.write(f"Sent review reminders for {reminded} contingency plan(s)")
            return
        result = send_plan_review_reminders.enqueue()
        self.stdout.write(f"Queued {send_plan_review_reminders.name} ({result.id})")
