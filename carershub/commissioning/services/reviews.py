"""The commissioner's review of a submitted monitoring return: accept it, or query it, which starts the return's
history of queries and answers (the provider answers in services.queries). Only the review columns change: the
submitted figures are frozen (migration 0002 refuses any other change).
"""

from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import MonitoringReturn, ReturnMessage
from carershub.commissioning.services.monitoring import MonitoringInvalid
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

# The event of each review decision (the audit rows before the vocabulary said "monitoring return <status>").
_REVIEWED: Final = {
    MonitoringReturn.Status.ACCEPTED: CommissioningEvent.RETURN_ACCEPTED,
    MonitoringReturn.Status.QUERIED: CommissioningEvent.RETURN_QUERIED,
}


def _review(
    monitoring_return: MonitoringReturn, *, status: MonitoringReturn.Status, comment: str, by: User
) -> MonitoringReturn:
    monitoring_return = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    if monitoring_return.status != MonitoringReturn.Status.SUBMITTED:
        raise MonitoringInvalid({"comment": "Only a submitted return waiting for review can be accepted or queried"})
    monitoring_return.status = status
    monitoring_return.commissioner_comment = comment
    monitoring_return.reviewed_at = timezone.now()
    monitoring_return.reviewed_by = by
    monitoring_return.updated_by = by
    # Only the review columns: everything else of a submitted return is frozen (the database refuses it too).
    monitoring_return.save(
        update_fields=["status", "commissioner_comment", "reviewed_at", "reviewed_by", "updated_by", "updated_at"]
    )
    record_event(AuditEvent.Kind.RECORD_CHANGED, actor=by, subject=monitoring_return, event=_REVIEWED[status])
    return monitoring_return


@transaction.atomic
def accept_return(monitoring_return: MonitoringReturn, *, by: User, comment: str = "") -> MonitoringReturn:
    return _review(monitoring_return, status=MonitoringReturn.Status.ACCEPTED, comment=comment, by=by)


@transaction.atomic
def query_return(monitoring_return: MonitoringReturn, *, by: User, comment: str) -> MonitoringReturn:
    """Send the return back with a question. The provider answers it (services.queries.answer_query) and, where the
    figures were wrong, starts a corrected version; the query and the answer stay in the return's history."""
    if not comment.strip():
        raise MonitoringInvalid({"comment": "Enter what you are querying, so the provider can answer it"})
    queried = _review(monitoring_return, status=MonitoringReturn.Status.QUERIED, comment=comment.strip(), by=by)
    write_on_return(queried, kind=ReturnMessage.Kind.QUERY, text=comment.strip(), by=by, field="comment")
    return queried


def write_on_return(
    monitoring_return: MonitoringReturn, *, kind: ReturnMessage.Kind, text: str, by: User, field: str
) -> ReturnMessage:
    """Add a query or an answer to the return's history, naming the organisation that wrote it. Only staff of an
    organisation write on a return; `field` is the form field a refusal is shown against."""
    if by.organisation is None:
        raise MonitoringInvalid({field: "Only staff of the commissioner or the provider can write on a return"})
    return ReturnMessage.objects.create(
        monitoring_return=monitoring_return,
        kind=kind,
        text=text,
        organisation=by.organisation,
        created_by=by,
        updated_by=by,
    )
