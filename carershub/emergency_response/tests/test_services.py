"""Contingency plans, cards and activations through the services: the rules, the audit trail, the timeline, the
encrypted key safe, and two responders opening the same card at once."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.emergency_response.encryption import decrypt
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import (
    Activation,
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
)
from carershub.emergency_response.rules import generate_card_number, luhn_check_digit
from carershub.emergency_response.services import activations
from carershub.emergency_response.services.activations import (
    close_activation,
    open_activation,
    record_contact_attempt,
    update_activation,
)
from carershub.emergency_response.services.cards import FAILED_LOOKUP_LIMIT, LookupResult, look_up_card, reissue_card
from carershub.emergency_response.services.common import ActivationClosed, PlanInvalid
from carershub.emergency_response.services.plans import (
    add_emergency_contact,
    confirm_plan,
    remove_emergency_contact,
    withdraw_plan,
)
from carershub.emergency_response.services.reviews import mark_plans_due_for_review
from carershub.emergency_response.tests.factories import KEY_SAFE, draft_plan
from carershub.people.models import Person, TimelineEntry


def _mistype(number: str) -> str:
    wrong = str((int(number[3]) + 1) % 10)
    return number[:3] + wrong + number[4:]


def _unknown_valid_number() -> str:
    while True:
        number = generate_card_number()
        if not EmergencyCard.objects.filter(number=number).exists():
            return number


# Plans


def test_key_safe_is_stored_as_ciphertext_and_never_in_the_audit_trail(plan: ContingencyPlan) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key_safe_encrypted FROM emergency_response_contingencyplan WHERE id = %s", [plan.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert "4791" not in stored
    assert decrypt(stored) == KEY_SAFE
    assert KEY_SAFE not in str(plan)
    assert KEY_SAFE not in repr(plan)
    for event in AuditEvent.objects.all():
        assert "4791" not in str(event.detail)
        assert "4791" not in event.purpose
    changed = [event for event in AuditEvent.objects.all() if "key_safe" in event.detail.get("changed", [])]
    assert len(changed) == 1


def test_a_plan_needs_two_contacts_before_it_is_made_active(carer_with_open_case: Person, practitioner: User) -> None:
    plan = draft_plan(carer_with_open_case, by=practitioner, contacts=1)
    with pytest.raises(PlanInvalid) as invalid:
        confirm_plan(plan, by=practitioner, review_date=timezone.localdate() + timedelta(days=100))
    assert "at least 2 emergency contacts" in invalid.value.errors["__all__"]
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.DRAFT
    assert not plan.cards.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [pytest.param(0, "in the future", id="today"), pytest.param(367, "within a year", id="more_than_a_year")],
)
def test_the_review_date_is_within_a_year(
    carer_with_open_case: Person, practitioner: User, days: int, message: str
) -> None:
    plan = draft_plan(carer_with_open_case, by=practitioner, contacts=2)
    with pytest.raises(PlanInvalid) as invalid:
        confirm_plan(plan, by=practitioner, review_date=timezone.localdate() + timedelta(days=days))
    assert message in invalid.value.errors["review_date"]


def test_making_a_plan_active_issues_one_card_and_tells_the_timeline(plan: ContingencyPlan) -> None:
    card = EmergencyCard.objects.get(plan=plan)
    assert card.status == EmergencyCard.Status.ACTIVE
    assert luhn_check_digit(card.number[:9]) == card.number[9]
    summaries = list(TimelineEntry.objects.filter(person=plan.carer).values_list("summary", flat=True))
    assert any("made active; emergency card issued" in summary for summary in summaries)


def test_a_contact_must_consent_and_accept_the_role(plan: ContingencyPlan, practitioner: User) -> None:
    with pytest.raises(PlanInvalid) as invalid:
        add_emergency_contact(
            plan,
            by=practitioner,
            name="Kim",
            relationship="Friend",
            phone="07700 900 555",
            consent_given=False,
            accepted_role=False,
        )
    assert set(invalid.value.errors) == {"consent_given", "accepted_role"}
    assert plan.contacts.count() == 2


def test_a_plan_has_at_most_three_contacts(plan: ContingencyPlan, practitioner: User) -> None:
    third = add_emergency_contact(
        plan,
        by=practitioner,
        name="Kim",
        relationship="Friend",
        phone="07700 900 555",
        consent_given=True,
        accepted_role=True,
    )
    assert third.order == 3
    assert third.consent_recorded_by == practitioner
    with pytest.raises(PlanInvalid):
        add_emergency_contact(
            plan,
            by=practitioner,
            name="Lee",
            relationship="Friend",
            phone="07700 900 556",
            consent_given=True,
            accepted_role=True,
        )
    assert plan.contacts.filter(removed_at__isnull=True).count() == 3


def test_removing_a_contact_moves_the_others_up_but_an_active_plan_keeps_two(
    plan: ContingencyPlan, practitioner: User
) -> None:
    first = plan.contacts.get(order=1)
    with pytest.raises(PlanInvalid):
        remove_emergency_contact(first, by=practitioner)
    add_emergency_contact(
        plan,
        by=practitioner,
        name="Kim",
        relationship="Friend",
        phone="07700 900 555",
        consent_given=True,
        accepted_role=True,
    )
    remove_emergency_contact(first, by=practitioner)
    assert list(plan.contacts.filter(removed_at__isnull=True).values_list("order", "name")) == [
        (1, "Contact 2"),
        (2, "Kim"),
    ]


def test_a_plan_needing_review_also_keeps_two_contacts(plan: ContingencyPlan, practitioner: User) -> None:
    ContingencyPlan.objects.filter(pk=plan.pk).update(status=ContingencyPlan.Status.NEEDS_REVIEW)
    first = plan.contacts.get(order=1)
    with pytest.raises(PlanInvalid):
        remove_emergency_contact(first, by=practitioner)
    assert plan.contacts.filter(removed_at__isnull=True).count() == 2


def test_reissuing_a_card_ends_the_old_number(plan: ContingencyPlan, card: EmergencyCard, practitioner: User) -> None:
    new = reissue_card(plan, by=practitioner)
    card.refresh_from_db()
    assert card.status == EmergencyCard.Status.REISSUED
    assert new.number != card.number
    assert EmergencyCard.objects.get(plan=plan, status=EmergencyCard.Status.ACTIVE) == new


def test_withdrawing_a_plan_withdraws_its_card(plan: ContingencyPlan, card: EmergencyCard, practitioner: User) -> None:
    withdraw_plan(plan, by=practitioner)
    card.refresh_from_db()
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.WITHDRAWN
    assert card.status == EmergencyCard.Status.WITHDRAWN


def test_plans_past_their_review_date_need_review_and_their_card_still_works(
    plan: ContingencyPlan, card: EmergencyCard, line: EmergencyLine, responder: User
) -> None:
    review_date = plan.review_date
    assert review_date is not None
    assert mark_plans_due_for_review(today=review_date) == 0
    assert mark_plans_due_for_review(today=review_date + timedelta(days=1)) == 1
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.NEEDS_REVIEW
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.FOUND


# Lookups


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


# Activations


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


def test_a_plan_s_whole_life_is_recorded_as_named_events_in_the_audit_trail_and_timeline(
    plan: ContingencyPlan, card: EmergencyCard, practitioner: User, responder: User
) -> None:
    """Each change names its event (the returns count by code); the timeline lines are the same events."""
    new_card = reissue_card(plan, by=practitioner)
    activation = open_activation(new_card, by=responder, reason="Carer collapsed").activation
    first = EmergencyContact.objects.filter(plan=plan).order_by("order").first()
    assert first is not None
    record_contact_attempt(activation, by=responder, contact=first, result=ContactAttempt.Result.NO_ANSWER)
    update_activation(activation, by=responder, caller_name="Paramedic")
    close_activation(activation, by=responder, outcome="contact_took_over", follow_up="none")
    withdraw_plan(plan, by=practitioner)

    trail = AuditEvent.objects.filter(subject_type="people.person", subject_id=str(plan.carer_id)).order_by("id")
    assert [event.event for event in trail] == [
        EmergencyEvent.PLAN_STARTED,
        EmergencyEvent.PLAN_CHANGED,  # the key safe
        EmergencyEvent.CONTACT_ADDED,
        EmergencyEvent.CONTACT_ADDED,
        EmergencyEvent.PLAN_AGREED,
        EmergencyEvent.CARD_REISSUED,
        EmergencyEvent.ACTIVATION_OPENED,
        EmergencyEvent.CONTACT_CALLED,
        EmergencyEvent.ACTIVATION_CHANGED,
        EmergencyEvent.ACTIVATION_CLOSED,
        EmergencyEvent.PLAN_WITHDRAWN,
    ]
    timeline = TimelineEntry.objects.filter(person=plan.carer).order_by("id")
    assert [entry.kind for entry in timeline] == [
        EmergencyEvent.PLAN_STARTED,
        EmergencyEvent.PLAN_AGREED,
        EmergencyEvent.ACTIVATION_OPENED,
        EmergencyEvent.ACTIVATION_CLOSED,
        EmergencyEvent.PLAN_WITHDRAWN,
    ]
    assert str(timeline[1].kind) == "emergency_response.plan_agreed"
