"""Direct payments (Care Act 2014 ss.31-33; Care and Support (Direct Payments) Regulations 2014): the schedule from
the pure rule, payments recorded once, monitoring, unspent money, reg 7 reviews and their reminders."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPayment, DirectPaymentReview, PlanNeed, SupportPlan
from carershub.support_plans.services.common import SupportPlanInvalid, WrongStatus
from carershub.support_plans.services.direct_payments import (
    complete_direct_payment_review,
    record_monitoring_return,
    record_payment,
    remind_of_due_direct_payment_reviews,
    set_up_direct_payment,
)
from carershub.support_plans.tests.factories import agreed_plan, direct_payment, eligible_assessment, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly_plan(carers_centre: Organisation, practitioner: User) -> SupportPlan:
    return agreed_plan(
        eligible_assessment(carers_centre, practitioner), practitioner, cost="1000.00", frequency="monthly"
    )


def test_the_schedule_comes_from_the_pure_rule(monthly_plan: SupportPlan, practitioner: User) -> None:
    agreement = direct_payment(monthly_plan, practitioner, starts_on=date(2026, 1, 31), months=12)

    payments = list(DirectPayment.objects.filter(agreement=agreement).order_by("number"))
    assert [payment.due_on for payment in payments[:3]] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert sum(payment.amount for payment in payments) == Decimal("1000.00")
    assert [payment.amount for payment in payments[:4]] == [Decimal("83.34")] * 4
    assert list(DirectPaymentReview.objects.filter(agreement=agreement).values_list("due_on", flat=True)) == [
        date(2026, 7, 31)
    ]


def test_setting_up_twice_returns_the_same_agreement(monthly_plan: SupportPlan, practitioner: User) -> None:
    need = PlanNeed.objects.get(plan=monthly_plan, how_met="direct_payment")
    first = set_up_direct_payment(monthly_plan, need, by=practitioner, terms=terms())
    second = set_up_direct_payment(monthly_plan, need, by=practitioner, terms=terms())

    assert (second.agreement, second.was_new) == (first.agreement, False)
    assert DirectPayment.objects.filter(agreement=first.agreement).count() == 12


def test_bad_dates_are_named_and_nothing_is_saved(monthly_plan: SupportPlan, practitioner: User) -> None:
    need = PlanNeed.objects.get(plan=monthly_plan, how_met="direct_payment")
    start = timezone.localdate()
    backwards = replace(terms(starts_on=start), ends_on=start - timedelta(days=1))

    with pytest.raises(SupportPlanInvalid) as raised:
        set_up_direct_payment(monthly_plan, need, by=practitioner, terms=backwards)

    assert set(raised.value.errors) == {"ends_on"}
    assert not DirectPayment.objects.exists()


def test_a_payment_is_recorded_once_whatever_the_clicks(monthly_plan: SupportPlan, practitioner: User) -> None:
    agreement = direct_payment(monthly_plan, practitioner)
    payment = DirectPayment.objects.get(agreement=agreement, number=1)

    first = record_payment(payment, by=practitioner, paid_on=timezone.localdate())
    second = record_payment(payment, by=practitioner, paid_on=timezone.localdate())

    assert (first.was_new, second.was_new) == (True, False)
    assert AuditEvent.objects.filter(event="support_plans.direct_payment_made").count() == 1
    payment.refresh_from_db()
    assert (payment.status, payment.recorded_by) == ("paid", practitioner)


def test_a_payment_cannot_be_dated_in_the_future(monthly_plan: SupportPlan, practitioner: User) -> None:
    payment = DirectPayment.objects.get(agreement=direct_payment(monthly_plan, practitioner), number=1)

    with pytest.raises(SupportPlanInvalid):
        record_payment(payment, by=practitioner, paid_on=timezone.localdate() + timedelta(days=1))

    payment.refresh_from_db()
    assert payment.status == "scheduled"


def test_unspent_money_to_recover_needs_a_reason(monthly_plan: SupportPlan, practitioner: User) -> None:
    agreement = direct_payment(monthly_plan, practitioner)
    arguments = {
        "period_start": timezone.localdate() - timedelta(days=90),
        "period_end": timezone.localdate(),
        "amount_spent": Decimal("200.00"),
        "receipts_seen": True,
        "unspent_to_recover": Decimal("50.00"),
    }

    with pytest.raises(SupportPlanInvalid) as raised:
        record_monitoring_return(agreement, by=practitioner, recovery_reason="", **arguments)  # type: ignore[arg-type]
    assert set(raised.value.errors) == {"recovery_reason"}

    monitoring = record_monitoring_return(agreement, by=practitioner, recovery_reason="Course cancelled", **arguments)  # type: ignore[arg-type]
    assert (monitoring.unspent_to_recover, monitoring.recovery_reason) == (Decimal("50.00"), "Course cancelled")


def test_a_reg_7_review_finding_payments_inappropriate_ends_them(monthly_plan: SupportPlan, practitioner: User) -> None:
    agreement = direct_payment(monthly_plan, practitioner)
    record_payment(
        DirectPayment.objects.get(agreement=agreement, number=1), by=practitioner, paid_on=timezone.localdate()
    )
    review = DirectPaymentReview.objects.get(agreement=agreement)

    complete_direct_payment_review(review, by=practitioner, remains_appropriate=False, notes="Money not used")

    agreement.refresh_from_db()
    assert agreement.status == "ended"
    statuses = set(DirectPayment.objects.filter(agreement=agreement).values_list("number", "status"))
    assert (1, "paid") in statuses
    assert {status for number, status in statuses if number > 1} == {"cancelled"}
    with pytest.raises(WrongStatus):
        complete_direct_payment_review(review, by=practitioner, remains_appropriate=True, notes="again")


def test_reg_7_reviews_are_reminded_once(
    monthly_plan: SupportPlan, practitioner: User, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = direct_payment(monthly_plan, practitioner)
    DirectPaymentReview.objects.filter(agreement=agreement).update(due_on=timezone.localdate() + timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_of_due_direct_payment_reviews() == 1
        assert remind_of_due_direct_payment_reviews() == 0
    assert len([m for m in mail.outbox if "direct payment review" in m.subject]) == 1
