"""Contingency plans and their cards through the services: the rules for contacts and review dates, the encrypted key
safe, issuing, reissuing and withdrawing a card, and a plan's whole life in the audit trail and the timeline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.emergency_response.encryption import decrypt
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import (
    ContactAttempt,
    ContingencyPlan,
    EmergencyCard,
    EmergencyContact,
    EmergencyLine,
)
from carershub.emergency_response.rules import luhn_check_digit
from carershub.emergency_response.services.activations import (
    close_activation,
    open_activation,
    record_contact_attempt,
    update_activation,
)
from carershub.emergency_response.services.cards import LookupResult, look_up_card, reissue_card
from carershub.emergency_response.services.common import PlanInvalid
from carershub.emergency_response.services.plans import (
    add_emergency_contact,
    confirm_plan,
    remove_emergency_contact,
    withdraw_plan,
)
from carershub.emergency_response.services.reviews import mark_plans_due_for_review
from carershub.emergency_response.tests.factories import KEY_SAFE, draft_plan
from carershub.people.models import Person, TimelineEntry


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
