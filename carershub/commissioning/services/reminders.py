"""Reminding commissioners of extension decisions falling due, once each."""

from datetime import date, timedelta
from typing import Final

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import (
    Contract,
    ExtensionDecision,
)
from carershub.core.audit import record_event
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent

# How far ahead the commissioner is reminded of an extension decision falling due.
REMINDER_DAYS: Final = 60


def decisions_to_remind(*, today: date) -> list[int]:
    """Undecided extension decisions due within REMINDER_DAYS (or overdue) whose commissioner has not been
    reminded, on contracts still running."""
    return list(
        ExtensionDecision.objects.filter(
            outcome="",
            reminded_at__isnull=True,
            decision_due_on__lte=today + timedelta(days=REMINDER_DAYS),
        )
        .exclude(contract__status=Contract.Status.ENDED)
        .order_by("decision_due_on", "pk")
        .values_list("pk", flat=True)
    )


def remind_commissioners_of_extension_decisions(*, today: date | None = None) -> int:
    """Email the commissioner's commissioning staff once about each extension decision falling due within 60 days,
    and mark it reminded. Running it again reminds nobody twice. Returns how many decisions were reminded."""
    today = today or timezone.localdate()
    return sum(_remind_one(decision_id) for decision_id in decisions_to_remind(today=today))


@transaction.atomic
def _remind_one(decision_id: int) -> int:
    # Locked and re-checked: two runs at once must not both send the reminder.
    decision = (
        ExtensionDecision.objects.select_for_update(of=("self",))
        .select_related("contract__commissioner")
        .filter(pk=decision_id, outcome="", reminded_at__isnull=True)
        .first()
    )
    if decision is None:
        return 0
    decision.reminded_at = timezone.now()
    decision.save(update_fields=["reminded_at", "updated_at"])
    contract = decision.contract
    recipients = sorted(
        User.objects.filter(organisation=contract.commissioner, is_active=True, groups__name=Role.COMMISSIONER)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=decision,
        event=CommissioningEvent.EXTENSION_DECISION_REMINDED,
        organisation=contract.commissioner,
        detail={"contract": contract.reference, "reminded": len(recipients)},
    )
    due = f"{decision.decision_due_on.day} {decision.decision_due_on:%B %Y}"
    subject = f"Carers Hub: extension decision for contract {contract.reference} due {due}"
    body = (
        f"The decision whether to take extension option {decision.option_number} of contract {contract.reference} "
        f"({contract.title}) is due on {due}.\n\n"
        f"Decision maker: {contract.decision_maker or 'not recorded'}.\n\n"
        f"Sign in to Carers Hub and open the contract ({reverse('commissioning:contract', args=[contract.reference])}) "
        "to record the decision."
    )
    email_each_after_commit(subject, body, recipients, about=f"extension decision {decision.pk} falling due")
    return 1
