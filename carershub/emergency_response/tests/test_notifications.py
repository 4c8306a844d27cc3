"""Messages to emergency contacts through GOV.UK Notify (a local HTTP double of its API): sent after the activation
is committed, stored per message, a failure shown and retried, and never blocking or undoing the activation."""

import jwt
import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.emergency_response.models import Activation, EmergencyCard, EmergencyLine, Notification
from carershub.emergency_response.services.activations import close_activation, open_activation
from carershub.emergency_response.services.common import ActivationClosed
from carershub.emergency_response.services.notifications import retry_notification
from carershub.emergency_response.tests.conftest import (
    EMAIL_TEMPLATE_ID,
    FAKE_NOTIFY_API_KEY,
    SMS_TEMPLATE_ID,
    NotifyDouble,
)


def _open(card: EmergencyCard, responder: User, django_capture_on_commit_callbacks: object) -> Activation:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    return activation


def test_contacts_who_agreed_are_sent_messages_through_notify(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    django_capture_on_commit_callbacks: object,
) -> None:
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    sent = list(activation.notifications.order_by("contact__order", "channel"))
    # Contact 1 agreed to texts and emails, contact 2 to texts only (factories.draft_plan).
    assert [(n.contact.order, n.channel, n.status, n.attempts) for n in sent] == [
        (1, "email", "sent", 1),
        (1, "sms", "sent", 1),
        (2, "sms", "sent", 1),
    ]
    assert all(n.notify_id for n in sent)
    paths = sorted(path for path, _, _ in notify.requests)
    assert paths == ["/v2/notifications/email", "/v2/notifications/sms", "/v2/notifications/sms"]
    sms = next(body for path, body, _ in notify.requests if path.endswith("sms"))
    assert sms["template_id"] == SMS_TEMPLATE_ID
    assert sms["phone_number"] in {"07700900101", "07700900102"}
    assert sms["personalisation"]["emergency_line_phone_number"] == "0808 157 0100"
    email = next(body for path, body, _ in notify.requests if path.endswith("email"))
    assert email["template_id"] == EMAIL_TEMPLATE_ID
    # Signed with the service's secret, as Notify expects: the key itself is never sent.
    _, _, authorisation = notify.requests[0]
    token = authorisation.removeprefix("Bearer ")
    claims = jwt.decode(token, FAKE_NOTIFY_API_KEY[-36:], algorithms=["HS256"])
    assert claims["iss"] == FAKE_NOTIFY_API_KEY[-73:-37]
    assert FAKE_NOTIFY_API_KEY not in str(notify.requests)


def test_a_failed_send_is_stored_shown_to_the_responder_and_can_be_retried(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    sign_in: object,
    django_capture_on_commit_callbacks: object,
) -> None:
    notify.fail_with(400)
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    assert Activation.objects.filter(pk=activation.pk, closed_at__isnull=True).exists()  # not undone
    failed = list(activation.notifications.all())
    assert {n.status for n in failed} == {"failed"}
    assert "Missing personalisation" in failed[0].error

    client: Client = sign_in(responder)  # type: ignore[operator]
    page = client.get(reverse("emergency_response:activation", args=[activation.pk])).content.decode()
    assert "Failed" in page
    assert "Missing personalisation" in page
    assert "Try again" in page

    notify.fail_with(201)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(reverse("emergency_response:retry", args=[failed[0].pk]))
    assert response.status_code == 302
    failed[0].refresh_from_db()
    assert failed[0].status == "sent"
    assert failed[0].attempts == 2
    assert failed[0].error == ""


def test_a_server_error_from_notify_is_a_failure_too(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    django_capture_on_commit_callbacks: object,
) -> None:
    notify.fail_with(500)
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    assert {n.status for n in activation.notifications.all()} == {"failed"}


def test_without_notify_settings_messages_are_not_configured_never_sent(
    card: EmergencyCard,
    responder: User,
    line: EmergencyLine,
    notify: NotifyDouble,
    django_capture_on_commit_callbacks: object,
) -> None:
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    assert {n.status for n in activation.notifications.all()} == {"not_configured"}
    assert notify.requests == []


def test_retrying_a_sent_message_sends_nothing(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    django_capture_on_commit_callbacks: object,
) -> None:
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    before = len(notify.requests)
    sent = activation.notifications.first()
    assert sent is not None
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        retry_notification(sent, by=responder)
    assert len(notify.requests) == before


def test_the_notify_api_key_is_stored_encrypted(notify_line: EmergencyLine) -> None:
    assert notify_line.notify_api_key_encrypted.startswith("gAAAAA")
    assert FAKE_NOTIFY_API_KEY not in notify_line.notify_api_key_encrypted
    assert FAKE_NOTIFY_API_KEY not in str(notify_line) + repr(notify_line)


@pytest.mark.parametrize("status", [Notification.Status.SENT, Notification.Status.PENDING])
def test_only_failed_or_unsent_messages_can_be_retried(status: str) -> None:
    assert not Notification(status=status).can_be_retried()


def test_messages_of_a_closed_activation_cannot_be_retried(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    django_capture_on_commit_callbacks: object,
) -> None:
    notify.fail_with(500)
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    close_activation(activation, by=responder, outcome="not_needed", follow_up="none")
    failed = activation.notifications.first()
    assert failed is not None
    before = (len(notify.requests), AuditEvent.objects.count())
    with pytest.raises(ActivationClosed), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        retry_notification(failed, by=responder)
    failed.refresh_from_db()
    assert failed.status == Notification.Status.FAILED
    assert (len(notify.requests), AuditEvent.objects.count()) == before
