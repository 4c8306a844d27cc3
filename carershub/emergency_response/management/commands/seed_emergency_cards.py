"""Bulk-create active contingency plans with emergency cards, for benchmarking the card lookup at volume.

    manage.py seed_emergency_cards --count 1000000 --area mersey-vale --numbers-file /tmp/cards.txt

Each plan gets its own minimal carer and cared-for person (a plan is one per caring pair), two emergency contacts
and an active card. Rows are written with bulk_create in batches, without audit events (nobody did these things).
Card numbers are random with a valid check digit, unique across the table. `--numbers-file` writes a sample of the
new numbers, one a line, for the load test to look up.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyContact, EmergencyLine
from carershub.emergency_response.rules import generate_card_number
from carershub.organisations.models import Area
from carershub.people.models import CaringRelationship, Person

SAMPLE_SIZE = 10_000


class Command(BaseCommand):
    help = "Bulk-create N active contingency plans with emergency cards (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--area", default="mersey-vale", help="The area's slug; it must have an emergency line.")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--numbers-file", default="", help="Write a sample of the new card numbers here.")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"No area {options['area']!r}")
        if not EmergencyLine.objects.filter(area=area).exists():
            raise CommandError(f"{area} has no emergency line: run seed_demo first or set one up")
        count, batch = options["count"], max(1, options["batch"])
        sample: list[str] = []
        created = 0
        while created < count:
            size = min(batch, count - created)
            numbers = self._create_batch(area, size, start=created)
            if len(sample) < SAMPLE_SIZE:
                sample.extend(numbers[: SAMPLE_SIZE - len(sample)])
            created += size
            if created % 100_000 < size:
                self.stdout.write(f"{created} cards")
        if options["numbers_file"]:
            with open(options["numbers_file"], "w", encoding="utf-8") as numbers_file:
                numbers_file.write("\n".join(sample) + "\n")
        self.stdout.write(f"{created} active plans with cards created in {area}")

    @transaction.atomic
    def _create_batch(self, area: Area, size: int, *, start: int) -> list[str]:
        now = timezone.now()
        review_date = timezone.localdate() + timedelta(days=300)
        people = Person.objects.bulk_create(
            Person(area=area, given_name="Bench", family_name=f"{'Carer' if i % 2 == 0 else 'Cared'} {start + i // 2}")
            for i in range(2 * size)
        )
        CaringRelationship.objects.bulk_create(
            CaringRelationship(
                area=area,
                carer=people[2 * i],
                cared_for=people[2 * i + 1],
                relationship=CaringRelationship.Relationship.PARENT,
            )
            for i in range(size)
        )
        plans = ContingencyPlan.objects.bulk_create(
            ContingencyPlan(
                area=area,
                carer=people[2 * i],
                cared_for=people[2 * i + 1],
                status=ContingencyPlan.Status.ACTIVE,
                personal_care="Help to wash and dress each morning.",
                medication="Blister pack in the kitchen.",
                replacement_care="Emergency home care for up to 72 hours.",
                review_date=review_date,
            )
            for i in range(size)
        )
        EmergencyContact.objects.bulk_create(
            EmergencyContact(
                area=area,
                plan=plan,
                order=order,
                name=f"Contact {order}",
                relationship="Friend",
                phone=f"07700900{order:03d}",
                consent_given_at=now,
                accepted_role_at=now,
            )
            for plan in plans
            for order in (1, 2)
        )
        numbers = _unused_numbers(size)
        EmergencyCard.objects.bulk_create(
            EmergencyCard(area=area, plan=plan, number=number, issued_at=now)
            for plan, number in zip(plans, numbers, strict=True)
        )
        return numbers


def _unused_numbers(size: int) -> list[str]:
    """`size` new random card numbers that no card has yet (one indexed query per round)."""
    chosen: set[str] = set()
    while len(chosen) < size:
        candidates = {generate_card_number() for _ in range(size - len(chosen))} - chosen
        taken = set(EmergencyCard.objects.filter(number__in=candidates).values_list("number", flat=True))
        chosen |= candidates - taken
    return list(chosen)
