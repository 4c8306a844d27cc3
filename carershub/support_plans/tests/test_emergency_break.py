"""An emergency short break is opened from an emergency activation (issue 13 item 4): the responder's screen links
to the request with the activation chosen, for staff who may request a break for the carer, and for nobody else."""

import re

import pytest
from django.urls import reverse

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation, EmergencyCard
from carershub.emergency_response.services.activations import open_activation
from carershub.emergency_response.tests.factories import EmergencyLineFactory, active_plan, carer_worked_with
from carershub.organisations.models import Area, Organisation
from carershub.support_plans.models import ShortBreak, ShortBreakKind

ACTION = b"Request an emergency short break for the carer"


def _staff(organisation: Organisation, email: str, *roles: Role) -> User:
    return create_staff_user(organisation, email=email, full_name="Sam Staff", roles=list(roles), created_by=None)


def _emergency_radio(form: str) -> str:
    match = re.search(r'<input[^>]*value="emergency"[^>]*>', form)
    assert match is not None
    return match.group(0)


@pytest.fixture
def activation(home_area: Area, carers_centre: Organisation, practitioner: User) -> Activation:
    # The demo's shape: the carers' centre runs the area's 24/7 line and works with the carer.
    EmergencyLineFactory.create(area=home_area, organisation=carers_centre, phone_number="0808 157 0100")
    carer = carer_worked_with(home_area, carers_centre)
    card = active_plan(carer, by=practitioner).cards.get(status=EmergencyCard.Status.ACTIVE)
    responder = _staff(carers_centre, "line-only@test.example", Role.EMERGENCY_RESPONDER)
    return open_activation(card, by=responder, reason="Carer taken into hospital").activation


@pytest.fixture
def responding_practitioner(carers_centre: Organisation) -> User:
    return _staff(carers_centre, "responding-practitioner@test.example", Role.PRACTITIONER, Role.EMERGENCY_RESPONDER)


def test_a_practitioner_on_the_line_requests_an_emergency_break_from_the_activation(
    sign_in: SignIn, responding_practitioner: User, activation: Activation
) -> None:
    client = sign_in(responding_practitioner)
    page = client.get(activation.get_absolute_url())
    request_url = (
        f"{reverse('support_plans:short_break_new', args=[activation.plan.carer_id])}?activation={activation.pk}"
    )
    assert ACTION in page.content
    assert request_url.encode() in page.content.replace(b"&amp;", b"&")

    form = client.get(request_url).content.decode()
    assert f'<option value="{activation.pk}" selected>' in form
    assert "checked" in _emergency_radio(form)

    response = client.post(request_url, {"kind": "emergency", "activation": activation.pk, "estimated_cost": "120.00"})
    short_break = ShortBreak.objects.get()
    assert response.status_code == 302
    assert (short_break.kind_id, short_break.activation_id) == (ShortBreakKind.EMERGENCY, activation.pk)


def test_an_activation_of_another_carer_is_not_preselected(
    sign_in: SignIn, practitioner: User, activation: Activation, home_area: Area, carers_centre: Organisation
) -> None:
    other_carer = carer_worked_with(home_area, carers_centre)
    url = reverse("support_plans:short_break_new", args=[other_carer.pk])
    form = sign_in(practitioner).get(f"{url}?activation={activation.pk}").content.decode()
    assert f'value="{activation.pk}"' not in form
    assert "checked" not in _emergency_radio(form)


def test_a_responder_who_may_not_request_breaks_sees_no_action_and_gets_a_404(
    sign_in: SignIn, activation: Activation
) -> None:
    responder = activation.opened_by
    client = sign_in(responder)
    assert client.get(activation.get_absolute_url()).status_code == 200
    assert ACTION not in client.get(activation.get_absolute_url()).content

    url = reverse("support_plans:short_break_new", args=[activation.plan.carer_id])
    before = AuditEvent.objects.filter(actor=responder).count()
    assert client.get(f"{url}?activation={activation.pk}").status_code == 404
    assert (
        client.post(url, {"kind": "emergency", "activation": activation.pk, "estimated_cost": "1"}).status_code == 404
    )
    assert AuditEvent.objects.filter(actor=responder).count() == before
    assert not ShortBreak.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "other_team_practitioner", "neighbour_practitioner"])
def test_nobody_outside_the_carers_organisations_may_request_the_break(
    sign_in: SignIn, activation: Activation, persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    client = sign_in(user)
    url = reverse("support_plans:short_break_new", args=[activation.plan.carer_id])
    before = AuditEvent.objects.filter(actor=user).count()
    assert client.get(activation.get_absolute_url()).status_code == 404
    assert client.get(f"{url}?activation={activation.pk}").status_code == 404
    assert (
        client.post(url, {"kind": "emergency", "activation": activation.pk, "estimated_cost": "1"}).status_code == 404
    )
    assert AuditEvent.objects.filter(actor=user).count() == before
    assert not ShortBreak.objects.exists()
