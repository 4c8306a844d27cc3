"""Messages to emergency contacts that fail for a passing reason (Notify down, a timeout, a refused connection) are
sent again by themselves with backoff, a bounded number of times; a message stuck "sending" can be sent again; and
none of it blocks or undoes the activation. Tasks are queued (as in production) and run by the test, so each
automatic retry and the time it was asked for can be asserted."""

from datetime import timedelta
from typing import Any

import pytest
from django.tasks.backends.dummy import DummyBackend
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.emergency_response.models import Activation, EmergencyCard, EmergencyLine, Notification
from carershub.emergency_response.rules import AUTOMATIC_SEND_ATTEMPTS, automatic_retry_delay
from carershub.emergency_response.services import notifications
from carershub.emergency_response.services.activations import open_activation
from carershub.emergency_response.tests.conftest import NotifyDouble, run_queued


def _open(card: EmergencyCard, responder: User, django_capture_on_commit_callbacks: Any) -> Activation:
    with django_capture_on_commit_callbacks(execute=True):
        activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    return activation


def _messages(activation: Activation) -> list[Notification]:
    return list(activation.notifications.order_by("contact__order", "channel"))


def test_a_server_error_then_success_is_sent_by_an_automatic_retry_after_a_wait(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    sign_in: SignIn,
    django_capture_on_commit_callbacks: Any,
) -> None:
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    # Opening only queued the three messages (contact 1: text and email; contact 2: text): nothing sent yet.
    assert len(queued_tasks.results) == 3
    assert notify.requests == []

    notify.answer_with(500, 500, 500)
    end = run_queued(queued_tasks)
    failed = _messages(activation)
    assert [(n.status, n.attempts) for n in failed] == [("failed", 1)] * 3
    retries = queued_tasks.results[end:]
    assert len(retries) == 3
    by_pk = sorted(failed, key=lambda n: n.pk)
    for message, retry in zip(by_pk, sorted(retries, key=lambda r: r.args[0]), strict=True):
        assert message.last_attempt_at is not None
        assert message.next_attempt_at == message.last_attempt_at + timedelta(seconds=30)
        assert retry.args == [message.pk]
        assert retry.kwargs == {"after_attempts": 1}
        assert retry.task.run_after == message.next_attempt_at
    page = sign_in(responder).get(reverse("emergency_response:activation", args=[activation.pk])).content.decode()
    assert "Trying again automatically at" in page
    assert Activation.objects.filter(pk=activation.pk, closed_at__isnull=True).exists()

    end = run_queued(queued_tasks, end)  # Notify answers 201 now
    assert [(n.status, n.attempts, n.error, n.next_attempt_at) for n in _messages(activation)] == [
        ("sent", 2, "", None)
    ] * 3
    assert len(notify.requests) == 6
    assert len(queued_tasks.results) == end  # nothing more queued


