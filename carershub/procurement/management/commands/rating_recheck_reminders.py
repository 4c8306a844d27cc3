"""`manage.py rating_recheck_reminders`: daily, from cron. Lists the members whose Ofsted or CQC rating was last
checked CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS (default 12) months ago or more, or never, and emails each
arrangement's lead commissioners about them, once per check."""

from typing import Any

from django.core.management.base import BaseCommand

from carershub.procurement.services.ratings import send_recheck_reminders


class Command(BaseCommand):
    help = "Remind lead authorities of members whose regulator rating is due to be checked again."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_recheck_reminders()
        for membership in reminded:
            category = membership.category
            self.stdout.write(f"{category.arrangement.reference}: {membership.supplier} ({category.name})")
        self.stdout.write(f"{len(reminded)} rating re-check(s) reminded.")
