"""The daily support plan work, for cron: `manage.py support_plan_reminders` once a day (say 06:05).

It queues the reminders of plan reviews (Care Act 2014 s.27) and of direct payment reviews (Care and Support (Direct
Payments) Regulations 2014 reg 7) for `manage.py db_worker`; with `--now` they run in this process. Both are
idempotent, so running the command twice in a day reminds nobody twice.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from carershub.support_plans.tasks import send_direct_payment_review_reminders, send_plan_review_reminders


class Command(BaseCommand):
    help = "Queue today's plan review and direct payment review reminders (run once a day from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run the work in this process instead of queueing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            plans = send_plan_review_reminders.call()
            payments = send_direct_payment_review_reminders.call()
            self.stdout.write(f"Sent {plans} plan review reminder(s) and {payments} direct payment review reminder(s).")
            return
        for queued in (send_plan_review_reminders, send_direct_payment_review_reminders):
            result = queued.enqueue()
            self.stdout.write(f"Queued {queued.name} ({result.id}).")
