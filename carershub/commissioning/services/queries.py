"""The provider's side of a queried monitoring return: answering the commissioner's query.

The answer joins the return's history (commissioning.ReturnMessage) and sends the return back for review. Submitted
figures never change (migration 0002 refuses it): where the figures were wrong, the provider starts a corrected
version as well (services.monitoring.correct_return).
"""

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import MonitoringReturn, ReturnMessage
from carershub.commissioning.services.monitoring import MonitoringInvalid
from carershub.commissioning.services.reviews import write_on_return
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

ANSWER_MAX_LENGTH = 4000


@transaction.atomic
def answer_query(monitoring_return: MonitoringReturn, *, answer: str, by: User) -> ReturnMessage:
    """Answer the query on a return: only the provider's staff (the view checks who), only while it is queried."""
    monitoring_return = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    text = answer.strip()
    if monitoring_return.status != MonitoringReturn.Status.QUERIED:
        raise MonitoringInvalid({"answer": "Only a queried return can be answered: this one is not waiting for one"})
    if not text:
        raise MonitoringInvalid({"answer": "Enter your answer to the commissioner's query"})
    if len(text) > ANSWER_MAX_LENGTH:
        raise MonitoringInvalid({"answer": f"Your answer must be {ANSWER_MAX_LENGTH} characters or fewer"})
    message = write_on_return(monitoring_return, kind=ReturnMessage.Kind.ANSWER, text=text, by=by, field="answer")
    # Back to the commissioner: the return waits for review again. Only review columns change; the figures are frozen.
    monitoring_return.status = MonitoringReturn.Status.SUBMITTED
    monitoring_return.updated_by = by
    monitoring_return.updated_at = timezone.now()
    monitoring_return.save(update_fields=["status", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=monitoring_return,
        event=CommissioningEvent.QUERY_ANSWERED,
        detail={"message": message.pk},
    )
    return message
