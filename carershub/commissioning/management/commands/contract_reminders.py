"""The daily contract work, for cron: `manage.py contract_reminders` once a day (say 06:00).

Emails each commissioner's commissioning staff about extension decisions due within 60 days and not yet decided,
once per decision (the decision is marked reminded), so running it twice in a day does no harm.
"""

from typing import Any

from django.core.management.base import BaseCommand

from carershub.commissioning.services.reminders import remind_commissioners_of_extension_decisions


class Command(BaseCommand):
    help = "Remind commissioners of contract extension decisions falling due (run once a day from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_commissioners_of_extension_decisions()
        self.stdout.write(f"Reminded commissioners of {reminded} extension decision(s).")
