"""Messages to emergency contacts through the area's GOV.UK Notify service: queueing them when a plan is opened,
sending each (in a task, with automatic retries of passing failures), the responder's "Try again", and the line's
Notify settings.

The task that sends a message lives here, beside the code that queues it and the code it runs, so that nothing here
imports `emergency_response.tasks` (which lists it for the worker) and no module imports one that imports it back.
"""

import logging
from typing import Final

import requests
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.emergency_response.encryption import CannotDecrypt, decrypt, encrypt
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import Activation, EmergencyLine, Notification
from carershub.emergency_response.rules import automatic_retry_delay
from carershub.emergency_response.services.common import ActivationClosed
from carershub.organisations.models import Area, Organisation

logger = logging.getLogger(__name__)

# Seconds to wait for GOV.UK Notify to connect and to answer (the client's own default is 30): a message that cannot
# be sent quickly fails, is shown to the responder and is tried again, rather than holding a worker.
NOTIFY_TIMEOUT_SECONDS: Final = 5.0


@task
def send_emergency_notification(notification_id: int, after_attempts: int | None = None) -> str:
    """Send one SMS or email through GOV.UK Notify; returns the stored status. A passing failure queues this task
    again for later (`after_attempts` marks that automatic retry; see `deliver_notification`)."""
    return deliver_notification(notification_id, after_attempts=after_attempts).status


def queue_messages(activation: Activation) -> None:
    """A message to each of the plan's contacts who agreed to texts or emails, sent once the activation commits."""
    notifications = []
    for contact in activation.plan.contacts.filter(removed_at__isnull=True):
        if contact.may_text and contact.phone:
            notifications.append(Notification(channel=Notification.Channel.SMS, contact=contact))
        if contact.may_email and contact.email:
            notifications.append(Notification(channel=Notification.Channel.EMAIL, contact=contact))
    for notification in notifications:
        notification.area = activation.area
        notification.activation = activation
    created = Notification.objects.bulk_create(notifications)
    ids = [notification.pk for notification in created]
    transaction.on_commit(lambda: _enqueue_sends(ids))


def _enqueue_sends(ids: list[int]) -> None:
    for notification_id in ids:
        try:
            send_emergency_notification.enqueue(notification_id)
        except Exception:  # a queue problem must never undo or block the activation
            logger.exception("Could not queue emergency notification %s", notification_id)


