"""Commissioning demo data: KPIs with Coventry-like targets on the demo contracts, last quarter's return submitted
and this quarter's as a draft. Idempotent: KPIs and returns that exist are left as they are."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.rules.rag import financial_quarter
from carershub.commissioning.services.monitoring import add_kpi, generate_return, record_manual_figure, submit_return
from carershub.core.seeding import SeedContext
from carershub.organisations.models import GPPractice, Organisation

# Coventry's current activity (Cabinet report, 2024): support 4,000 carers a year, identify 1,500 new carers, 500
# contingency plans, 340 assessments, about 70 direct payments, short breaks for 50 to 60 carers, about 1,000 hours
# of emergency support, and all of the city's GP surgeries engaged.
COVENTRY_TARGETS: tuple[tuple[str, Decimal], ...] = (
    ("carers_supported", Decimal(4000)),
    ("new_carers_identified", Decimal(1500)),
    ("contingency_plans_active", Decimal(500)),
    ("assessments_completed", Decimal(340)),
    ("direct_payments", Decimal(70)),
    ("short_breaks", Decimal(55)),
    ("emergency_support_hours", Decimal(1000)),
)
# Seed 001 §2.4: "A separate contract exists for the provision of Young Carers Assessments", so the 340 are Care Act
# carer's assessments only.
ASSESSMENT_KINDS: dict[str, tuple[str, ...]] = {"assessments_completed": (Assessment.Kind.CARERS,)}
MANUAL_FIGURES = {"direct_payments": (12, 22), "short_breaks": (9, 17)}


def _staff(organisation: Organisation | None, role: Role) -> User | None:
    if organisation is None:
        return None
    return (
        User.objects.filter(organisation=organisation, groups__name=role.value, is_active=True).order_by("pk").first()
    )


def seed(context: SeedContext) -> None:
    for contract in Contract.objects.prefetch_related("lots__provider", "areas").order_by("pk"):
        _seed_contract(context, contract)


def _seed_contract(context: SeedContext, contract: Contract) -> None:
    commissioner = _staff(contract.commissioner, Role.COMMISSIONER)
    lots = [lot for lot in contract.lots.all() if lot.provider is not None]
    if commissioner is None or not lots:
        return
    manager = _staff(lots[0].provider, Role.MANAGER)
    if manager is None:
        return
    practices = GPPractice.objects.filter(area__in=contract.areas.all()).count()
    targets = (*COVENTRY_TARGETS, ("gp_practices_engaged", Decimal(practices or 60)))
    existing = set(contract.kpis.filter(lot__isnull=True).values_list("measure", flat=True))
    for measure, target in targets:
        if measure not in existing:
            add_kpi(
                contract,
                measure=measure,
                annual_target=target,
                by=commissioner,
                assessment_kinds=ASSESSMENT_KINDS.get(measure, ()),
            )
    if contract.returns.exists():
        return
    this_quarter = financial_quarter(timezone.localdate())
    last_quarter = financial_quarter(this_quarter.start - timedelta(days=1))
    for measure, (low, high) in MANUAL_FIGURES.items():
        kpi = contract.kpis.get(measure=measure, lot__isnull=True)
        for quarter in (last_quarter, this_quarter):
            record_manual_figure(kpi, period=quarter, value=Decimal(context.rng.randint(low, high)), by=manager)
    submitted = generate_return(contract, lot=None, period=last_quarter, by=manager)
    submit_return(
        submitted, comment="Figures from the case management system; short breaks entered by hand.", by=manager
    )
    generate_return(contract, lot=None, period=this_quarter, by=manager)
    context.log(
        f"{contract.reference}: {len(targets)} KPIs, a submitted and a draft return "
        f"({MonitoringReturn.objects.filter(contract=contract).count()} returns)"
    )
