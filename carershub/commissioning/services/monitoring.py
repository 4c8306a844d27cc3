"""Monitoring a contract: its KPIs and targets, figures the provider enters, and the provider's quarterly return.

A return is generated from live records, reviewed and submitted by the provider, then accepted or queried by the
commissioner (services.reviews) and, if queried, answered by the provider (services.queries). Submitted figures never
change: a correction is a new version, with its reason, superseding the old. Annual ratings are in services.ratings.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.kpis.figures import compute_figures
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.models import Contract, ContractKpi, Lot, ManualMeasurement, MonitoringReturn
from carershub.commissioning.rules.rag import Period, reporting_period_problem
from carershub.commissioning.services.life_cycle import current_end_date
from carershub.core.audit import record_event
from carershub.core.errors import FieldErrors
from carershub.core.models import AuditEvent


class MonitoringInvalid(FieldErrors):
    """The KPI, figure, return or rating cannot be recorded as given: a message per field saying what to fix."""


class ReturnFrozen(Exception):
    """A submitted return never changes; correct it with a new version instead."""


def _audit(kind: AuditEvent.Kind, subject: Any, *, by: User, event: CommissioningEvent, **detail: Any) -> None:
    record_event(kind, actor=by, subject=subject, event=event, detail=detail)


@transaction.atomic
def add_kpi(
    contract: Contract,
    *,
    measure: str,
    annual_target: Decimal,
    by: User,
    lot: Lot | None = None,
    green_from_percent: Decimal = Decimal("100.00"),
    amber_from_percent: Decimal = Decimal("90.00"),
    label: str = "",
    assessment_kinds: Sequence[str] = (),
) -> ContractKpi:
    """Hold the contract (or one lot) to a measure from the KPI library, with an annual target and RAG thresholds;
    an assessment measure may count only some kinds of assessment (Coventry's KPI counts carer's assessments)."""
    definition = KPI_LIBRARY.get(measure)
    if definition is None:
        raise MonitoringInvalid({"measure": "Select a measure from the KPI library"})
    if assessment_kinds and not measure.startswith("assessment"):
        raise MonitoringInvalid({"assessment_kinds": "Only the assessment measures count kinds of assessment"})
    if any(kind not in Assessment.Kind.values for kind in assessment_kinds):
        raise MonitoringInvalid({"assessment_kinds": "Select the kinds of assessment from the list"})
    if lot is not None and lot.contract_id != contract.pk:
        raise MonitoringInvalid({"lot": "Select a lot of this contract"})
    _check_target(annual_target, green_from_percent, amber_from_percent)
    if ContractKpi.objects.filter(contract=contract, lot=lot, measure=measure).exists():
        raise MonitoringInvalid({"measure": "The contract already has this KPI: change its target instead"})
    kpi = ContractKpi.objects.create(
        contract=contract,
        lot=lot,
        measure=measure,
        label=label or _label_with_kinds(definition.label, assessment_kinds),
        manual=not definition.computed,
        assessment_kinds=list(dict.fromkeys(assessment_kinds)),
        annual_target=annual_target,
        direction=definition.direction,
        green_from_percent=green_from_percent,
        amber_from_percent=amber_from_percent,
        created_by=by,
        updated_by=by,
    )
    _audit(
        AuditEvent.Kind.RECORD_CREATED,
        kpi,
        by=by,
        event=CommissioningEvent.KPI_ADDED,
        measure=measure,
        target=str(annual_target),
    )
    return kpi


def _label_with_kinds(label: str, kinds: Sequence[str]) -> str:
    if not kinds:
        return label
    names = [Assessment.Kind(kind).label.lower() for kind in dict.fromkeys(kinds)]
    return f"{label} ({', '.join(names)} only)"


def _check_target(annual_target: Decimal, green: Decimal, amber: Decimal) -> None:
    errors = {}
    if annual_target < 0:
        errors["annual_target"] = "Annual target must be 0 or more"
    if amber > green:
        errors["amber_from_percent"] = "Amber must start at or below where green starts"
    if green < 0 or amber < 0:
        errors["green_from_percent"] = "Thresholds must be 0% or more"
    if errors:
        raise MonitoringInvalid(errors)


@transaction.atomic
def set_kpi_target(
    contract: Contract,
    *,
    measure: str,
    annual_target: Decimal,
    by: User,
    lot: Lot | None = None,
    green_from_percent: Decimal = Decimal("100.00"),
    amber_from_percent: Decimal = Decimal("90.00"),
) -> ContractKpi:
    """Change the target and thresholds of a KPI the contract has. A target on a KPI it does not have is refused."""
    kpi = ContractKpi.objects.select_for_update().filter(contract=contract, lot=lot, measure=measure).first()
    if kpi is None:
        raise MonitoringInvalid({"measure": "This contract does not have that KPI: add it from the library first"})
    _check_target(annual_target, green_from_percent, amber_from_percent)
    before = {"annual_target": str(kpi.annual_target), "green": str(kpi.green_from_percent)}
    kpi.annual_target = annual_target
    kpi.green_from_percent = green_from_percent
    kpi.amber_from_percent = amber_from_percent
    kpi.updated_by = by
    kpi.save(update_fields=["annual_target", "green_from_percent", "amber_from_percent", "updated_by", "updated_at"])
    _audit(
        AuditEvent.Kind.RECORD_CHANGED,
        kpi,
        by=by,
        event=CommissioningEvent.KPI_TARGET_CHANGED,
        before=before,
        annual_target=str(annual_target),
    )
    return kpi


def check_reporting_period(contract: Contract, period: Period) -> None:
    """Providers report on quarters of the contract's term that have started; a later one is refused on "quarter"."""
    problem = reporting_period_problem(
        period,
        contract_start=contract.start_date,
        contract_end=current_end_date(contract, list(contract.variations.all())),
        today=timezone.localdate(),
    )
    if problem is not None:
        raise MonitoringInvalid({"quarter": problem})


