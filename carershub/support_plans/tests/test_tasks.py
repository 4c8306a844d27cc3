"""The daily reminders run as background tasks from `manage.py support_plan_reminders`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from carershub.accounts.models import User
from carershub.organisations.models import Organisation
from carershub.support_plans.models import PlanReview
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment

pytestmark = pytest.mark.django_db


def test_the_daily_command_reminds_of_due_plan_reviews_through_the_tasks(
    carers_centre: Organisation, practitioner: User
) -> None:
    plan = agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)
    PlanReview.objects.filter(plan=plan, kind="light_touch").update(due_on=timezone.localdate() + timedelta(days=1))
    out = StringIO()

    call_command("support_plan_reminders", stdout=out)

    assert "Queued" in out.getvalue()
    assert PlanReview.objects.get(plan=plan, kind="light_touch").reminded_at is not None
    assert PlanReview.objects.get(plan=plan, kind="annual").reminded_at is None
