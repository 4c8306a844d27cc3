"""Recording work with identification partners (GP practices and schools)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.models import AuditEvent
from carershub.identification.events import IdentificationEvent
from carershub.identification.models import EngagementActivity
from carershub.organisations.models import GPPractice, Organisation, School


class EngagementInvalid(FieldErrors):
    """The engagement cannot be recorded as given: a message for each field saying what to fix."""


def check_engagement(
    partner: GPPractice | School, *, organisation: Organisation, occurred_on: date, kind: str, carers_identified: int
) -> None:
    """Refuse, field by field, an engagement that did not or could not happen as described."""
    errors: dict[str, str] = {}
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = "Date of the activity must be today or in the past"
    if kind not in EngagementActivity.Kind.values:
        errors["kind"] = "Select what kind of activity it was"
    if carers_identified < 0:
        errors["carers_identified"] = "Carers identified must be 0 or more"
    # Only an organisation working in the partner's area can have done the work (and rows never span areas).
    if not organisation.areas.filter(pk=partner.area_id).exists():
        errors["organisation"] = "The organisation does not work in this area"
    if errors:
        raise EngagementInvalid(errors)


@transaction.atomic
def record_engagement(
    partner: GPPractice | School,
    *,
    recorded_by: User,
    occurred_on: date,
    kind: str,
    carers_identified: int = 0,
    notes: str = "",
    organisation: Organisation | None = None,
) -> EngagementActivity:
    """Record work done with a GP practice or school; it counts towards "practices engaged" from its date.
    The organisation that did it is the recorder's own unless another is named."""
    organisation = organisation or recorded_by.organisation
    if organisation is None:
        raise EngagementInvalid({"organisation": "Name the organisation that did the work"})
    check_engagement(
        partner, organisation=organisation, occurred_on=occurred_on, kind=kind, carers_identified=carers_identified
    )
    activity = EngagementActivity.objects.create(
        area=partner.area,
        gp_practice=partner if isinstance(partner, GPPractice) else None,
        school=partner if isinstance(partner, School) else None,
        organisation=organisation,
        occurred_on=occurred_on,
        kind=kind,
        carers_identified=carers_identified,
        notes=notes.strip(),
        created_by=recorded_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=recorded_by,
        subject=activity,
        area=partner.area,
        detail={
            "partner": partner._meta.label_lower,
            "partner_code": partner.ods_code if isinstance(partner, GPPractice) else partner.urn,
            "kind": kind,
            "occurred_on": occurred_on.isoformat(),
            "carers_identified": carers_identified,
        },
        event=IdentificationEvent.ENGAGEMENT_RECORDED,
    )
    return activity
