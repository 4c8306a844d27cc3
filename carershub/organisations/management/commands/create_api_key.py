"""manage.py create_api_key --organisation <slug> --name <label>: print a new key once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carershub.organisations.models import Organisation
from carershub.organisations.services import ApiKeyNameTaken, create_api_key


class Command(BaseCommand):
    help = "Create an API key for an organisation. The key is printed once; only its digest is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug")
        parser.add_argument("--name", required=True, help="A label saying which system uses the key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(slug=options["organisation"], is_active=True)
        except Organisation.DoesNotExist:
            raise CommandError(f"No active organisation has the slug {options['organisation']!r}.") from None
        try:
            _, plain_text = create_api_key(organisation, name=options["name"], created_by=None)
        except ApiKeyNameTaken:
            raise CommandError(f"{organisation} already has a live key named {options['name']!r}.") from None
        self.stderr.write(f"API key for {organisation} ({options['name']}). Copy it now; it will not be shown again:")
        self.stdout.write(plain_text)
