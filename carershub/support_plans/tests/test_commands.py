"""The bench loader `seed_support_plans`: plans visible to the provider's practitioners, ten payments and two breaks
each, every row consistent with the constraints."""

from io import StringIO

import pytest
from django.core.management import call_command

from carershub.accounts.models import User
from carershub.assessments.tests.factories import staff_member
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPayment, ShortBreak, SupportPlan
from carershub.support_plans.selectors import plans_visible_to

pytestmark = pytest.mark.django_db


def test_the_loader_makes_plans_the_provider_sees_with_payments_and_breaks(
    carers_centre: Organisation, practitioner: User
) -> None:
    staff_member(carers_centre)  # a second practitioner signs the assessments off

    call_command(
        "seed_support_plans", "--plans", "3", "--area", "home-area", "--provider", carers_centre.slug, stdout=StringIO()
    )

    assert SupportPlan.objects.filter(status="agreed").count() == 3
    assert plans_visible_to(practitioner).count() == 3
    assert DirectPayment.objects.filter(status="paid").count() == 30
    assert ShortBreak.objects.filter(status="delivered").count() == 6
