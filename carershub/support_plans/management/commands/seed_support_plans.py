"""Bulk-create agreed support plans with direct payments and short breaks, for benchmarking at county scale.

    manage.py seed_support_plans --plans 10000 --area mersey-vale --provider mersey-vale-carers-centre

Each plan gets its own carer (with the provider's open case, so its practitioners see them), a signed-off eligible
carer's assessment, two needs (one met by a monthly direct payment), a direct payment agreement with ten payments
made over the last ten months, and two delivered short breaks: 10,000 plans make 100,000 payments and 20,000
breaks. Rows are written with bulk_create in batches, without audit events (nobody did these things).
"""

import secrets
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement, Person
from carershub.support_plans.models import (
    DirectPayment,
    DirectPaymentAgreement,
    HowMet,
    PaymentHolding,
    PlanNeed,
    ShortBreak,
    SupportPlan,
)
from carershub.support_plans.rules.direct_payments import add_months

PAYMENTS_PER_PLAN: Final = 10
BREAKS_PER_PLAN: Final = 2


class Command(BaseCommand):
    help = "Bulk-create N agreed support plans, each with ten direct payments and two short breaks (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plans", type=int, required=True)
        parser.add_argument("--area", default="mersey-vale")
        parser.add_argument("--provider", default="mersey-vale-carers-centre")
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(slug=options["area"]).first()
        provider = Organisation.objects.filter(slug=options["provider"]).first()
        if area is None or provider is None:
            raise CommandError("Unknown area or provider: run seed_demo first")
        staff = list(
            User.objects.filter(organisation=provider, groups__name=Role.PRACTITIONER.value).order_by("pk")[:2]
        )
        if len(staff) < 2:
            raise CommandError(f"{provider} needs two members of staff (an assessor and a manager to sign off)")
        created, count, batch = 0, options["plans"], max(1, options["batch"])
        while created < count:
            size = min(batch, count - created)
            self._create_batch(area, provider, staff[0], staff[1], size)
            created += size
            if created % 10_000 < size:
                self.stdout.write(f"{created} plans")
        self.stdout.write(
            f"{created} plans with {created * PAYMENTS_PER_PLAN} payments and {created * BREAKS_PER_PLAN} breaks"
        )

    @transaction.atomic
    def _create_batch(self, area: Area, provider: Organisation, assessor: User, signer: User, size: int) -> None:
        now = timezone.now()
        today = timezone.localdate()
        start = add_months(today, -PAYMENTS_PER_PLAN)
        prepaid_card = PaymentHolding.objects.get(code="prepaid_card")
        carers = Person.objects.bulk_create(
            Person(area=area, given_name="Bench", family_name=f"Planned {secrets.token_hex(4)}") for _ in range(size)
        )
        Involvement.objects.bulk_create(
            Involvement(
                area=area, person=carer, organisation=provider, reason=Involvement.Reason.CASE_OPEN, started_at=now
            )
            for carer in carers
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                area=area,
                reference="B" + secrets.token_hex(5).upper(),
                kind=Assessment.Kind.CARERS,
                status=Assessment.Status.COMPLETED,
                carer=carer,
                organisation=provider,
                assessor=assessor,
                requested_on=start - timedelta(days=30),
                started_at=now,
                completed_on=start,
                eligible=True,
                determined_at=now,
                signed_off_at=now,
                signed_off_by=signer,
                decision={"unable_outcomes": ["recreation", "relationships"]},
            )
            for carer in carers
        )
        plans = SupportPlan.objects.bulk_create(
            SupportPlan(
                area=area,
                reference="PB" + secrets.token_hex(5).upper(),
                status=SupportPlan.Status.AGREED,
                carer=assessment.carer,
                assessment=assessment,
                organisation=provider,
                advice_and_information="Carers' groups and the emergency card.",
                people_involved="The carer",
                carer_agreed_on=start,
                carer_agreement="Signed",
                agreed_at=now - timedelta(days=300),
                agreed_by=assessor,
                created_by=assessor,
            )
            for assessment in assessments
        )
        needs = PlanNeed.objects.bulk_create(
            PlanNeed(
                area=area,
                plan=plan,
                order=order,
                outcome_code=code,
                description=code,
                how_met=how_met,
                cost=Decimal("1000.00") if how_met == HowMet.DIRECT_PAYMENT else Decimal("0.00"),
                direct_payment_amount=Decimal("1000.00") if how_met == HowMet.DIRECT_PAYMENT else None,
                direct_payment_frequency="monthly" if how_met == HowMet.DIRECT_PAYMENT else "",
                cld_service_type="Carer Support: Direct to Carer" if how_met == HowMet.DIRECT_PAYMENT else "",
                cld_delivery_mechanism="Direct Payment" if how_met == HowMet.DIRECT_PAYMENT else "",
            )
            for plan in plans
            for order, (code, how_met) in enumerate(
                (("recreation", HowMet.DIRECT_PAYMENT), ("relationships", HowMet.OWN_NETWORK))
            )
        )
        agreements = DirectPaymentAgreement.objects.bulk_create(
            DirectPaymentAgreement(
                area=area,
                plan=plan,
                need=need,
                carer=plan.carer,
                signed_on=start,
                holding=prepaid_card,
                payee_reference=f"DP-{plan.reference}",
                amount=Decimal("1000.00"),
                frequency="monthly",
                starts_on=start,
                ends_on=add_months(start, 12) - timedelta(days=1),
                cost_centre="ASC-CARERS-01",
                funder="Adult social care",
            )
            for plan, need in zip(plans, needs[::2], strict=True)
        )
        DirectPayment.objects.bulk_create(
            DirectPayment(
                area=area,
                agreement=agreement,
                number=number + 1,
                due_on=add_months(start, number),
                amount=Decimal("83.33"),
                status=DirectPayment.Status.PAID,
                paid_on=add_months(start, number),
                recorded_by=assessor,
            )
            for agreement in agreements
            for number in range(PAYMENTS_PER_PLAN)
        )
        ShortBreak.objects.bulk_create(
            ShortBreak(
                area=area,
                carer=plan.carer,
                plan=plan,
                organisation=provider,
                kind_id="planned_regular",
                status=ShortBreak.Status.DELIVERED,
                estimated_cost=Decimal("150.00"),
                approved_at=now,
                approved_by=assessor,
                provider=provider,
                starts_on=add_months(start, 3 * number + 1),
                ends_on=add_months(start, 3 * number + 1),
                nights=1,
                actual_cost=Decimal("140.00"),
                delivered_on=add_months(start, 3 * number + 1),
            )
            for plan in plans
            for number in range(BREAKS_PER_PLAN)
        )