def test_automatic_retries_wait_longer_each_time_and_stop_after_three_sends(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    notify.fail_with(503)
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    end = run_queued(queued_tasks)
    waits = []
    for _ in range(AUTOMATIC_SEND_ATTEMPTS - 1):
        message = _messages(activation)[0]
        assert message.next_attempt_at is not None
        assert message.last_attempt_at is not None
        waits.append(message.next_attempt_at - message.last_attempt_at)
        end = run_queued(queued_tasks, end)
    assert waits == [timedelta(seconds=30), timedelta(minutes=2)]
    final = _messages(activation)
    assert [(n.status, n.attempts, n.next_attempt_at) for n in final] == [("failed", 3, None)] * 3
    assert len(queued_tasks.results) == end  # no fourth send by itself
    assert len(notify.requests) == 9
    assert all(n.can_be_retried() for n in final)  # the responder can still try again


def test_a_refused_connection_is_a_failure_retried_later_and_the_activation_stands(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    queued_tasks: DummyBackend,
    closed_port: int,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.CARERSHUB_NOTIFY_BASE_URL = f"http://127.0.0.1:{closed_port}"
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    end = run_queued(queued_tasks)
    messages = _messages(activation)
    assert {n.status for n in messages} == {"failed"}
    assert all(n.error and n.next_attempt_at for n in messages)
    assert len(queued_tasks.results) == end + 3
    assert Activation.objects.filter(pk=activation.pk, closed_at__isnull=True).exists()


def test_a_refused_connection_without_a_worker_fails_at_once_and_the_activation_is_opened(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    closed_port: int,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The immediate backend (development, demo) cannot run a task later: the responder's "Try again" is the retry.
    settings.CARERSHUB_NOTIFY_BASE_URL = f"http://127.0.0.1:{closed_port}"
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    assert [(n.status, n.attempts, n.next_attempt_at) for n in _messages(activation)] == [("failed", 1, None)] * 3
    assert Activation.objects.filter(pk=activation.pk, closed_at__isnull=True).exists()


def test_notify_that_does_not_answer_in_time_is_a_failure_retried_later(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert notifications.NOTIFY_TIMEOUT_SECONDS == 5.0
    monkeypatch.setattr(
        notifications, "NOTIFY_TIMEOUT_SECONDS", 0.2
    )  # the same timeout, shorter to keep the test quick
    notify.delay = 1.0
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    started = timezone.now()
    run_queued(queued_tasks)
    assert timezone.now() - started < timedelta(seconds=3)  # three sends, none waited for the late answer
    messages = _messages(activation)
    assert {n.status for n in messages} == {"failed"}
    assert all(n.next_attempt_at for n in messages)


def test_a_mistake_on_our_side_is_not_retried_by_itself(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    django_capture_on_commit_callbacks: Any,
) -> None:
    notify.fail_with(400)  # e.g. a missing personalisation: the same send fails the same way every time
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    end = run_queued(queued_tasks)
    assert len(queued_tasks.results) == end
    assert [(n.status, n.next_attempt_at) for n in _messages(activation)] == [("failed", None)] * 3


def test_the_responders_try_again_replaces_the_waiting_automatic_retry(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    sign_in: SignIn,
    django_capture_on_commit_callbacks: Any,
) -> None:
    notify.answer_with(500, 500, 500)
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    end = run_queued(queued_tasks)
    message = _messages(activation)[0]
    automatic = next(r for r in queued_tasks.results[end:] if r.args == [message.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(responder).post(reverse("emergency_response:retry", args=[message.pk]))
    assert response.status_code == 302
    manual = queued_tasks.results[-1]
    manual.task.call(*manual.args, **manual.kwargs)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == ("sent", 2, None)

    before = len(notify.requests)
    automatic.task.call(*automatic.args, **automatic.kwargs)  # comes due later: stands down
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(notify.requests) == before


def test_a_message_stuck_sending_can_be_sent_again_after_a_few_minutes(
    card: EmergencyCard,
    responder: User,
    notify_line: EmergencyLine,
    notify: NotifyDouble,
    queued_tasks: DummyBackend,
    sign_in: SignIn,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Queued, but the worker never sent it (it died, or the queue lost it): still "sending".
    activation = _open(card, responder, django_capture_on_commit_callbacks)
    message = _messages(activation)[0]
    assert message.status == "pending"
    client = sign_in(responder)
    page = client.get(reverse("emergency_response:activation", args=[activation.pk])).content.decode()
    assert "Try again" not in page  # just queued: not stuck yet
    assert not message.can_be_retried()

    Notification.objects.filter(pk=message.pk).update(updated_at=timezone.now() - timedelta(minutes=6))
    message.refresh_from_db()
    assert message.can_be_retried()
    page = client.get(reverse("emergency_response:activation", args=[activation.pk])).content.decode()
    assert "without an answer from GOV.UK Notify" in page
    assert "Try again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("emergency_response:retry", args=[message.pk]))
    manual = queued_tasks.results[-1]
    manual.task.call(*manual.args, **manual.kwargs)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)


@pytest.mark.parametrize(
    ("attempts", "status", "expected"),
    [
        (1, 500, timedelta(seconds=30)),
        (2, 503, timedelta(minutes=2)),
        (1, 429, timedelta(seconds=30)),
        (3, 500, None),
        (1, 400, None),
        (1, 403, None),
        (1, 0, None),
        (0, 500, None),
    ],
)
def test_which_failures_are_retried_and_when(attempts: int, status: int, expected: timedelta | None) -> None:
    assert automatic_retry_delay(attempts, status) == expected
