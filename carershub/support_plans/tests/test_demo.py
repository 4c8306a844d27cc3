"""The demo's support plans: enough agreed plans, payments and breaks for the contract's KPIs to show real numbers,
and an eligible assessment left for the "start a plan" journey. Loading the demo twice adds nothing."""

import io

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from carershub.assessments.models import Assessment
from carershub.commissioning.models import ContractKpi
from carershub.support_plans.models import DirectPayment, PlanReview, ShortBreak, SupportPlan

SEEDERS = [
    "carershub.organisations.demo.seed",
    "carershub.identification.demo.seed",
    "carershub.accounts.demo.seed",
    "carershub.referrals.demo.seed_routing_rules",
    "carershub.referrals.demo.seed",
    "carershub.assessments.demo.seed",
    "carershub.emergency_response.demo.seed",
    "carershub.commissioning.demo.contracts.seed",
    "carershub.support_plans.demo.seed",
]


@override_settings(CARERSHUB_DEMO_SEEDERS=SEEDERS)
def _seed() -> None:
    call_command("seed_demo", scale="small", seed=7, stdout=io.StringIO())


def _counts() -> tuple[int, ...]:
    return (
        SupportPlan.objects.count(),
        DirectPayment.objects.count(),
        ShortBreak.objects.count(),
        PlanReview.objects.count(),
        ContractKpi.objects.count(),
    )


def test_demo_plans_have_payments_breaks_a_revision_and_an_overdue_review_and_load_once(db: None) -> None:
    _seed()
    today = timezone.localdate()

    assert SupportPlan.objects.filter(status=SupportPlan.Status.AGREED).count() >= 2
    assert SupportPlan.objects.filter(version=2, status=SupportPlan.Status.AGREED).count() == 1
    assert DirectPayment.objects.filter(status=DirectPayment.Status.PAID).exists()
    assert ShortBreak.objects.filter(status=ShortBreak.Status.DELIVERED).exists()
    assert PlanReview.objects.filter(status=PlanReview.Status.SCHEDULED, due_on__lt=today).count() == 1
    # An eligible signed-off assessment without a plan, for a practitioner to start one from.
    assert Assessment.objects.filter(
        status=Assessment.Status.COMPLETED, eligible=True, kind=Assessment.Kind.CARERS, support_plans__isnull=True
    ).exists()
    measures = set(ContractKpi.objects.values_list("measure", flat=True))
    assert {"carers_with_agreed_plan", "direct_payments_in_payment", "short_breaks_delivered"} <= measures

    before = _counts()
    _seed()
    assert _counts() == before
