"""Demand figures for a contract: the population estimates its forecasts are made from."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import (
    PopulationEstimate,
)
from carershub.commissioning.services.set_up import ContractInvalid
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area


@transaction.atomic
def add_population_estimate(
    area: Area, *, measure: str, value: Decimal, source: str, as_of: date, by: User
) -> PopulationEstimate:
    """Record a figure used to estimate demand in an area, with its source. A figure for the same measure and date
    replaces the earlier one (a corrected publication). Raises ContractInvalid naming the field."""
    errors: dict[str, str] = {}
    if measure not in PopulationEstimate.Measure.values:
        errors["measure"] = "Select what the figure measures"
    if value < 0:
        errors["value"] = "The figure must not be negative"
    elif measure == PopulationEstimate.Measure.YOUNG_CARER_PREVALENCE_PERCENT and value > 100:
        errors["value"] = "A percentage must be 100 or less"
    if not source.strip():
        errors["source"] = "Enter where the figure comes from"
    if as_of > timezone.localdate():
        errors["as_of"] = "The date of the figure must be today or in the past"
    if errors:
        raise ContractInvalid(errors)
    estimate, created = PopulationEstimate.objects.update_or_create(
        area=area,
        measure=measure,
        as_of=as_of,
        defaults={"value": value, "source": source.strip(), "updated_by": by},
        create_defaults={"value": value, "source": source.strip(), "created_by": by, "updated_by": by},
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED if created else AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=estimate,
        event=CommissioningEvent.POPULATION_ESTIMATE_RECORDED,
        area=area,
        detail={"measure": measure, "value": str(value), "source": estimate.source},
    )
    return estimate
