"""Writing the audit trail. Call `record_event` inside the same transaction as the change it describes.

`event` names what happened in the app's own vocabulary (core.events); `timeline`, where the event belongs on a
person's story, adds that line in the same transaction, so one call records an event everywhere it is kept.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models

from carershub.core.events import EventChoices, OnTimeline, write_timeline
from carershub.core.middleware import current_request_id
from carershub.core.models import AuditEvent

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.organisations.models import ApiKey, Area, Organisation


def subject_reference(subject: models.Model) -> tuple[str, str]:
    """Name a record for the trail as `app_label.model` and its primary key."""
    return subject._meta.label_lower, str(subject.pk)


def record_event(
    kind: AuditEvent.Kind,
    *,
    actor: "User | None",
    subject: models.Model | None = None,
    organisation: "Organisation | None" = None,
    area: "Area | None" = None,
    api_key: "ApiKey | None" = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    event: EventChoices | None = None,
    timeline: OnTimeline | Sequence[OnTimeline] | None = None,
) -> AuditEvent:
    """Append one event. The acting user's organisation is recorded unless another is named. `timeline` is the line
    the event adds to a person's story, or one line for each person it is about (a caring relationship's carer and
    the person they care for): one audit row, a line on each timeline."""
    lines = [timeline] if isinstance(timeline, OnTimeline) else list(timeline or ())
    if lines and event is None:
        raise ValueError("A timeline entry needs the event it records.")
    if organisation is None and actor is not None:
        organisation = actor.organisation
    subject_type, subject_id = subject_reference(subject) if subject is not None else ("", "")
    if event is not None:
        for line in lines:
            write_timeline(event.value, line, actor, organisation)
    return AuditEvent.objects.create(
        kind=kind,
        event=event.value if event is not None else "",
        actor=actor,
        api_key=api_key,
        organisation=organisation,
        area=area,
        subject_type=subject_type,
        subject_id=subject_id,
        purpose=purpose,
        request_id=current_request_id(),
        detail=detail or {},
    )
