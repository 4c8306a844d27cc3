"""The daily assessment work, for cron: `manage.py assessment_reminders` once a day (say 06:00).

It queues two tasks: reminders to assessors of reviews falling due, and the transition decisions due for young carers
nearing 18. A `manage.py db_worker` process runs them. With `--now` they run in this process instead, for a
deployment without a worker. Both are idempotent, so running the command twice in a day does no harm.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from carershub.assessments.tasks import raise_transition_decisions, send_review_reminders


class Command(BaseCommand):
    help = "Queue today's review reminders and transition prompts (run once a day from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the work in this process instead of queueing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            reminded = send_review_reminders.call()
            raised = raise_transition_decisions.call()
            self.stdout.write(f"Sent {reminded} review reminder(s); raised {raised} transition prompt(s).")
            return
        for queued in (send_review_reminders, raise_transition_decisions):
            result = queued.enqueue()
            self.stdout.write(f"Queued {queued.name} ({result.id}).")