@transaction.atomic
def record_manual_figure(
    kpi: ContractKpi, *, period: Period, value: Decimal, by: User, note: str = ""
) -> ManualMeasurement:
    """The provider's figure for a measure the platform cannot count yet (shown as "entered by provider")."""
    if not kpi.manual:
        raise MonitoringInvalid({"value": "This KPI is counted from records: it cannot be entered by hand"})
    if value < 0:
        raise MonitoringInvalid({"value": "Figure must be 0 or more"})
    check_reporting_period(kpi.contract, period)
    figure, created = ManualMeasurement.objects.update_or_create(
        kpi=kpi,
        period_start=period.start,
        period_end=period.end,
        defaults={"value": value, "note": note, "updated_by": by},
        create_defaults={"value": value, "note": note, "created_by": by, "updated_by": by},
    )
    _audit(
        AuditEvent.Kind.RECORD_CREATED if created else AuditEvent.Kind.RECORD_CHANGED,
        figure,
        by=by,
        event=CommissioningEvent.MANUAL_FIGURE_ENTERED,
        value=str(value),
        period=[period.start.isoformat(), period.end.isoformat()],
    )
    return figure


def _kpis_for_return(contract: Contract, lot: Lot | None) -> list[ContractKpi]:
    return list(contract.kpis.filter(lot=lot).select_related("lot").order_by("pk"))


@transaction.atomic
def generate_return(contract: Contract, *, lot: Lot | None, period: Period, by: User) -> MonitoringReturn:
    """Generate (or refresh) the draft return for a period from live records. A period already submitted is
    corrected with a new version instead."""
    check_reporting_period(contract, period)
    if not contract.kpis.exists():
        # A return reports KPIs against their targets: with none agreed there is nothing to monitor yet.
        raise MonitoringInvalid({"period": "Add the contract's KPIs before generating a return"})
    existing = (
        MonitoringReturn.objects.select_for_update()
        .filter(contract=contract, lot=lot, period_start=period.start)
        .order_by("-version")
        .first()
    )
    if existing is not None and existing.is_frozen():
        raise MonitoringInvalid(
            {"period": "A return for this period has been submitted: correct it with a new version instead"}
        )
    figures = _generate_figures(contract, lot, period)
    if existing is None:
        monitoring_return = MonitoringReturn.objects.create(
            contract=contract,
            lot=lot,
            period_start=period.start,
            period_end=period.end,
            figures=figures,
            generated_at=timezone.now(),
            created_by=by,
            updated_by=by,
        )
    else:
        monitoring_return = existing
        monitoring_return.figures = figures
        monitoring_return.generated_at = timezone.now()
        monitoring_return.updated_by = by
        monitoring_return.save(update_fields=["figures", "generated_at", "updated_by", "updated_at"])
    _audit(
        AuditEvent.Kind.RECORD_CREATED if existing is None else AuditEvent.Kind.RECORD_CHANGED,
        monitoring_return,
        by=by,
        event=CommissioningEvent.RETURN_GENERATED,
        period=[period.start.isoformat(), period.end.isoformat()],
    )
    return monitoring_return


