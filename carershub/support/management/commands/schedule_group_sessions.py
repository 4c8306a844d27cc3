"""Make each running group's sessions for the next three months from its schedule. Meant to run daily from cron (or
any scheduler); sessions already made are left as they are, so running it again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from carershub.support.models import SupportGroup
from carershub.support.services.groups import SCHEDULE_AHEAD, schedule_sessions


class Command(BaseCommand):
    help = "Make running groups' sessions for the next three months from their schedules."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        made = 0
        for group in SupportGroup.objects.filter(ended_on__isnull=True).order_by("pk").iterator():
            made += schedule_sessions(group, by=None, through=today + SCHEDULE_AHEAD)
        self.stdout.write(f"{made} sessions made")
