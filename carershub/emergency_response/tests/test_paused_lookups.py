"""Repeated failed card lookups: the line organisation's managers are emailed when a responder (or key) is paused,
and a manager there may lift the pause (audited); nobody else may."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from carershub.accounts.models import Role, User
from carershub.accounts.services import create_staff_user
from carershub.accounts.tests.personas import SignIn
from carershub.core.models import AuditEvent
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import EmergencyCard, EmergencyLine
from carershub.emergency_response.services.cards import FAILED_LOOKUP_LIMIT, LookupResult, look_up_card
from carershub.organisations.models import ApiKey, Organisation
from carershub.organisations.services import create_api_key


@pytest.fixture
def line_manager(line_operator: Organisation) -> User:
    return create_staff_user(
        line_operator,
        email="line-manager@test.example",
        full_name="Line Manager",
        roles=[Role.MANAGER],
        created_by=None,
    )


def _pause(
    responder: User, line: EmergencyLine, capture: DjangoCaptureOnCommitCallbacks, api_key: ApiKey | None = None
) -> None:
    with capture(execute=True):
        for _ in range(FAILED_LOOKUP_LIMIT):
            look_up_card("1234567897", lines=[line], by=None if api_key else responder, api_key=api_key)


def test_the_line_organisations_managers_are_emailed_when_a_responder_is_paused(
    responder: User,
    line: EmergencyLine,
    line_manager: User,
    manager: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _pause(responder, line, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[line_manager.email]]  # not the carers centre's manager
    assert "Responder" in mail.outbox[0].subject
    # Where to lift it, as the manager finds it (an address in a plain-text email would have to be typed).
    assert "open Contingency plans, then Paused card lookups" in mail.outbox[0].body
    assert reverse("emergency_response:paused_lookups") not in mail.outbox[0].body
    flagged = AuditEvent.objects.get(kind=AuditEvent.Kind.EMERGENCY_LOOKUPS_FLAGGED)
    assert flagged.detail["managers_told"] == [line_manager.pk]


def test_a_manager_of_the_line_lifts_the_pause_and_it_is_audited(
    sign_in: SignIn,
    responder: User,
    line: EmergencyLine,
    card: EmergencyCard,
    line_manager: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _pause(responder, line, django_capture_on_commit_callbacks)
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.RATE_LIMITED
    client = sign_in(line_manager)
    # The page the email names is linked from Contingency plans, for managers.
    plans_page = client.get(reverse("emergency_response:plans")).content.decode()
    assert reverse("emergency_response:paused_lookups") in plans_page
    page = client.get(reverse("emergency_response:paused_lookups")).content.decode()
    assert "Responder" in page
    response = client.post(reverse("emergency_response:paused_lookups"), {"user": responder.pk})
    assert response.status_code == 302
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.FOUND
    lifted = AuditEvent.objects.get(event=EmergencyEvent.LOOKUP_PAUSE_LIFTED)
    assert (lifted.actor, lifted.subject_id) == (line_manager, str(responder.pk))
    assert "No card lookups are paused" in client.get(reverse("emergency_response:paused_lookups")).content.decode()


def test_a_manager_lifts_the_pause_of_an_emergency_cards_key(
    sign_in: SignIn,
    responder: User,
    line: EmergencyLine,
    card: EmergencyCard,
    line_manager: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    api_key, _ = create_api_key(
        line.organisation, name="call centre", created_by=None, scope=ApiKey.Scope.EMERGENCY_CARDS
    )
    _pause(responder, line, django_capture_on_commit_callbacks, api_key=api_key)
    assert [message.to for message in mail.outbox] == [[line_manager.email]]
    sign_in(line_manager).post(reverse("emergency_response:paused_lookups"), {"key": api_key.pk})
    assert look_up_card(card.number, lines=[line], by=None, api_key=api_key).result == LookupResult.FOUND


@pytest.mark.parametrize("persona", ["manager", "responder", "practitioner"])
def test_nobody_but_a_manager_of_the_responders_organisation_may_lift_the_pause(
    request: pytest.FixtureRequest,
    sign_in: SignIn,
    responder: User,
    line: EmergencyLine,
    card: EmergencyCard,
    persona: str,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _pause(responder, line, django_capture_on_commit_callbacks)
    client = sign_in(request.getfixturevalue(persona))
    before = AuditEvent.objects.count()
    response = client.post(reverse("emergency_response:paused_lookups"), {"user": responder.pk})
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    assert look_up_card(card.number, lines=[line], by=responder).result == LookupResult.RATE_LIMITED
