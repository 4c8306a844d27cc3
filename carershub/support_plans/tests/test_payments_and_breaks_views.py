"""Direct payment and short break pages: recording a payment once, ending a direct payment, the finance export
(streamed, for managers), and short breaks over budget or in an emergency."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.models import Assessment
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPayment, ShortBreak
from carershub.support_plans.tests.factories import agreed_plan, direct_payment, eligible_assessment
from carershub.support_plans.tests.pages import date_typed
from carershub.support_plans.views import direct_payments as direct_payments_views

pytestmark = pytest.mark.django_db


def test_recording_a_payment_twice_records_it_once(sign_in: SignIn, practitioner: User, assessment: Assessment) -> None:
    agreement = direct_payment(agreed_plan(assessment, practitioner), practitioner)
    payment = DirectPayment.objects.get(agreement=agreement)
    client = sign_in(practitioner)
    url = reverse("support_plans:payment_made", args=[payment.pk])

    client.post(url, date_typed("paid_on", timezone.localdate()))
    response = client.post(url, date_typed("paid_on", timezone.localdate()), follow=True)

    assert b"already recorded as made" in response.content
    assert AuditEvent.objects.filter(event="support_plans.direct_payment_made").count() == 1


def test_the_finance_export_streams_the_periods_payments_as_csv(
    sign_in: SignIn, manager: User, practitioner: User, assessment: Assessment
) -> None:
    agreement = direct_payment(agreed_plan(assessment, practitioner), practitioner)
    DirectPayment.objects.filter(agreement=agreement).update(status="paid", paid_on=timezone.localdate())
    today = timezone.localdate()

    response = sign_in(manager).get(
        reverse("support_plans:finance_export"),
        {**date_typed("start", today - timedelta(days=90)), **date_typed("end", today)},
    )

    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows == [
        ["payee_reference", "date", "amount", "cost_centre", "funder"],
        ["PAYEE-001", today.isoformat(), "450.00", "CC-CARERS", "Adult social care"],
    ]
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.EXPORTED, event="support_plans.direct_payments_exported"
    ).exists()


def test_the_finance_export_sends_its_rows_a_few_hundred_at_a_time(
    sign_in: SignIn, manager: User, practitioner: User, carers_centre: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row its own piece of the stream made a county's quarter tens of thousands of HTTP chunks."""
    monkeypatch.setattr(direct_payments_views, "ROWS_PER_PIECE", 2)
    plan = agreed_plan(
        eligible_assessment(carers_centre, practitioner), practitioner, cost="900.00", frequency="monthly"
    )
    agreement = direct_payment(plan, practitioner)
    today = timezone.localdate()
    paid = DirectPayment.objects.filter(agreement=agreement).update(status="paid", paid_on=today)
    assert paid >= 3

    response = sign_in(manager).get(
        reverse("support_plans:finance_export"),
        {**date_typed("start", today - timedelta(days=1)), **date_typed("end", today)},
    )

    pieces = list(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode())))
    assert len(rows) == 1 + paid
    assert len(pieces) == -(-(1 + paid) // 2)


def test_the_finance_export_is_for_managers(sign_in: SignIn, practitioner: User) -> None:
    assert sign_in(practitioner).get(reverse("support_plans:finance_export")).status_code == 404


def test_a_break_over_budget_is_refused_without_a_reason(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    plan = agreed_plan(assessment, practitioner, cost="100.00")
    client = sign_in(practitioner)
    client.post(
        reverse("support_plans:short_break_new", args=[plan.carer_id]),
        {"kind": "planned_regular", "estimated_cost": "150.00"},
    )
    short_break = ShortBreak.objects.get(carer=plan.carer)

    response = client.post(
        reverse("support_plans:short_break_approve", args=[short_break.pk]), {"lock_version": short_break.lock_version}
    )

    assert response.status_code == 200
    assert b"left in the plan" in response.content
    short_break.refresh_from_db()
    assert short_break.status == "requested"


def test_an_emergency_break_must_name_the_emergency_activation(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    response = sign_in(practitioner).post(
        reverse("support_plans:short_break_new", args=[assessment.carer_id]),
        {"kind": "emergency", "estimated_cost": "80.00"},
    )

    assert response.status_code == 200
    assert b"Choose the emergency activation this break is for" in response.content
    assert not ShortBreak.objects.exists()


def test_ending_a_direct_payment_cancels_the_payments_to_come(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation
) -> None:
    plan = agreed_plan(
        eligible_assessment(carers_centre, practitioner), practitioner, cost="900.00", frequency="monthly"
    )
    agreement = direct_payment(plan, practitioner)
    client = sign_in(practitioner)

    refused = client.post(reverse("support_plans:direct_payment_end", args=[agreement.pk]), {})
    response = client.post(
        reverse("support_plans:direct_payment_end", args=[agreement.pk]),
        {"reason": "The carer moved to a managed account", **date_typed("ended_on", timezone.localdate())},
    )

    assert (refused.status_code, response.status_code) == (200, 302)
    agreement.refresh_from_db()
    assert agreement.status == "ended"
    assert set(DirectPayment.objects.filter(agreement=agreement, number__gt=1).values_list("status", flat=True)) == {
        "cancelled"
    }
