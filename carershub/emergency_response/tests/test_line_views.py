"""The emergency line's pages (responders): the card lookup and its messages, the break-the-glass opening of a plan
with its audit, working an activation to an outcome, and the line's open activations, with a constant number of
queries."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation, EmergencyCard, EmergencyLine
from carershub.emergency_response.services.activations import close_activation, open_activation, record_contact_attempt
from carershub.emergency_response.services.plans import add_emergency_contact
from carershub.emergency_response.tests.factories import KEY_SAFE
from carershub.people.models import Person


def _mistype(number: str) -> str:
    return number[:2] + str((int(number[2]) + 1) % 10) + number[3:]


@pytest.mark.parametrize("persona", ["practitioner", "manager", "commissioner", "administrator"])
def test_the_lookup_is_only_for_emergency_responders(
    request: pytest.FixtureRequest, sign_in: SignIn, persona: str
) -> None:
    assert sign_in(request.getfixturevalue(persona)).get(reverse("emergency_response:lookup")).status_code == 404


def test_the_lookup_page_is_keyboard_first(sign_in: SignIn, responder: User, line: EmergencyLine) -> None:
    page = sign_in(responder).get(reverse("emergency_response:lookup")).content.decode()
    number_input = re.search(r"<input[^>]*name=\"number\"[^>]*>", page)
    assert number_input is not None
    assert 'inputmode="numeric"' in number_input.group()
    assert "autofocus" in number_input.group()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("mistyped", "Check the card number: it has a mistake in it", id="wrong_check_digit"),
        pytest.param("unknown", "There is no active plan with this card number", id="unknown_valid_number"),
        pytest.param("12345", "Check the card number: it has a mistake in it", id="too_short"),
    ],
)
def test_a_number_that_finds_no_plan_is_told_at_the_field_and_still_logged(
    sign_in: SignIn, responder: User, card: EmergencyCard, typed: str, message: str
) -> None:
    number = {"mistyped": _mistype(card.number), "unknown": "1234567897"}.get(typed, typed)
    response = sign_in(responder).post(reverse("emergency_response:lookup"), {"number": number})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "govuk-error-message" in page
    assert "Why are you opening this plan?" not in page
    assert AuditEvent.objects.filter(actor=responder, purpose="emergency card lookup").count() == 1


def test_a_reissued_card_is_told_so_with_no_plan_shown(
    sign_in: SignIn, responder: User, practitioner: User, card: EmergencyCard
) -> None:
    sign_in(practitioner).post(reverse("emergency_response:reissue", args=[card.plan_id]))
    page = sign_in(responder).post(reverse("emergency_response:lookup"), {"number": card.number}).content.decode()
    assert "This card is no longer in use" in page
    assert "Blister pack" not in page
    assert "Contact 1" not in page


def test_repeated_failures_show_a_warning_and_stop_lookups(
    sign_in: SignIn, responder: User, card: EmergencyCard
) -> None:
    client = sign_in(responder)
    for _ in range(10):
        client.post(reverse("emergency_response:lookup"), {"number": "1234567897"})
    page = client.post(reverse("emergency_response:lookup"), {"number": card.number}).content.decode()
    assert "Lookups from your account are paused" in page
    assert "govuk-warning-text" in page
    assert AuditEvent.objects.filter(actor=responder, detail__flagged="repeated_failed_card_lookups").count() == 1


def test_a_responder_opens_a_plan_with_a_reason_and_sees_only_what_to_do_now(
    sign_in: SignIn, responder: User, card: EmergencyCard
) -> None:
    client = sign_in(responder)
    step_one = client.post(reverse("emergency_response:lookup"), {"number": card.formatted_number})
    assert "Why are you opening this plan?" in step_one.content.decode()
    assert "Blister pack" not in step_one.content.decode()  # nothing of the plan before the reason
    missing_reason = client.post(reverse("emergency_response:lookup"), {"number": card.number, "reason": ""})
    assert "Enter why you are opening this plan" in missing_reason.content.decode()
    assert not Activation.objects.exists()

    response = client.post(reverse("emergency_response:lookup"), {"number": card.number, "reason": "Carer in hospital"})
    activation = Activation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == activation.get_absolute_url()
    page = client.get(activation.get_absolute_url()).content.decode()
    plan = card.plan
    assert "Contact 1" in page
    assert "Contact 2" in page
    assert "Brightwater Home Care" in page
    assert "Blister pack" in page
    assert KEY_SAFE in page  # only here, inside an open activation
    for not_for_the_responder in (plan.carer.nhs_number, plan.carer.full_name, plan.carer.phone):
        assert html.escape(not_for_the_responder) not in page  # as HTML shows it (O'Neill is O&#x27;Neill)
    views = AuditEvent.objects.filter(actor=responder, detail__break_the_glass=True, detail__activation=activation.pk)
    assert set(views.values_list("purpose", flat=True)) == {"Carer in hospital"}
    assert views.count() == 2  # the opening, and the view of the screen


def test_a_responder_sees_nothing_of_the_carers_record(sign_in: SignIn, responder: User, card: EmergencyCard) -> None:
    client = sign_in(responder)
    assert client.get(reverse("people:detail", args=[card.plan.carer_id])).status_code == 404
    assert client.get(reverse("emergency_response:plan", args=[card.plan_id])).status_code == 404
    assert "Ada" not in client.get(reverse("emergency_response:plans")).content.decode()


def test_a_responder_of_another_line_cannot_open_or_see_the_activation(
    sign_in: SignIn, responder: User, neighbour_responder: User, card: EmergencyCard
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    client = sign_in(neighbour_responder)
    before = AuditEvent.objects.filter(actor=neighbour_responder).count()
    assert client.get(activation.get_absolute_url()).status_code == 404
    assert client.post(reverse("emergency_response:close", args=[activation.pk]), {}).status_code == 404
    assert AuditEvent.objects.filter(actor=neighbour_responder).count() == before
    response = client.post(reverse("emergency_response:lookup"), {"number": card.number, "reason": "Curious"})
    assert "There is no active plan with this card number" in response.content.decode()
    assert Activation.objects.count() == 1


def test_a_second_responder_is_told_they_joined_the_open_activation(
    sign_in: SignIn, responder: User, second_responder: User, card: EmergencyCard
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    client = sign_in(second_responder)
    response = client.post(
        reverse("emergency_response:lookup"), {"number": card.number, "reason": "Second call"}, follow=True
    )
    assert "already opened this plan" in response.content.decode()
    assert Activation.objects.get() == activation


def test_the_responder_works_the_activation_to_an_outcome(
    sign_in: SignIn, responder: User, card: EmergencyCard
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    client = sign_in(responder)
    first = card.plan.contacts.get(order=1)
    response = client.post(
        reverse("emergency_response:contact_attempt", args=[activation.pk]),
        {"attempt-contact": first.pk, "attempt-result": "no_answer"},
    )
    assert response.status_code == 302
    called_at = timezone.localtime(activation.opened_at - timedelta(minutes=20)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("emergency_response:activation_details", args=[activation.pk]),
        {
            "details-call_received_at": f"{called_at:%Y-%m-%dT%H:%M}",
            "details-caller_name": "Paramedic",
            "details-support_hours": "1.5",
        },
    )
    assert response.status_code == 302
    activation.refresh_from_db()
    assert activation.call_received_at == called_at  # the responder corrected when the call came in
    no_outcome = client.post(
        reverse("emergency_response:close", args=[activation.pk]),
        {"close-follow_up": "none", "close-support_hours": "2"},
    )
    assert no_outcome.status_code == 400
    assert "Choose the outcome" in no_outcome.content.decode()
    response = client.post(
        reverse("emergency_response:close", args=[activation.pk]),
        {"close-outcome": "replacement_care", "close-follow_up": "carers_assessment", "close-support_hours": "3"},
    )
    assert response.status_code == 302
    activation.refresh_from_db()
    assert activation.outcome == "replacement_care"
    assert activation.caller_name == "Paramedic"
    assert str(activation.support_hours) == "3.00"
    page = client.get(activation.get_absolute_url()).content.decode()
    assert KEY_SAFE not in page  # closed: the key safe is no longer shown


def test_the_time_of_the_call_is_required_and_cannot_be_in_the_future(
    sign_in: SignIn, responder: User, card: EmergencyCard
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    client = sign_in(responder)
    url = reverse("emergency_response:activation_details", args=[activation.pk])
    missing = client.post(url, {"details-caller_name": "Paramedic"})
    assert missing.status_code == 400
    assert "Enter when the call came in" in missing.content.decode()
    tomorrow = timezone.localtime() + timedelta(days=1)
    future = client.post(url, {"details-call_received_at": f"{tomorrow:%Y-%m-%dT%H:%M}"})
    assert future.status_code == 400
    assert "The time of the call must be now or in the past" in future.content.decode()
    activation.refresh_from_db()
    assert activation.caller_name == ""
    assert activation.call_received_at == activation.opened_at


def test_the_responder_screen_uses_a_constant_number_of_queries(
    sign_in: SignIn,
    responder: User,
    practitioner: User,
    card: EmergencyCard,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    client = sign_in(responder)
    client.get(activation.get_absolute_url())
    with django_assert_num_queries(10) as captured:
        client.get(activation.get_absolute_url())
    add_emergency_contact(
        card.plan,
        by=practitioner,
        name="Kim",
        relationship="Friend",
        phone="07700 900 555",
        consent_given=True,
        accepted_role=True,
    )
    for contact in card.plan.contacts.all():
        record_contact_attempt(activation, by=responder, contact=contact, result="no_answer")
    with django_assert_num_queries(len(captured.captured_queries)):
        page = client.get(activation.get_absolute_url()).content.decode()
    assert "Kim" in page


def test_a_past_activation_cannot_be_read_by_its_number(
    sign_in: SignIn, card: EmergencyCard, responder: User, second_responder: User
) -> None:
    """Activation numbers are no way round the card and the reason: once closed, only the responder who closed
    it sees it, and only for an hour."""
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    close_activation(
        activation,
        by=responder,
        outcome=Activation.Outcome.CONTACT_TOOK_OVER,
        follow_up="none",
        support_hours=Decimal(1),
    )
    url = reverse("emergency_response:activation", args=[activation.pk])
    colleague = sign_in(second_responder)
    before = AuditEvent.objects.count()
    assert colleague.get(url).status_code == 404
    assert AuditEvent.objects.count() == before
    closer = sign_in(responder)
    assert closer.get(url).status_code == 200
    Activation.objects.filter(pk=activation.pk).update(closed_at=timezone.now() - timedelta(hours=2))
    assert closer.get(url).status_code == 404


def test_the_responder_screen_gives_the_cared_for_person_s_address(
    sign_in: SignIn, responder: User, card: EmergencyCard
) -> None:
    Person.objects.filter(pk=card.plan.cared_for_id).update(
        address_line_1="Flat 2", address_line_2="14 Mill Lane", town="Mersey Vale", postcode="MV1 2AB"
    )
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation

    page = sign_in(responder).get(activation.get_absolute_url()).content.decode()

    assert "at Flat 2, 14 Mill Lane, Mersey Vale MV1 2AB" in page


def test_the_emergency_line_lists_its_open_activations_on_a_page_linked_from_its_home(
    sign_in: SignIn, responder: User, card: EmergencyCard, line: EmergencyLine
) -> None:
    client = sign_in(responder)
    home = client.get(reverse("emergency_response:lookup")).content.decode()
    assert reverse("emergency_response:open_activations") in home
    assert "No activations are open" in client.get(reverse("emergency_response:open_activations")).content.decode()

    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    page = client.get(reverse("emergency_response:open_activations")).content.decode()
    assert activation.get_absolute_url() in page
    assert card.formatted_number in page
    assert card.plan.cared_for.full_name not in page  # card numbers and times only, as on the home

    close_activation(activation, by=responder, outcome="not_needed", follow_up="none")
    assert (
        activation.get_absolute_url() not in client.get(reverse("emergency_response:open_activations")).content.decode()
    )


@pytest.mark.parametrize("persona", ["practitioner", "commissioner", "neighbour_responder"])
def test_the_open_activations_are_only_for_the_responders_of_the_line(
    request: pytest.FixtureRequest, sign_in: SignIn, persona: str, card: EmergencyCard, responder: User
) -> None:
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    response = sign_in(request.getfixturevalue(persona)).get(reverse("emergency_response:open_activations"))
    assert response.status_code == 404 or activation.get_absolute_url() not in response.content.decode()