def _generate_figures(contract: Contract, lot: Lot | None, period: Period) -> list[dict[str, Any]]:
    kpis = _kpis_for_return(contract, lot)
    computed = compute_figures(contract, kpis, [period])
    return [computed[kpi.pk][0].as_json() for kpi in kpis]


def _lock(monitoring_return: MonitoringReturn) -> MonitoringReturn:
    return MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)


@transaction.atomic
def update_return_comment(monitoring_return: MonitoringReturn, *, comment: str, by: User) -> MonitoringReturn:
    monitoring_return = _lock(monitoring_return)
    if monitoring_return.is_frozen():
        raise ReturnFrozen("A submitted return cannot be changed.")
    monitoring_return.provider_comment = comment
    monitoring_return.updated_by = by
    monitoring_return.save(update_fields=["provider_comment", "updated_by", "updated_at"])
    _audit(AuditEvent.Kind.RECORD_CHANGED, monitoring_return, by=by, event=CommissioningEvent.RETURN_COMMENTED)
    return monitoring_return


@transaction.atomic
def submit_return(monitoring_return: MonitoringReturn, *, by: User, comment: str = "") -> MonitoringReturn:
    """Submit the figures the provider reviewed, as they are: from now on they never change. A submitted correction
    supersedes the version it corrects."""
    monitoring_return = _lock(monitoring_return)
    if monitoring_return.is_frozen():
        raise ReturnFrozen("This return has already been submitted.")
    if not monitoring_return.figures:
        raise MonitoringInvalid({"period": "A return with no KPI figures cannot be submitted: add the KPIs first"})
    now = timezone.now()
    monitoring_return.status = MonitoringReturn.Status.SUBMITTED
    monitoring_return.provider_comment = comment or monitoring_return.provider_comment
    monitoring_return.submitted_at = now
    monitoring_return.submitted_by = by
    monitoring_return.updated_by = by
    monitoring_return.save(
        update_fields=["status", "provider_comment", "submitted_at", "submitted_by", "updated_by", "updated_at"]
    )
    if monitoring_return.supersedes_id is not None:
        MonitoringReturn.objects.filter(pk=monitoring_return.supersedes_id).update(
            status=MonitoringReturn.Status.SUPERSEDED, updated_at=now
        )
    _audit(
        AuditEvent.Kind.RECORD_CHANGED,
        monitoring_return,
        by=by,
        event=CommissioningEvent.RETURN_SUBMITTED,
        version=monitoring_return.version,
    )
    return monitoring_return


@transaction.atomic
def correct_return(monitoring_return: MonitoringReturn, *, reason: str, by: User) -> MonitoringReturn:
    """Start a corrected version of a submitted return, regenerated from today's records, with the reason. The old
    version stays as it was, and is marked superseded when the correction is submitted."""
    monitoring_return = _lock(monitoring_return)
    if not reason.strip():
        raise MonitoringInvalid({"reason": "Enter why the return is being corrected"})
    if not monitoring_return.is_frozen() or monitoring_return.status == MonitoringReturn.Status.SUPERSEDED:
        raise MonitoringInvalid({"reason": "Only the current submitted version of a return can be corrected"})
    if MonitoringReturn.objects.filter(supersedes=monitoring_return).exists():
        raise MonitoringInvalid({"reason": "A correction of this return has already been started"})
    period = Period(monitoring_return.period_start, monitoring_return.period_end)
    correction = MonitoringReturn.objects.create(
        contract=monitoring_return.contract,
        lot=monitoring_return.lot,
        period_start=period.start,
        period_end=period.end,
        version=monitoring_return.version + 1,
        figures=_generate_figures(monitoring_return.contract, monitoring_return.lot, period),
        generated_at=timezone.now(),
        supersedes=monitoring_return,
        correction_reason=reason.strip(),
        created_by=by,
        updated_by=by,
    )
    _audit(
        AuditEvent.Kind.RECORD_CREATED,
        correction,
        by=by,
        event=CommissioningEvent.RETURN_CORRECTED,
        supersedes=monitoring_return.pk,
        reason=reason.strip(),
    )
    return correction
