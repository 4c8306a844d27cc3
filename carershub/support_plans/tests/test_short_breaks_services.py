"""Short breaks: request, approval against the plan's budget (an override needs a reason), booking with a provider,
delivery or cancellation, with stale edits refused."""

from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.organisations.models import Organisation
from carershub.support_plans.models import ShortBreak, SupportPlan
from carershub.support_plans.services.common import StaleEdit, SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.short_breaks import (
    approve_break,
    book_break,
    budget_left,
    cancel_break,
    record_delivery,
    request_break,
)
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(carers_centre: Organisation, practitioner: User) -> SupportPlan:
    return agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner, cost="450.00")


def _request(plan: SupportPlan, by: User, cost: str) -> ShortBreak:
    return request_break(plan.carer, by=by, plan=plan, kind="one_off_planned", estimated_cost=Decimal(cost))


def test_a_planned_break_goes_from_request_to_delivery(
    plan: SupportPlan, practitioner: User, carers_centre: Organisation
) -> None:
    short_break = _request(plan, practitioner, "300.00")
    approved = approve_break(short_break, expected_version=short_break.lock_version, by=practitioner)
    assert (approved.budget_left, approved.overrode_budget) == (Decimal("150.00"), False)
    short_break = approved.short_break
    today = timezone.localdate()
    short_break = book_break(
        short_break,
        expected_version=short_break.lock_version,
        by=practitioner,
        provider=carers_centre,
        starts_on=today,
        ends_on=today,
    )
    short_break = record_delivery(
        short_break,
        expected_version=short_break.lock_version,
        by=practitioner,
        delivered_on=today,
        actual_cost=Decimal("280.00"),
        nights=2,
    )

    assert (short_break.status, short_break.nights, short_break.provider) == ("delivered", 2, carers_centre)
    assert budget_left(plan) == Decimal("170.00")  # delivered breaks count at their cost


def test_a_break_past_the_plans_budget_needs_an_override_with_a_reason(plan: SupportPlan, practitioner: User) -> None:
    short_break = _request(plan, practitioner, "500.00")

    with pytest.raises(SupportPlanInvalid) as raised:
        approve_break(short_break, expected_version=short_break.lock_version, by=practitioner)
    assert "£450.00 left" in raised.value.errors["override_reason"]
    short_break.refresh_from_db()
    assert short_break.status == "requested"

    approved = approve_break(
        short_break, expected_version=short_break.lock_version, by=practitioner, override_reason="Carer in crisis"
    )
    assert approved.overrode_budget
    assert approved.short_break.budget_override_reason == "Carer in crisis"


def test_a_stale_approval_is_refused(plan: SupportPlan, practitioner: User, manager: User) -> None:
    short_break = _request(plan, practitioner, "10.00")
    seen = short_break.lock_version
    cancel_break(short_break, expected_version=seen, by=manager, reason="Carer changed their mind")

    with pytest.raises(StaleEdit):
        approve_break(short_break, expected_version=seen, by=practitioner)

    short_break.refresh_from_db()
    assert short_break.status == "cancelled"


def test_a_break_is_booked_only_once_approved(
    plan: SupportPlan, practitioner: User, carers_centre: Organisation
) -> None:
    short_break = _request(plan, practitioner, "10.00")
    today = timezone.localdate()

    with pytest.raises(WrongStatus):
        book_break(
            short_break,
            expected_version=short_break.lock_version,
            by=practitioner,
            provider=carers_centre,
            starts_on=today,
            ends_on=today,
        )


def test_a_cancelled_break_no_longer_counts_against_the_budget(plan: SupportPlan, practitioner: User) -> None:
    short_break = approve_break(_request(plan, practitioner, "400.00"), expected_version=1, by=practitioner).short_break
    assert budget_left(plan) == Decimal("50.00")

    cancel_break(short_break, expected_version=short_break.lock_version, by=practitioner, reason="Hospital admission")

    assert budget_left(plan) == Decimal("450.00")


def test_a_break_without_a_plan_is_approved_with_no_budget_check(
    carers_centre: Organisation, practitioner: User
) -> None:
    carer = eligible_assessment(carers_centre, practitioner).carer
    short_break = request_break(carer, by=practitioner, kind="preventative", estimated_cost=Decimal("90.00"))

    approved = approve_break(short_break, expected_version=short_break.lock_version, by=practitioner)

    assert (approved.budget_left, approved.short_break.status) == (None, "approved")
