"""Bulk-create the activity a county contract's KPIs are counted from, for the speed bench (`make bench`).

"Activity rows" are the records the KPI library reads: involvements (cases open: carers supported), referrals
(new carers identified, by source, accepted within days), engagement activities with GP practices, and completed
assessments (completed, waits). For N rows: 40% involvements, 35% referrals, 15% engagement, 10% assessments, spread
over the two years before today, with one new carer per referral. Every row is made with bulk_create in batches, so
1,000,000 rows take a few minutes on PostgreSQL. Synthetic people only (names "Bench" + number).
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract
from carershub.identification.models import EngagementActivity
from carershub.organisations.models import GPPractice
from carershub.people.models import Involvement, Person
from carershub.referrals.models import Referral

BATCH = 5000
DAYS = 730


class Command(BaseCommand):
    help = "Bulk-create N activity rows for a contract's areas and providers (for the KPI speed bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--contract", help="The contract's reference (default: the first with a provider).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        contract = self._contract(options.get("contract"))
        rows: int = options["rows"]
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic bench data, repeatable by --seed
        lot = contract.lots.exclude(provider__isnull=True).select_related("provider").first()
        area = contract.areas.order_by("pk").first()
        if lot is None or lot.provider is None or area is None:
            raise CommandError("The contract needs an area and a lot with a provider.")
        provider = lot.provider
        assessor = User.objects.filter(organisation=provider).order_by("pk").first()
        signer = User.objects.filter(organisation=provider).order_by("pk")[1:2].first()
        practices = list(GPPractice.objects.filter(area=area).values_list("pk", flat=True))
        today = timezone.localdate()
        counts = {
            "referrals": rows * 35 // 100,
            "involvements": rows * 40 // 100,
            "engagement": rows * 15 // 100 if practices else 0,
            "assessments": rows * 10 // 100 if assessor and signer else 0,
        }
        counts["referrals"] += rows - sum(counts.values())
        prefix = f"B{options['seed'] % 100:02d}{rng.randrange(36**3):03x}"[:6].upper()
        created = 0
        done = 0
        people_needed = counts["referrals"]
        while done < people_needed:
            size = min(BATCH, people_needed - done)
            with transaction.atomic():
                created += self._batch(
                    rng=rng,
                    start=done,
                    size=size,
                    prefix=prefix,
                    counts=counts,
                    total=people_needed,
                    area_id=area.pk,
                    provider_id=provider.pk,
                    cohort=(lot.cohorts or ["adult"])[0],
                    practices=practices,
                    assessor=assessor,
                    signer=signer,
                    today=today,
                )
            done += size
            self.stdout.write(f"{created:,} activity rows")
        self.stdout.write(self.style.SUCCESS(f"Created {created:,} activity rows for {contract.reference}"))

    def _contract(self, reference: str | None) -> Contract:
        contracts = Contract.objects.all()
        contract = (
            contracts.filter(reference=reference).first()
            if reference
            else contracts.filter(lots__provider__isnull=False).order_by("pk").first()
        )
        if contract is None:
            raise CommandError("No such contract: set one up first (seed_demo makes the demo contracts).")
        return contract

    def _batch(
        self,
        *,
        rng: random.Random,
        start: int,
        size: int,
        prefix: str,
        counts: dict[str, int],
        total: int,
        area_id: int,
        provider_id: int,
        cohort: str,
        practices: list[int],
        assessor: User | None,
        signer: User | None,
        today: date,
    ) -> int:
        def moment() -> datetime:
            day = today - timedelta(days=rng.randrange(DAYS))
            return timezone.make_aware(datetime.combine(day, time(9 + rng.randrange(8))))

        registered = [moment() for _ in range(size)]
        people = Person.objects.bulk_create(
            Person(
                area_id=area_id,
                given_name="Bench",
                family_name=f"Carer {start + index}",
                date_of_birth=today - timedelta(days=rng.randrange(8 * 365, 85 * 365)),
                created_at=registered[index],
            )
            for index in range(size)
        )
        sources = Referral.Source.values
        referrals = [
            Referral(
                area_id=area_id,
                reference=f"{prefix}{_base36(start + index, 6)}",
                source=rng.choice(sources),
                carer=person,
                reason="Bench",
                cohort=cohort,
                provider_id=provider_id,
                status=Referral.Status.ACCEPTED,
                received_at=registered[index],
                decided_at=registered[index] + timedelta(days=rng.randrange(15)),
            )
            for index, person in enumerate(people)
        ]
        Referral.objects.bulk_create(referrals)
        share = size / total
        involvements = []
        for _ in range(round(counts["involvements"] * share)):
            person = rng.choice(people)
            started = person.created_at + timedelta(days=rng.randrange(10))
            ended = started + timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.6 else None
            involvements.append(
                Involvement(
                    area_id=area_id,
                    person=person,
                    organisation_id=provider_id,
                    reason=Involvement.Reason.CASE_OPEN,
                    started_at=started,
                    ended_at=ended,
                )
            )
        Involvement.objects.bulk_create(involvements)
        engagement = [
            EngagementActivity(
                area_id=area_id,
                gp_practice_id=rng.choice(practices),
                organisation_id=provider_id,
                occurred_on=today - timedelta(days=rng.randrange(DAYS)),
                kind=EngagementActivity.Kind.VISIT,
            )
            for _ in range(round(counts["engagement"] * share))
        ]
        EngagementActivity.objects.bulk_create(engagement)
        assessments = []
        if assessor is not None and signer is not None:
            for number in range(round(counts["assessments"] * share)):
                person = rng.choice(people)
                requested = person.created_at.date()
                completed = requested + timedelta(days=rng.randrange(5, 120))
                assessments.append(
                    Assessment(
                        area_id=area_id,
                        reference=f"{prefix}A{_base36(start + number, 5)}",
                        kind=Assessment.Kind.CARERS,
                        status=Assessment.Status.COMPLETED,
                        carer=person,
                        organisation_id=provider_id,
                        assessor=assessor,
                        requested_on=requested,
                        started_at=person.created_at,
                        completed_on=completed,
                        signed_off_at=timezone.make_aware(datetime.combine(completed, time(12))),
                        signed_off_by=signer,
                    )
                )
            Assessment.objects.bulk_create(assessments)
        return len(referrals) + len(involvements) + len(engagement) + len(assessments)


_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int, width: int) -> str:
    """A counter in base 36, zero-padded: references stay within their 12 characters however many rows are made
    (five base-36 digits count to 60 million; decimal ones stopped at 99,999 assessments)."""
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = _DIGITS[remainder] + digits
    if len(digits) > width:
        raise CommandError(f"More than {36**width:,} rows of one kind: use fewer rows or another --seed.")
    return digits.rjust(width, "0")
