"""Bulk-create the everyday support volumes the speed bench (`make bench`) is set at: contacts for the carers a
provider works with, and group sessions with named attendances (30 a session, the size of a large register).

Rows are spread over the two years before today and made with bulk_create in batches, so 1,000,000 contacts take a
few minutes on PostgreSQL. Repeatable with --seed.
"""

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement
from carershub.support.models import Attendance, Booking, Contact, ContactKind, GroupKind, GroupSession, SupportGroup

BATCH = 5000
DAYS = 730
REGISTER_SIZE = 30


class Command(BaseCommand):
    help = "Bulk-create contacts and group attendances for a provider's carers (for the speed bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contacts", type=int, default=1_000_000)
        parser.add_argument("--attendances", type=int, default=200_000)
        parser.add_argument("--organisation", default="mersey-vale-carers-centre")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        workers = list(User.objects.filter(organisation=organisation, is_active=True).order_by("pk")[:20])
        carers = list(
            Involvement.objects.filter(
                organisation=organisation, reason=Involvement.Reason.CASE_OPEN, ended_at__isnull=True
            )
            # A carer may have more than one open case with the provider: each carer once, or a register would
            # book someone twice.
            .values_list("person_id", "area_id")
            .order_by("person_id")
            .distinct()
        )
        if organisation is None or not workers or len(carers) < REGISTER_SIZE:
            raise CommandError("The organisation needs staff and at least 30 carers with an open case.")
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic bench data, repeatable by --seed
        self._contacts(options["contacts"], organisation, workers, carers, rng)
        self._attendances(options["attendances"], organisation, carers, rng)

    def _contacts(
        self,
        count: int,
        organisation: Organisation,
        workers: list[User],
        carers: list[tuple[int, int]],
        rng: random.Random,
    ) -> None:
        kinds = list(ContactKind.objects.values_list("pk", flat=True))
        channels = [value for value, _ in Contact.Channel.choices]
        today = timezone.localdate()
        for start in range(0, count, BATCH):
            rows = []
            for _ in range(min(BATCH, count - start)):
                person_id, area_id = rng.choice(carers)
                contacted_on = today - timedelta(days=rng.randrange(DAYS))
                rows.append(
                    Contact(
                        area_id=area_id,
                        carer_id=person_id,
                        organisation=organisation,
                        contacted_on=contacted_on,
                        kind_id=rng.choice(kinds),
                        channel=rng.choice(channels),
                        minutes=rng.choice((None, 15, 30, 45, 60)),
                        worker=rng.choice(workers),
                    )
                )
            with transaction.atomic():
                Contact.objects.bulk_create(rows)
            self.stdout.write(f"{start + len(rows)} contacts")

    def _attendances(
        self, count: int, organisation: Organisation, carers: list[tuple[int, int]], rng: random.Random
    ) -> None:
        sessions_needed = -(-count // REGISTER_SIZE)
        area_id = carers[0][1]
        in_area = [person_id for person_id, area in carers if area == area_id]
        kind = GroupKind.objects.get(code="carers_cafe")
        today = timezone.localdate()
        made = 0
        group_number = 0
        while made < sessions_needed:
            group_number += 1
            group = SupportGroup.objects.create(
                area_id=area_id,
                organisation=organisation,
                name=f"Bench café {group_number}",
                kind=kind,
                schedule="FREQ=DAILY",
                first_starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=DAYS), time(10))),
                venue="Bench hall",
                capacity=REGISTER_SIZE,
            )
            days = min(DAYS, sessions_needed - made)
            sessions = GroupSession.objects.bulk_create(
                GroupSession(
                    area_id=area_id,
                    group=group,
                    starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=day), time(10))),
                    ends_at=timezone.make_aware(datetime.combine(today - timedelta(days=day), time(12))),
                    venue="Bench hall",
                    capacity=REGISTER_SIZE,
                    head_count=rng.randint(0, 3),
                    register_taken_at=timezone.now(),
                )
                for day in range(1, days + 1)
            )
            bookings: list[Booking] = []
            attendances: list[Attendance] = []
            for session in sessions:
                for person_id in rng.sample(in_area, REGISTER_SIZE):
                    bookings.append(
                        Booking(
                            area_id=area_id,
                            session=session,
                            carer_id=person_id,
                            status="booked",
                            booked_at=session.starts_at,
                        )
                    )
                    attendances.append(Attendance(area_id=area_id, session=session, carer_id=person_id))
            with transaction.atomic():
                Booking.objects.bulk_create(bookings, batch_size=BATCH)
                Attendance.objects.bulk_create(attendances, batch_size=BATCH)
            made += len(sessions)
            self.stdout.write(f"{made * REGISTER_SIZE} attendances")
