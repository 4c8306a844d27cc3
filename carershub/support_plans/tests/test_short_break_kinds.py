"""Kinds of short break are the council's own list (docs/code-lists.md): loaded with the six every area had, renamed,
reordered and switched off in the admin, never deleted; each break points at its kind by a code that never changes,
so changing the list never rewrites what was requested. Only the emergency kind drives behaviour, so it stays on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.organisations.models import Organisation
from carershub.support_plans.models import ShortBreak, ShortBreakKind, SupportPlan
from carershub.support_plans.services.common import SupportPlanInvalid
from carershub.support_plans.services.short_breaks import request_break
from carershub.support_plans.tests.factories import agreed_plan, eligible_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(sign_in: SignIn) -> Client:
    superuser = User.objects.create_superuser("root@test.example", "a long admin passphrase", full_name="Root")
    return sign_in(superuser)


@pytest.fixture
def plan(carers_centre: Organisation, practitioner: User) -> SupportPlan:
    return agreed_plan(eligible_assessment(carers_centre, practitioner), practitioner, cost="450.00")


def _offered(client: Client, plan: SupportPlan) -> list[str]:
    page = client.get(reverse("support_plans:short_break_new", args=[plan.carer_id]))
    return [code for code, _ in page.context["form"].fields["kind"].choices]


def test_the_migration_loads_the_kinds_every_area_had_in_their_order(
    sign_in: SignIn, practitioner: User, plan: SupportPlan
) -> None:
    offered = _offered(sign_in(practitioner), plan)

    assert list(ShortBreakKind.objects.values_list("code", "name", "disabled_on")) == [
        ("planned_regular", "Planned regular break", None),
        ("one_off_planned", "One-off planned break", None),
        ("preventative", "Preventative break (timely or interim)", None),
        ("emergency", "Emergency break", None),
        ("my_time", "My Time (recreational) break", None),
        ("replacement_care", "Replacement care for the person cared for", None),
    ]
    assert offered == ["planned_regular", "one_off_planned", "preventative", "emergency", "my_time", "replacement_care"]


def test_a_switched_off_kind_is_not_offered_nor_requested_and_its_breaks_keep_showing_it(
    sign_in: SignIn, practitioner: User, plan: SupportPlan
) -> None:
    earlier = request_break(plan.carer, by=practitioner, plan=plan, kind="my_time", estimated_cost=Decimal(50))
    ShortBreakKind.objects.filter(code="my_time").update(disabled_on=timezone.localdate() - timedelta(days=1))
    client = sign_in(practitioner)

    offered = _offered(client, plan)
    refused = client.post(
        reverse("support_plans:short_break_new", args=[plan.carer_id]), {"kind": "my_time", "estimated_cost": "50.00"}
    )
    with pytest.raises(SupportPlanInvalid) as invalid:
        request_break(plan.carer, by=practitioner, plan=plan, kind="my_time", estimated_cost=Decimal(50))
    shown = client.get(reverse("support_plans:short_break", args=[earlier.pk]))
    record = client.get(reverse("people:detail", args=[plan.carer_id]))

    assert "my_time" not in offered
    assert refused.status_code == 200
    assert refused.context["form"].errors["kind"] == ["Choose the kind of break"]
    assert invalid.value.errors == {"kind": "Choose the kind of break"}
    assert list(ShortBreak.objects.filter(carer=plan.carer).values_list("pk", flat=True)) == [earlier.pk]
    assert "My Time (recreational) break" in shown.content.decode()
    assert "My Time (recreational) break" in record.content.decode()


def test_renaming_a_kind_changes_how_old_breaks_show_it_but_not_which_kind_they_are(
    sign_in: SignIn, superuser_client: Client, practitioner: User, plan: SupportPlan
) -> None:
    earlier = request_break(plan.carer, by=practitioner, plan=plan, kind="my_time", estimated_cost=Decimal(50))
    my_time = ShortBreakKind.objects.get(code="my_time")

    changed = superuser_client.post(
        reverse("admin:support_plans_shortbreakkind_change", args=[my_time.pk]),
        {"name": "Time for me", "order": 5, "code": "renamed"},
    )
    deleted = superuser_client.post(
        reverse("admin:support_plans_shortbreakkind_delete", args=[my_time.pk]), {"post": "yes"}
    )
    shown = sign_in(practitioner).get(reverse("support_plans:short_break", args=[earlier.pk]))

    assert (changed.status_code, deleted.status_code) == (302, 403)
    earlier.refresh_from_db()
    assert (earlier.kind_id, earlier.kind.name) == ("my_time", "Time for me")
    page = shown.content.decode()
    assert ("Time for me" in page, "My Time (recreational) break" in page) == (True, False)


def test_the_emergency_kind_can_be_renamed_but_not_switched_off(superuser_client: Client) -> None:
    emergency = ShortBreakKind.objects.get(code=ShortBreakKind.EMERGENCY)
    yesterday = timezone.localdate() - timedelta(days=1)

    changed = superuser_client.post(
        reverse("admin:support_plans_shortbreakkind_change", args=[emergency.pk]),
        {"name": "Crisis break", "order": 4, "disabled_on": yesterday.isoformat()},
    )

    emergency.refresh_from_db()
    assert changed.status_code == 302
    assert (emergency.name, emergency.disabled_on) == ("Crisis break", None)
