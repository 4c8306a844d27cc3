"""manage.py create_api_key --organisation <slug> --name <label> [--scope referrals|emergency-cards]: print a new
key once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import ApiKeyNameTaken, create_api_key

# The scope as typed on the command line (hyphenated, like the API path it opens) and as stored.
SCOPES = {"referrals": ApiKey.Scope.REFERRALS, "emergency-cards": ApiKey.Scope.EMERGENCY_CARDS}


class Command(BaseCommand):
    help = "Create an API key for an organisation. The key is printed once; only its digest is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's slug")
        parser.add_argument("--name", required=True, help="A label saying which system uses the key")
        parser.add_argument(
            "--scope",
            choices=sorted(SCOPES),
            default="referrals",
            help="What the key may use: referrals (referrals, FHIR, GP practices; the default) or emergency-cards "
            "(GET /api/v1/emergency-cards/{number}, for the organisation that runs an area's 24/7 line)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(slug=options["organisation"], is_active=True)
        except Organisation.DoesNotExist:
            raise CommandError(f"No active organisation has the slug {options['organisation']!r}.") from None
        try:
            api_key, plain_text = create_api_key(
                organisation, name=options["name"], created_by=None, scope=SCOPES[options["scope"]]
            )
        except ApiKeyNameTaken:
            raise CommandError(f"{organisation} already has a live key named {options['name']!r}.") from None
        self.stderr.write(
            f"API key for {organisation} ({options['name']}), scope {api_key.get_scope_display()}. "
            "Copy it now; it will not be shown again:"
        )
        self.stdout.write(plain_text)
