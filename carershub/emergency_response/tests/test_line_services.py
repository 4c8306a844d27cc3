"""The emergency line through the services: card lookups and their log, opening a card with a reason (and two
responders opening the same card at once), and working an activation to an outcome."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import (
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
)
from carershub.emergency_response.rules import generate_card_number
from carershub.emergency_response.services import activations
from carershub.emergency_response.services.activations import (
    close_activation,
    open_activation,
    record_contact_attempt,
    update_activation,
)
from carershub.emergency_response.services.cards import FAILED_LOOKUP_LIMIT, LookupResult, look_up_card, reissue_card
from carershub.emergency_response.services.common import ActivationClosed, PlanInvalid
from carershub.emergency_response.services.plans import withdraw_plan
from carershub.people.models import TimelineEntry


def _mistype(number: str) -> str:
    wrong = str((int(number[3]) + 1) % 10)
    return number[:3] + wrong + number[4:]


def _unknown_valid_number() -> str:
    while True:
        number = generate_card_number()
        if not EmergencyCard.objects.filter(number=number).exists():
            return number


def test_lookups_tell_mistyped_from_unknown_from_ended_and_each_is_logged(
    plan: ContingencyPlan, card: EmergencyCard, line: EmergencyLine, responder: User, practitioner: User
) -> None:
    before = AuditEvent.objects.filter(purpose="emergency card lookup").count()
    assert look_up_card(_mistype(card.number), lines=[line], by=responder).result == LookupResult.MISTYPED
    unknown = _unknown_valid_number()
    assert look_up_card(unknown, lines=[line], by=responder).result == LookupResult.UNKNOWN
    found = look_up_card(card.formatted_number, lines=[line], by=responder)
    assert found.result == LookupResult.FOUND
    assert found.card == card
    reissue_card(plan, by=practitioner)
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.ENDED
    events = AuditEvent.objects.filter(purpose="emergency card lookup").order_by("id")[before:]
    assert [event.detail["result"] for event in events] == ["mistyped", "unknown", "found", "ended"]
    assert events[1].detail["card_number"] == unknown
    assert all(event.actor == responder for event in events)


def test_a_responder_finds_only_cards_of_the_lines_they_answer(card: EmergencyCard, neighbour_responder: User) -> None:
    assert look_up_card(card.number, lines=[], by=neighbour_responder).result == LookupResult.UNKNOWN


def test_repeated_failed_lookups_are_stopped_and_flagged_once(
    card: EmergencyCard, line: EmergencyLine, responder: User
) -> None:
    for _ in range(FAILED_LOOKUP_LIMIT):
        assert look_up_card(_unknown_valid_number(), lines=[line], by=responder).result == LookupResult.UNKNOWN
    # Now even the right number is refused, and the refusal is logged too.
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.RATE_LIMITED
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.RATE_LIMITED
    flagged = AuditEvent.objects.filter(actor=responder, detail__flagged="repeated_failed_card_lookups")
    assert flagged.count() == 1
    assert flagged.get().kind == AuditEvent.Kind.EMERGENCY_LOOKUPS_FLAGGED
    refused = AuditEvent.objects.filter(actor=responder, detail__result="rate_limited")
    assert [event.kind for event in refused] == [AuditEvent.Kind.EMERGENCY_CARD_LOOKUP] * 2


def test_opening_a_card_is_recorded_with_the_reason_and_shown_in_the_timeline(
    card: EmergencyCard, responder: User
) -> None:
    opening = open_activation(card, by=responder, reason="Carer taken to hospital")
    activation, opened = opening.activation, opening.opened
    assert opened
    event = AuditEvent.objects.get(detail__activation=activation.pk, detail__break_the_glass=True)
    assert event.kind == AuditEvent.Kind.EMERGENCY_PLAN_OPENED
    assert event.event == EmergencyEvent.ACTIVATION_OPENED
    assert event.actor == responder
    assert event.purpose == "Carer taken to hospital"
    assert event.subject_id == str(card.plan.carer_id)
    entry = TimelineEntry.objects.get(person=card.plan.carer, kind=EmergencyEvent.ACTIVATION_OPENED)
    assert "Carer taken to hospital" in entry.summary


def test_a_reason_is_required(card: EmergencyCard, responder: User) -> None:
    with pytest.raises(PlanInvalid):
        open_activation(card, by=responder, reason="  ")
    assert not Activation.objects.exists()


def test_a_second_responder_joins_the_open_activation(
    card: EmergencyCard, responder: User, second_responder: User
) -> None:
    opening = open_activation(card, by=responder, reason="Call from a neighbour")
    first, first_opened = opening.activation, opening.opened
    opening = open_activation(card, by=second_responder, reason="Call from the hospital")
    second, second_opened = opening.activation, opening.opened
    assert (first_opened, second_opened) == (True, False)
    assert first == second
    assert Activation.objects.count() == 1
    # Both views are recorded, each with its own reason.
    purposes = set(
        AuditEvent.objects.filter(detail__activation=first.pk, detail__break_the_glass=True).values_list(
            "purpose", flat=True
        )
    )
    assert purposes == {"Call from a neighbour", "Call from the hospital"}
    joined = AuditEvent.objects.get(detail__activation=first.pk, actor=second_responder, detail__break_the_glass=True)
    assert joined.event == EmergencyEvent.ACTIVATION_JOINED
    # Only the opening is a line in the carer's timeline, not the second responder joining.
    assert TimelineEntry.objects.filter(person=card.plan.carer, kind=EmergencyEvent.ACTIVATION_OPENED).count() == 1


def test_a_responder_who_loses_the_race_to_open_gets_the_winners_activation(
    card: EmergencyCard, responder: User, second_responder: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the database cannot lock the plan row (SQLite), the other responder's activation may be committed
    between our check and our insert: the one-open-activation constraint refuses ours and theirs is used."""
    winner: list[Activation] = []

    def competitor_commits_after_our_check(plan: ContingencyPlan) -> None:
        now = timezone.now()
        winner.append(
            Activation.objects.create(
                area=plan.area,
                plan=plan,
                card=card,
                reason="Their call",
                opened_at=now,
                opened_by=second_responder,
                call_received_at=now,
            )
        )

    monkeypatch.setattr(activations, "_open_activation_of", competitor_commits_after_our_check)
    opening = open_activation(card, by=responder, reason="Our call")
    activation, opened = opening.activation, opening.opened
    assert not opened
    assert activation == winner[0]
    assert Activation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_responders_opening_at_the_same_moment_get_one_activation(
    card: EmergencyCard, responder: User, second_responder: User
) -> None:
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def open_as(user: User) -> None:
        try:
            barrier.wait()
            opening = open_activation(card, by=user, reason="Simultaneous call")
            activation, opened = opening.activation, opening.opened
            results.append((activation.pk, opened))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_as, args=(user,)) for user in (responder, second_responder)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Activation.objects.count() == 1
    assert {pk for pk, _ in results} == {Activation.objects.get().pk}
    assert sorted(opened for _, opened in results) == [False, True]


