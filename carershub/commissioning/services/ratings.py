"""The annual performance rating of a contract on the Procurement Act 2023 s.71 scale, with its evidence."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import Contract, PerformanceRating
from carershub.commissioning.services.monitoring import MonitoringInvalid
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent


@transaction.atomic
def rate_contract_year(
    contract: Contract, *, contract_year: int, rating: str, evidence: str, by: User, rated_on: date | None = None
) -> PerformanceRating:
    """Record the year's rating on the Procurement Act 2023 s.71 scale, with its evidence (a later rating of the same
    year replaces it, and the change is audited)."""
    errors = {}
    if rating not in PerformanceRating.Rating.values:
        errors["rating"] = "Select a rating"
    if not evidence.strip():
        errors["evidence"] = "Enter the evidence for the rating"
    if contract_year < 1:
        errors["contract_year"] = "Contract year must be 1 or more"
    if errors:
        raise MonitoringInvalid(errors)
    performance, created = PerformanceRating.objects.update_or_create(
        contract=contract,
        contract_year=contract_year,
        defaults={
            "rating": rating,
            "evidence": evidence.strip(),
            "rated_on": rated_on or timezone.localdate(),
            "updated_by": by,
        },
        create_defaults={
            "rating": rating,
            "evidence": evidence.strip(),
            "rated_on": rated_on or timezone.localdate(),
            "created_by": by,
            "updated_by": by,
        },
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED if created else AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=performance,
        event=CommissioningEvent.PERFORMANCE_RATED,
        detail={"rating": rating, "contract_year": contract_year},
    )
    return performance
