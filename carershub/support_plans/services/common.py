"""What the support plan services share: their errors and the one call that records an event."""

from typing import Any, Final

from django.db import models

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.support_plans.events import SupportPlanEvent
from carershub.support_plans.models import SupportPlan

TEXT_MAX_LENGTH: Final = 4000


class SupportPlanInvalid(FieldErrors):
    """The change to a support plan, review, direct payment or short break cannot be made as given."""


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
    event: SupportPlanEvent,
    *,
    kind: AuditEvent.Kind,
    by: User | None,
    subject: models.Model,
    carer: Person,
    timeline: str = "",
    link: str = "",
    **detail: Any,
) -> None:
    """Record one event in the audit log and, when `timeline` says what happened, on the carer's timeline."""
    record_event(
        kind,
        actor=by,
        subject=subject,
        area=carer.area,
        detail=detail,
        event=event,
        timeline=OnTimeline(carer, timeline, link=link) if timeline else None,
    )


def locked_plan(plan: SupportPlan, expected_version: int) -> SupportPlan:
    """Re-read the plan under a row lock and refuse the change if someone changed it since `expected_version`."""
    locked = SupportPlan.objects.select_for_update(of=("self",)).select_related("carer__area").get(pk=plan.pk)
    if locked.lock_version != expected_version:
        raise StaleEdit(f"{locked} was changed by someone else")
    return locked


def locked_draft(plan: SupportPlan, expected_version: int) -> SupportPlan:
    locked = locked_plan(plan, expected_version)
    if locked.status != SupportPlan.Status.DRAFT:
        raise WrongStatus(f"{locked} is {locked.get_status_display().lower()}: start a new version to change it")
    return locked


def bump(plan: SupportPlan, by: User, *fields: str) -> None:
    plan.lock_version += 1
    plan.updated_by = by
    plan.save(update_fields=[*fields, "lock_version", "updated_by", "updated_at"])
