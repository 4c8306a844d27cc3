"""Where a direct payment is held is the council's own list (docs/code-lists.md): loaded with the entries every area
had, renamed, reordered and switched off in the admin, never deleted; each agreement points at the entry it was signed
with, so changing the list never rewrites what was agreed."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Organisation
from carershub.support_plans.models import DirectPaymentAgreement, PaymentHolding, PlanNeed, SupportPlan
from carershub.support_plans.services.common import SupportPlanInvalid
from carershub.support_plans.services.direct_payments import set_up_direct_payment
from carershub.support_plans.tests.factories import agreed_plan, direct_payment, eligible_assessment, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    superuser = User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root")
    return sign_in(superuser)


def _plan(carers_centre: Organisation, practitioner: User) -> SupportPlan:
    return agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner)


def _set_up_url(plan: SupportPlan) -> str:
    need = PlanNeed.objects.get(plan=plan, how_met="direct_payment")
    return reverse("support_plans:direct_payment_new", args=[plan.reference, plan.version, need.pk])


def _set_up_form(holding: str) -> dict[str, str]:
    today = timezone.localdate()
    fields = {"holding": holding, "payee_reference": "PAYEE-9", "cost_centre": "CC-1", "funder": "Adult social care"}
    for prefix, day in (("signed_on", today), ("starts_on", today), ("ends_on", today + timedelta(days=360))):
        fields |= {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}
    return fields


def test_the_migration_loads_the_holdings_every_area_had_in_their_order(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation
) -> None:
    plan = _plan(carers_centre, practitioner)

    page = sign_in(practitioner).get(_set_up_url(plan))

    assert list(PaymentHolding.objects.values_list("code", "name", "disabled_on")) == [
        ("bank_account", "A bank account", None),
        ("prepaid_card", "A pre-paid card", None),
        ("managed_account", "A managed account", None),
    ]
    assert [value for value, _ in page.context["form"].fields["holding"].choices] == [
        "bank_account",
        "prepaid_card",
        "managed_account",
    ]


def test_the_chosen_holding_is_the_entry_the_agreement_points_at(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation
) -> None:
    plan = _plan(carers_centre, practitioner)

    response = sign_in(practitioner).post(_set_up_url(plan), _set_up_form("managed_account"))

    agreement = DirectPaymentAgreement.objects.get(plan=plan)
    assert response.status_code == 302
    assert agreement.holding == PaymentHolding.objects.get(code="managed_account")


def test_a_switched_off_holding_is_not_offered_nor_accepted_and_its_agreements_keep_showing_it(
    sign_in: SignIn, practitioner: User, carers_centre: Organisation
) -> None:
    earlier = direct_payment(_plan(carers_centre, practitioner), practitioner)  # on a pre-paid card
    PaymentHolding.objects.filter(code="prepaid_card").update(disabled_on=timezone.localdate() - timedelta(days=1))
    plan = _plan(carers_centre, practitioner)
    client = sign_in(practitioner)

    offered = client.get(_set_up_url(plan))
    refused = client.post(_set_up_url(plan), _set_up_form("prepaid_card"))
    with pytest.raises(SupportPlanInvalid) as invalid:
        set_up_direct_payment(
            plan, PlanNeed.objects.get(plan=plan, how_met="direct_payment"), by=practitioner, terms=terms()
        )
    shown = client.get(reverse("support_plans:direct_payment", args=[earlier.pk]))

    assert "prepaid_card" not in [value for value, _ in offered.context["form"].fields["holding"].choices]
    assert "A pre-paid card" not in offered.content.decode()
    assert refused.status_code == 200
    assert refused.context["form"].errors["holding"] == ["Choose how the money is held"]
    assert invalid.value.errors == {"holding": "Choose how the money is held"}
    assert not DirectPaymentAgreement.objects.filter(plan=plan).exists()
    assert "A pre-paid card" in shown.content.decode()


def test_renaming_a_holding_changes_how_old_agreements_show_it_but_not_which_entry_they_point_at(
    sign_in: SignIn, superuser_client: Client, practitioner: User, carers_centre: Organisation
) -> None:
    agreement = direct_payment(_plan(carers_centre, practitioner), practitioner)
    prepaid_card = PaymentHolding.objects.get(code="prepaid_card")

    changed = superuser_client.post(
        reverse("admin:support_plans_paymentholding_change", args=[prepaid_card.pk]),
        {"name": "Kent Card (pre-paid)", "order": 2, "code": "renamed"},
    )
    deleted = superuser_client.post(
        reverse("admin:support_plans_paymentholding_delete", args=[prepaid_card.pk]), {"post": "yes"}
    )
    shown = sign_in(practitioner).get(reverse("support_plans:direct_payment", args=[agreement.pk]))

    assert (changed.status_code, deleted.status_code) == (302, 403)
    agreement.refresh_from_db()
    assert agreement.holding_id == prepaid_card.pk
    assert (agreement.holding.name, agreement.holding.code) == ("Kent Card (pre-paid)", "prepaid_card")
    page = shown.content.decode()
    assert ("Kent Card (pre-paid)" in page, "A pre-paid card" in page) == (True, False)
