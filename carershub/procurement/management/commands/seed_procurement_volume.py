"""Bulk-create the procurement volume issue 16 sets its speed targets at, for the speed bench (`make bench`).

200 suppliers admitted to the demo care and support category, 2,000 package requests from the demo council (most
closed, the newest open), and 10,000 bids spread over them, with the demo supplier (Brightwater) invited to and
bidding on about one request in three. Synthetic organisations ("Bench supplier" + number) and synthetic children
("Bench" + number); every row by bulk_create. Run after `seed_demo`, which loads the arrangement.
"""

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.organisations.models import Organisation
from carershub.people.models import Person
from carershub.procurement.models import (
    AdmissionWindow,
    Application,
    Bid,
    Category,
    Invitation,
    Membership,
    PackageRequest,
    Supplier,
)

BATCH = 2000


class Command(BaseCommand):
    help = "Bulk-create suppliers, package requests and bids in the demo arrangement (for the procurement bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--suppliers", type=int, default=200)
        parser.add_argument("--requests", type=int, default=2000)
        parser.add_argument("--bids", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic bench data, repeatable by --seed
        category = Category.objects.filter(arrangement__reference="MV-DPS-CS").select_related("arrangement").first()
        window = AdmissionWindow.objects.filter(arrangement__reference="MV-DPS-CS").first()
        if category is None or window is None:
            raise CommandError("Load the demo first (seed_demo): the care and support arrangement is missing.")
        arrangement = category.arrangement
        council = arrangement.lead_authority
        area = council.areas.order_by("pk").first()
        if area is None:
            raise CommandError("The demo council serves no area.")
        suppliers = list(Supplier.objects.filter(memberships__category=category))
        demo_supplier = next((s for s in suppliers if s.organisation.slug == "brightwater-home-care"), None)
        suppliers += self._suppliers(options["suppliers"] - len(suppliers), category, window, area)
        people = Person.objects.bulk_create(
            [
                Person(area=area, given_name="Bench", family_name=f"Child {number}")
                for number in range(options["requests"])
            ],
            batch_size=BATCH,
        )
        now = timezone.now()
        requests = PackageRequest.objects.bulk_create(
            [
                PackageRequest(
                    area=area,
                    arrangement=arrangement,
                    category=category,
                    council=council,
                    person=person,
                    reference=f"BENCH-{number:05d}",
                    status=PackageRequest.Status.PUBLISHED,
                    age_band=PackageRequest.AgeBand.AGE_11_TO_15,
                    needs="Support with personal care and community activities",
                    pattern="Three sessions a week",
                    start_date=timezone.localdate() + timedelta(days=30),
                    expected_duration_weeks=52,
                    price_ceiling=Decimal("1200.00"),
                    quality_weight=60,
                    published_at=now - timedelta(hours=options["requests"] - number),
                    deadline=now + timedelta(days=7) if number % 10 == 0 else now - timedelta(days=1),
                )
                for number, person in enumerate(people)
            ],
            batch_size=BATCH,
        )
        invitations, bids = [], []
        per_request = max(1, options["bids"] // max(1, len(requests)))
        for number, package_request in enumerate(requests):
            bidders = rng.sample(suppliers, min(per_request, len(suppliers)))
            if demo_supplier is not None and number % 3 == 0 and demo_supplier not in bidders:
                bidders[0] = demo_supplier
            for supplier in bidders:
                invitations.append(
                    Invitation(area=area, package_request=package_request, supplier=supplier, invited_at=now)
                )
                bids.append(
                    Bid(
                        area=area,
                        package_request=package_request,
                        supplier=supplier,
                        price=Decimal(rng.randrange(800, 1300)),
                        submitted_at=now - timedelta(days=2),
                    )
                )
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Bid.objects.bulk_create(bids, batch_size=BATCH)
        self.stdout.write(f"{len(suppliers)} suppliers, {len(requests)} package requests, {len(bids)} bids")

    def _suppliers(self, count: int, category: Category, window: AdmissionWindow, area: Any) -> list[Supplier]:
        if count <= 0:
            return []
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench supplier {number}", slug=f"bench-supplier-{number}", kind=Organisation.Kind.PROVIDER
                )
                for number in range(count)
            ]
        )
        Organisation.areas.through.objects.bulk_create(
            [Organisation.areas.through(organisation_id=o.pk, area_id=area.pk) for o in organisations]
        )
        suppliers = Supplier.objects.bulk_create([Supplier(organisation=o) for o in organisations])
        applications = Application.objects.bulk_create(
            [
                Application(supplier=s, category=category, window=window, status=Application.Status.ADMITTED)
                for s in suppliers
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(supplier=s, category=category, application=a, admitted_on=timezone.localdate())
                for s, a in zip(suppliers, applications, strict=True)
            ]
        )
        return suppliers
