"""`manage.py import_openreferral URL --area SLUG`: bring another directory's Open Referral UK 3.0 feed in as draft
entries for the council to check. Safe to run again: it updates rather than duplicates, and never overwrites an
entry changed here since the last import (it reports it instead)."""

import json
import urllib.request
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carershub.directory.services.importing import NotOpenReferral, import_feed
from carershub.organisations.models import Area

TIMEOUT_SECONDS = 20


def fetch_json(url: str) -> Any:
    if not url.startswith(("http://", "https://")):
        raise NotOpenReferral(f"{url} is not a web address.")
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "CarersHub-import"})  # noqa: S310 - scheme checked above
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked above
        try:
            return json.loads(response.read())
        except json.JSONDecodeError:
            raise NotOpenReferral(f"{url} did not answer with JSON.") from None


class Command(BaseCommand):
    help = "Import every service of an Open Referral UK 3.0 API as draft directory entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="The feed's base address, e.g. https://example.org/api/openreferral/")
        parser.add_argument("--area", required=True, help="The slug of the council area to list the services in.")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"There is no area {options['area']!r}.")
        try:
            report = import_feed(options["url"], area=area, fetch=fetch_json)
        except NotOpenReferral as error:
            raise CommandError(f"Not imported: {error}") from None
        except OSError as error:
            raise CommandError(f"Could not read the feed: {error}") from None
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.proposed} changes waiting for the "
            f"council's check, {report.unchanged} unchanged, {len(report.skipped)} skipped."
        )
        for what, why in report.skipped:
            self.stdout.write(f"Skipped {what}: {why}")
