"""`manage.py list_support_groups`: daily, from cron (after `schedule_group_sessions`). Lists providers' running
support groups in the directory as services with their schedules, and withdraws the listings of ended groups."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from carershub.directory.services.support_listings import list_support_groups


class Command(BaseCommand):
    help = "List support groups in the directory with their schedules."

    def handle(self, *args: Any, **options: Any) -> None:
        result = list_support_groups(today=timezone.localdate())
        self.stdout.write(f"{result.listed} groups listed, {result.withdrawn} withdrawn.")