@transaction.atomic
def retry_notification(notification: Notification, *, by: User) -> Notification:
    """Send a failed message again (the responder asked), or one stuck "sending" for Notification.STUCK_AFTER. Not
    once the activation is closed: it is a record."""
    notification = Notification.objects.select_for_update().select_related("activation").get(pk=notification.pk)
    if not notification.activation.is_open():
        raise ActivationClosed(notification.activation)
    if not notification.can_be_retried():
        return notification
    notification.status = Notification.Status.PENDING
    notification.error = ""
    notification.next_attempt_at = None  # this send replaces any automatic one still waiting
    notification.save(update_fields=["status", "error", "next_attempt_at", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        area=notification.area,
        purpose=notification.activation.reason,
        detail={"activation": notification.activation_id, "notification_retried": notification.pk},
        event=EmergencyEvent.MESSAGE_RETRIED,
    )
    ids = [notification.pk]
    transaction.on_commit(lambda: _enqueue_sends(ids))
    return notification


def deliver_notification(notification_id: int, *, after_attempts: int | None = None) -> Notification:
    """Send one message through the area's GOV.UK Notify service and store what happened. Runs in a task, outside
    any request; the HTTP call is made outside a transaction, with a short timeout, so that a slow Notify never
    holds a lock or a worker for long.

    A passing failure (Notify down, a timeout, a refused connection) is sent again automatically with backoff
    (`rules.automatic_retry_delay`) when the task queue can run a task later; the immediate backend of development
    and tests cannot, so there the responder's "Try again" is the retry. `after_attempts` marks such an automatic
    retry: it stands down if another send has been made since it was queued (the responder's "Try again")."""
    notification = Notification.objects.select_related(
        "contact", "activation__plan__carer", "activation__plan__cared_for"
    ).get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        return notification
    if after_attempts is not None and (notification.attempts != after_attempts or notification.next_attempt_at is None):
        return notification
    line = EmergencyLine.objects.filter(area_id=notification.area_id).first()
    now = timezone.now()
    notification.attempts += 1
    notification.last_attempt_at = now
    notification.next_attempt_at = None
    if line is None or not line.is_notify_configured():
        notification.status = Notification.Status.NOT_CONFIGURED
        notification.error = "GOV.UK Notify is not set up for this area"
    else:
        failure_status = _send_through_notify(notification, line)
        delay = None if failure_status is None else automatic_retry_delay(notification.attempts, failure_status)
        if delay is not None and _queue_can_run_later():
            notification.next_attempt_at = now + delay
    notification.save(
        update_fields=["attempts", "last_attempt_at", "next_attempt_at", "status", "error", "notify_id", "updated_at"]
    )
    if notification.next_attempt_at is not None:
        _enqueue_automatic_retry(notification)
    return notification


def _queue_can_run_later() -> bool:
    return bool(send_emergency_notification.get_backend().supports_defer)


def _enqueue_automatic_retry(notification: Notification) -> None:
    try:
        send_emergency_notification.using(run_after=notification.next_attempt_at).enqueue(
            notification.pk, after_attempts=notification.attempts
        )
    except Exception:  # the responder can still "Try again"; say so by not promising an automatic retry
        logger.exception("Could not queue an automatic retry of emergency notification %s", notification.pk)
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
        notification.next_attempt_at = None


def _send_through_notify(notification: Notification, line: EmergencyLine) -> int | None:
    """Send the message and set its status; returns None when sent, else the failure's HTTP status (Notify's, or
    503 for a timeout or refused connection, as the client reports them; 0 for a fault on our side)."""
    contact = notification.contact
    plan = notification.activation.plan
    personalisation = {
        "contact_name": contact.name,
        "carer_name": plan.carer.full_name,
        "cared_for_name": plan.cared_for.full_name,
        "emergency_line_phone_number": line.phone_number,
    }
    reference = f"activation-{notification.activation_id}-{notification.pk}"
    failure_status = 0
    try:
        client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            decrypt(line.notify_api_key_encrypted),
            base_url=settings.CARERSHUB_NOTIFY_BASE_URL,
            timeout=NOTIFY_TIMEOUT_SECONDS,
        )
        if notification.channel == Notification.Channel.SMS:
            template_id = line.notify_sms_template_id
            response = client.send_sms_notification(  # type: ignore[no-untyped-call]
                phone_number=contact.phone,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
        else:
            template_id = line.notify_email_template_id
            response = client.send_email_notification(  # type: ignore[no-untyped-call]
                email_address=contact.email,
                template_id=template_id,
                personalisation=personalisation,
                reference=reference,
            )
    except (APIError, requests.RequestException, CannotDecrypt, AssertionError) as error:
        # Notify's message says what was wrong (e.g. "400 - Missing template"), never the key.
        if isinstance(error, APIError):
            failure_status = error.status_code
        elif isinstance(error, requests.RequestException):
            failure_status = 503
        notification.status = Notification.Status.FAILED
        notification.error = str(error)[:500]
        logger.warning("Emergency notification %s failed: %s", notification.pk, notification.error)
        return failure_status
    notification.status = Notification.Status.SENT
    notification.notify_id = str(response.get("id", ""))[:36]
    notification.error = ""
    return None


@transaction.atomic
def configure_emergency_line(
    area: Area,
    *,
    by: User | None,
    organisation: Organisation,
    phone_number: str,
    notify_api_key: str | None = None,
    notify_sms_template_id: str = "",
    notify_email_template_id: str = "",
) -> EmergencyLine:
    """Set who runs an area's 24/7 line, its number and its Notify settings (the API key is stored encrypted;
    None keeps the stored key)."""
    line, _ = EmergencyLine.objects.get_or_create(
        area=area, defaults={"organisation": organisation, "phone_number": phone_number, "created_by": by}
    )
    line.organisation = organisation
    line.phone_number = phone_number
    line.notify_sms_template_id = notify_sms_template_id
    line.notify_email_template_id = notify_email_template_id
    if notify_api_key is not None:
        line.notify_api_key_encrypted = encrypt(notify_api_key.strip())
    line.updated_by = by
    line.save()
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        area=area,
        subject=line,
        detail={"organisation": organisation.pk, "notify_configured": line.is_notify_configured()},
        event=EmergencyEvent.LINE_CONFIGURED,
    )
    return line
