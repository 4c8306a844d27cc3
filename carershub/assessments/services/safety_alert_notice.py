"""Telling the team at once about a safety alert. Run by the `notify_safety_alerts` task (tasks.py), which the
raising of alerts (`safety_alerts`) queues: this module imports neither, so there is no import circle."""

from django.db import transaction
from django.urls import reverse

from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import SafetyAlert
from carershub.assessments.selectors.assessment import safety_alert_recipients
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent


@transaction.atomic
def send_safety_alert_notice(alert_ids: list[int]) -> int:
    """Email the assessor and the managers of the team carrying out the assessment that a safety alert needs
    attention now. Email is not a secure channel: the message names the assessment by its reference and links to
    it, never the young carer, the item or the answer. Alerts already acknowledged are not mentioned. Returns how
    many people were emailed."""
    alerts = list(
        SafetyAlert.objects.filter(pk__in=alert_ids, acknowledged_at__isnull=True)
        .select_related("assessment__assessor", "assessment__organisation", "area")
        .order_by("pk")
    )
    if not alerts:
        return 0
    assessment = alerts[0].assessment
    recipients = safety_alert_recipients(assessment)
    link = reverse("assessments:detail", args=[assessment.reference])
    subject = f"Carers Hub: safety alert on assessment {assessment.reference} needs attention now"
    body = (
        f"An answer on assessment {assessment.reference} has raised a safety alert that needs a practitioner's "
        "attention now.\n\n"
        f"Sign in to Carers Hub and open the assessment ({link}) to see the alert and record what you did about it."
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=assessment,
        area=assessment.area,
        organisation=assessment.organisation,
        detail={"alerts": [alert.pk for alert in alerts], "recipients": [user.pk for user in recipients]},
        event=AssessmentEvent.SAFETY_ALERT_NOTICE_EMAILED,
    )
    email_each_after_commit(
        subject, body, [user.email for user in recipients], about=f"safety alerts on {assessment.reference}"
    )
    return len(recipients)
