"""The demo's assessments: every state is there, and seeding twice adds nothing."""

import random

import pytest

from carershub.accounts import demo as accounts_demo
from carershub.assessments import demo
from carershub.assessments.models import Assessment, Delegation, SafetyAlert
from carershub.core.seeding import SeedContext
from carershub.organisations import demo as organisations_demo
from carershub.referrals import demo as referrals_demo

pytestmark = pytest.mark.django_db


def context() -> SeedContext:
    return SeedContext(scale="small", rng=random.Random(2026), log=lambda message: None)


def test_the_demo_has_assessments_in_every_state_and_reseeding_adds_nothing() -> None:
    for seeder in (
        organisations_demo.seed,
        accounts_demo.seed,
        referrals_demo.seed_routing_rules,
        referrals_demo.seed,
        demo.seed,
    ):
        seeder(context())

    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {"in_progress", "awaiting_sign_off", "completed", "refused"} <= statuses
    assert Assessment.objects.filter(kind=Assessment.Kind.YOUNG_CARERS_NEEDS).exists()
    assert SafetyAlert.objects.filter(acknowledged_at__isnull=True).exists()
    assert Delegation.objects.filter(provider__slug="mersey-vale-carers-centre").exists()

    count = Assessment.objects.count()
    demo.seed(context())
    assert Assessment.objects.count() == count