def test_working_an_activation_to_an_outcome(card: EmergencyCard, responder: User) -> None:
    activation = open_activation(card, by=responder, reason="Carer collapsed").activation
    first, second = EmergencyContact.objects.filter(plan=card.plan).order_by("order")
    record_contact_attempt(activation, by=responder, contact=first, result=ContactAttempt.Result.NO_ANSWER)
    record_contact_attempt(activation, by=responder, contact=second, result=ContactAttempt.Result.CAN_ATTEND)
    now = timezone.now()
    update_activation(
        activation,
        by=responder,
        caller_name="Paramedic",
        replacement_provider="Brightwater",
        replacement_starts_at=now,
        replacement_ends_at=now + timedelta(hours=24),
    )
    with pytest.raises(PlanInvalid) as invalid:
        close_activation(activation, by=responder, outcome="", follow_up="plan_review")
    assert "outcome" in invalid.value.errors
    closed = close_activation(
        activation, by=responder, outcome="contact_took_over", follow_up="plan_review", support_hours=Decimal("2.5")
    )
    assert closed.closed_at is not None
    assert [attempt.result for attempt in closed.attempts.order_by("tried_at")] == ["no_answer", "can_attend"]
    entry = TimelineEntry.objects.get(person=card.plan.carer, kind=EmergencyEvent.ACTIVATION_CLOSED)
    assert "An emergency contact took over" in entry.summary
    assert "2.5 hours" in entry.summary
    with pytest.raises(ActivationClosed):
        record_contact_attempt(activation, by=responder, contact=first, result=ContactAttempt.Result.NO_ANSWER)


def test_replacement_care_must_end_after_it_starts(card: EmergencyCard, responder: User) -> None:
    activation = open_activation(card, by=responder, reason="Carer collapsed").activation
    now = timezone.now()
    with pytest.raises(PlanInvalid) as invalid:
        update_activation(
            activation, by=responder, replacement_starts_at=now, replacement_ends_at=now - timedelta(hours=1)
        )
    assert "replacement_ends_at" in invalid.value.errors


def test_a_plan_with_an_open_activation_cannot_be_withdrawn(
    card: EmergencyCard, responder: User, practitioner: User
) -> None:
    open_activation(card, by=responder, reason="Carer collapsed")
    with pytest.raises(PlanInvalid):
        withdraw_plan(card.plan, by=practitioner)
    card.refresh_from_db()
    assert card.is_active()
