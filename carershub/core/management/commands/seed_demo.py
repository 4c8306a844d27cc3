"""manage.py seed_demo --scale demo|county [--seed N]: load deterministic, synthetic demonstration data."""

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.module_loading import import_string

from carershub.core.seeding import SeedContext


class Command(BaseCommand):
    help = "Load a synthetic demo area. Each app's seeder (CARERSHUB_DEMO_SEEDERS) skips what is already there."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "demo", "county"], default="demo")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data")

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted_path in settings.CARERSHUB_DEMO_SEEDERS:
            seeder = import_string(dotted_path)
            # Each seeder gets its own generator, so adding a seeder never changes what the others produce.
            context = SeedContext(
                scale=options["scale"],
                rng=random.Random(f"{options['seed']}:{dotted_path}"),
                log=lambda message: self.stdout.write(f"  {message}"),
            )
            self.stdout.write(f"{dotted_path} ({options['scale']})")
            with transaction.atomic():
                seeder(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
