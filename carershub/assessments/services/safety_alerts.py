"""Safety alerts: a young carer's PANOC-YC20 answers that need a practitioner's attention now, raised as the section
is saved, and closed by a practitioner saying what they did."""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.instruments import questionnaire_text
from carershub.assessments.models import Assessment, SafetyAlert
from carershub.assessments.rules.panoc import PANOC_ITEMS, safety_alert_items
from carershub.assessments.services.errors import AssessmentInvalid
from carershub.assessments.tasks import notify_safety_alerts
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

logger = logging.getLogger(__name__)


def raise_safety_alerts(assessment: Assessment, answers: Mapping[str, Any]) -> list[SafetyAlert]:
    """Raise an alert, at once, for each PANOC-YC20 safety item answered anything other than "never".

    Which items are safety items is set with the licensed questionnaire text (instruments), not in the code. An item
    with an alert still open gets no second one. Unanswered items count as "never" until they are answered.
    """
    text = questionnaire_text("panoc_yc20")
    responses = [answers.get(f"item_{number}") for number in range(1, PANOC_ITEMS + 1)]
    known = [response if isinstance(response, int) and response in (0, 1, 2) else 0 for response in responses]
    raised = []
    now = timezone.now()
    for item in safety_alert_items(known, text.safety_items):
        if SafetyAlert.objects.filter(
            area=assessment.area, assessment=assessment, questionnaire="panoc_yc20", item=item, acknowledged_at=None
        ).exists():
            continue
        alert = SafetyAlert.objects.create(
            area=assessment.area,
            assessment=assessment,
            questionnaire="panoc_yc20",
            item=item,
            answer=known[item - 1],
            raised_at=now,
        )
        record_event(
            AuditEvent.Kind.RECORD_CREATED,
            actor=None,
            subject=alert,
            organisation=assessment.organisation,
            area=assessment.area,
            detail={"assessment": assessment.reference, "questionnaire": "panoc_yc20", "item": item},
            event=AssessmentEvent.SAFETY_ALERT_RAISED,
        )
        raised.append(alert)
    if raised:
        alert_ids = [alert.pk for alert in raised]
        # Queued only once the alerts are committed: the email must never name an alert that was rolled back.
        transaction.on_commit(lambda: _enqueue_safety_alert_notice(alert_ids))
    return raised


def _enqueue_safety_alert_notice(alert_ids: list[int]) -> None:
    try:
        notify_safety_alerts.enqueue(alert_ids)
    except Exception:  # a queue problem must never undo the saved answers; the alert still shows on every list
        logger.exception("Could not queue the safety alert notice for alerts %s", alert_ids)


@transaction.atomic
def acknowledge_safety_alert(alert: SafetyAlert, *, by: User, action_taken: str) -> SafetyAlert:
    """Close a safety alert, saying what was done about it (for example, a safeguarding referral made)."""
    action_taken = action_taken.strip()
    if not action_taken:
        raise AssessmentInvalid({"action_taken": "Enter what you did about this answer"})
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = by
    alert.action_taken = action_taken
    alert.updated_by = by
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=alert,
        area=alert.area,
        detail={"assessment": alert.assessment.reference, "item": alert.item},
        event=AssessmentEvent.SAFETY_ALERT_ACKNOWLEDGED,
    )
    return alert
