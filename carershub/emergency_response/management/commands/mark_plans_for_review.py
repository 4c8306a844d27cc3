"""Daily reminder: active contingency plans whose review date has passed now need review. Run from cron."""

from typing import Any

from django.core.management.base import BaseCommand

from carershub.emergency_response.services import mark_plans_due_for_review


class Command(BaseCommand):
    help = "Mark active contingency plans whose review date has passed as needing review (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = mark_plans_due_for_review()
        self.stdout.write(f"{marked} contingency plan(s) now need review")
