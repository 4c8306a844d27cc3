"""manage.py revoke_api_key --prefix <prefix>: stop a key working."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carershub.organisations.models import ApiKey
from carershub.organisations.services import revoke_api_key


class Command(BaseCommand):
    help = "Revoke an API key by its prefix (the part between the first two underscores)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prefix", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            api_key = ApiKey.objects.get(prefix=options["prefix"])
        except ApiKey.DoesNotExist:
            raise CommandError(f"No API key has the prefix {options['prefix']!r}.") from None
        revoke_api_key(api_key, revoked_by=None)
        self.stdout.write(f"Revoked {api_key}.")
