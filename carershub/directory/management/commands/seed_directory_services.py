"""`manage.py seed_directory_services --count 5000`: load many published directory entries for `make bench`, each
with a place, a meeting time, a contact, a language, a service area and two taxonomy terms, in bulk. Fictional."""

import random
from datetime import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.directory.models import (
    Contact,
    DirectoryOrganisation,
    Language,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from carershub.organisations.models import Area

BATCH = 1000
WORDS = ["carers", "support", "group", "cafe", "advice", "breaks", "walk", "course", "club", "drop-in", "wellbeing"]


class Command(BaseCommand):
    help = "Load COUNT published directory entries across the areas (for load tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args: Any, **options: Any) -> None:
        areas = list(Area.objects.order_by("pk"))
        postcodes = list(Postcode.objects.order_by("postcode"))
        terms = list(TaxonomyTerm.objects.order_by("code"))
        if not areas or not postcodes or not terms:
            raise CommandError("Load the demo first (areas, the demo postcodes and the taxonomy).")
        rng = random.Random(options["seed"])  # noqa: S311 - fictional load-test data, not a secret
        remaining = options["count"]
        while remaining > 0:
            size = min(BATCH, remaining)
            with transaction.atomic():
                self._batch(size, rng, areas, postcodes, terms)
            remaining -= size
        self.stdout.write(f"{options['count']} directory entries loaded.")

    def _batch(
        self, size: int, rng: random.Random, areas: list[Area], postcodes: list[Postcode], terms: list[TaxonomyTerm]
    ) -> None:
        now = timezone.now()
        owner = DirectoryOrganisation.objects.create(
            name=f"Bench organisation {rng.randint(1, 10**9)}", description="Load test."
        )
        services, locations = [], []
        for _ in range(size):
            postcode = rng.choice(postcodes)
            low = rng.choice([None, 5, 8, 16, 18])
            services.append(
                Service(
                    area=rng.choice(areas),
                    organisation=owner,
                    name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.randint(1, 99999)}",
                    description=" ".join(rng.choice(WORDS) for _ in range(25)),
                    publication=Service.Publication.PUBLISHED,
                    minimum_age=low,
                    maximum_age=None if low is None or low >= 16 else 17,
                    content_modified_at=now,
                    assured_on=now.date(),
                )
            )
            locations.append(
                Location(
                    organisation=owner,
                    name=f"{postcode.district} venue",
                    address_1="1 High Street",
                    city=postcode.district,
                    postal_code=postcode.postcode,
                    latitude=postcode.latitude + Decimal(f"{rng.uniform(-0.01, 0.01):.6f}"),
                    longitude=postcode.longitude,
                )
            )
        Service.objects.bulk_create(services)
        Location.objects.bulk_create(locations)
        links = ServiceAtLocation.objects.bulk_create(
            [ServiceAtLocation(service=s, location=place) for s, place in zip(services, locations, strict=True)]
        )
        Schedule.objects.bulk_create(
            [
                Schedule(
                    service=link.service,
                    service_at_location=link,
                    freq="WEEKLY",
                    byday=rng.choice(["MO", "TU", "WE"]),
                    opens_at=time(10),
                    closes_at=time(12),
                )
                for link in links
            ]
        )
        Contact.objects.bulk_create([Contact(service=s, name="Duty worker", phone="01632 960999") for s in services])
        Language.objects.bulk_create([Language(service=s, name="English", code="en") for s in services])
        ServiceArea.objects.bulk_create([ServiceArea(service=s, name=s.area.name) for s in services])
        through = Service.taxonomy_terms.through
        through.objects.bulk_create(
            [through(service_id=s.pk, taxonomyterm_id=term.pk) for s in services for term in rng.sample(terms, 2)]
        )
