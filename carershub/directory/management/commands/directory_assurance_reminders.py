"""`manage.py directory_assurance_reminders`: daily, from cron. Emails each provider's directory editors about
entries last checked CARERSHUB_DIRECTORY_ASSURANCE_MONTHS (default 6) or more ago, once per check."""

from typing import Any

from django.core.management.base import BaseCommand

from carershub.directory.services.editing import send_assurance_reminders


class Command(BaseCommand):
    help = "Remind directory editors of entries due to be checked again."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_assurance_reminders()} entries reminded.")
