"""What the support plan services share: their errors and the one call that records an event."""

from typing import Any, Final

from django.db import models

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.services import add_timeline_entry
from carershub.support_plans.events import Event

TEXT_MAX_LENGTH: Final = 4000


class SupportPlanInvalid(Exception):
    """The change cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class StaleEdit(Exception):
    """Someone changed the record since the form was loaded; nothing was saved."""


class NotPermitted(Exception):
    """This person may not take this step (for example, approving the budget of a plan they wrote)."""


class WrongStatus(Exception):
    """The record is not in a state that allows this step (for example, changing an agreed plan in place)."""


def required_text(value: str, *, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise SupportPlanInvalid({field: message})
    return optional_text(text, field=field)


def optional_text(value: str, *, field: str) -> str:
    text = value.strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise SupportPlanInvalid({field: f"This must be {TEXT_MAX_LENGTH} characters or fewer"})
    return text


def record(
    event: Event,
    *,
    kind: AuditEvent.Kind,
    by: User | None,
    subject: models.Model,
    carer: Person,
    timeline: str = "",
    link: str = "",
    purpose: str = "",
    **detail: Any,
) -> None:
    """Record one event in the audit log and, when `timeline` says what happened, on the carer's timeline."""
    record_event(
        kind,
        actor=by,
        subject=subject,
        area=carer.area,
        purpose=purpose or event.label,
        detail={"event": event.value, **detail},
    )
    if timeline:
        add_timeline_entry(carer, kind=event.value, summary=timeline, actor=by, link=link)
