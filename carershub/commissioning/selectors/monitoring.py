"""What a commissioner or provider manager sees of a contract's performance: KPIs, figures, returns, ratings.

Only aggregates, and counts of 1 to 4 shown as "fewer than 5", to everyone on these pages: a return is a document
both sides share, so it shows the same figures to both. A provider manager sees their own lots' KPIs and returns
(and the whole contract's only when they deliver every lot of it).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.kpis.figures import Figure, compute_figures
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.kpis.types import KpiDefinition
from carershub.commissioning.models import (
    Contract,
    ContractKpi,
    ExtensionDecision,
    Lot,
    MonitoringReturn,
    PerformanceRating,
    ReturnMessage,
)
from carershub.commissioning.rules.contract_terms import ContractYear
from carershub.commissioning.rules.rag import (
    SUPPRESSED,
    Period,
    Rag,
    difference,
    financial_quarter,
    financial_year,
    is_suppressed,
    previous_quarters,
    suggest_rating,
)
from carershub.commissioning.selectors.contracts import (
    ContractRole,
    contract_role_of,
    contracts_visible_to,
    may_change_contract,
    varied_terms,
)

RAG_LABELS = {Rag.GREEN: "Green", Rag.AMBER: "Amber", Rag.RED: "Red"}
RAG_TAGS = {Rag.GREEN: "govuk-tag--green", Rag.AMBER: "govuk-tag--yellow", Rag.RED: "govuk-tag--red"}


def shown(value: Any, base: int | None = None, *, suppressed: bool = False) -> str:
    """A figure as anyone may see it on these pages: 1 to 4 (or resting on 1 to 4) is "fewer than 5", and so is a
    figure `suppressed` beside its total (secondary suppression)."""
    if value is None:
        return "Not entered"
    if suppressed or is_suppressed(base if base is not None else _number(value)):
        return SUPPRESSED
    number = _number(value)
    if isinstance(number, Decimal) and number == number.to_integral_value():
        return f"{int(number):,}"
    if isinstance(number, Decimal):
        return f"{number:,}"
    return f"{number:,}"


def _number(value: Any) -> int | Decimal:
    if isinstance(value, int | Decimal):
        return value
    return Decimal(str(value))


@dataclass(frozen=True)
class Access:
    role: ContractRole
    lots: tuple[Lot, ...]
    whole_contract: bool
    # Lead and joint commissioners change KPIs, accept returns and rate; funding partners only look.
    may_change: bool = False

    @property
    def is_commissioner(self) -> bool:
        return self.role == "commissioner"


def access_to(user: User, contract: Contract) -> Access:
    """Which lots of the contract the user sees, and whether they see the whole contract (Http404 if neither)."""
    role = contract_role_of(user, contract)
    lots = tuple(contract.lots.select_related("provider").order_by("number"))
    if role == "commissioner":
        return Access(role, lots, True, may_change=may_change_contract(user, contract))
    mine = tuple(lot for lot in lots if lot.provider_id == user.organisation_id)
    return Access(role, mine, len(mine) == len(lots))


def kpis_for(access: Access, contract: Contract) -> list[ContractKpi]:
    condition = Q(lot__in=[lot.pk for lot in access.lots])
    if access.whole_contract:
        condition |= Q(lot__isnull=True)
    return list(contract.kpis.filter(condition).select_related("lot").order_by("lot__number", "pk"))


@dataclass(frozen=True)
class KpiRow:
    kpi: ContractKpi
    definition: KpiDefinition | None
    figure: Figure
    series: list[Figure]

    @property
    def shown_value(self) -> str:
        return shown(self.figure.value, self.figure.base, suppressed=self.figure.is_suppressed)

    @property
    def shown_series(self) -> list[tuple[str, str]]:
        return [
            (shown(figure.value, figure.base, suppressed=figure.is_suppressed), f"{figure.target.normalize():,f}")
            for figure in self.series
        ]

    @property
    def shown_target(self) -> str:
        return f"{self.figure.target.normalize():,f}"

    @property
    def rag_label(self) -> str:
        return RAG_LABELS[Rag(self.figure.rag)] if self.figure.rag else "No figure"

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS[Rag(self.figure.rag)] if self.figure.rag else "govuk-tag--grey"

    @property
    def source(self) -> str:
        return "Entered by provider" if self.kpi.manual else (self.definition.source if self.definition else "")


def kpi_rows(contract: Contract, kpis: list[ContractKpi], *, quarters: Sequence[Period]) -> list[KpiRow]:
    """Each KPI's figures for the quarters given (oldest first); the last is the one shown at a glance."""
    computed = compute_figures(contract, kpis, list(quarters), max_age_seconds=settings.CARERSHUB_KPI_CACHE_SECONDS)
    return [KpiRow(kpi, KPI_LIBRARY.get(kpi.measure), computed[kpi.pk][-1], computed[kpi.pk]) for kpi in kpis]


# The quarters a KPI dashboard shows, oldest first, ending with the current one.
DASHBOARD_QUARTERS: Final = 4
# Contracts whose dashboards are looked at, so their figures are kept computed.
_CONTRACTS_IN_FORCE: Final = (Contract.Status.MOBILISING, Contract.Status.LIVE, Contract.Status.EXTENDED)


def refresh_kpi_figures(today: date | None = None) -> int:
    """Compute every in-force contract's dashboard figures afresh and keep them for CARERSHUB_KPI_CACHE_SECONDS, so
    a commissioner or provider opening a dashboard never waits for a county's live counts. Returns the contracts
    refreshed. Run it from cron more often than the figures expire."""
    max_age = settings.CARERSHUB_KPI_CACHE_SECONDS
    if max_age <= 0:
        return 0
    quarters = recent_quarters(DASHBOARD_QUARTERS, today)
    contracts = Contract.objects.filter(status__in=_CONTRACTS_IN_FORCE).order_by("pk")
    refreshed = 0
    for contract in contracts:
        kpis = list(contract.kpis.select_related("lot").order_by("lot__number", "pk"))
        compute_figures(contract, kpis, quarters, max_age_seconds=max_age, refresh=True)
        refreshed += 1
    return refreshed


def current_quarter(today: date | None = None) -> Period:
    return financial_quarter(today or timezone.localdate())


def recent_quarters(count: int = 4, today: date | None = None) -> list[Period]:
    return previous_quarters(today or timezone.localdate(), count)


def returns_for(access: Access, contract: Contract) -> QuerySet[MonitoringReturn]:
    """Returns of the lots (and whole contract) the user sees. Commissioners do not see providers' drafts."""
    condition = Q(lot__in=[lot.pk for lot in access.lots])
    if access.whole_contract:
        condition |= Q(lot__isnull=True)
    returns = contract.returns.filter(condition).select_related("lot", "submitted_by", "reviewed_by")
    if access.is_commissioner:
        returns = returns.exclude(status=MonitoringReturn.Status.DRAFT)
    return returns.order_by("-period_start", "lot__number", "-version")


def get_return_for_user(user: User, contract: Contract, pk: int) -> tuple[Access, MonitoringReturn]:
    access = access_to(user, contract)
    monitoring_return = returns_for(access, contract).filter(pk=pk).first()
    if monitoring_return is None:
        raise Http404("No return found")
    return access, monitoring_return


@dataclass(frozen=True)
class ReturnLine:
    label: str
    frozen: str
    live: str
    change: str
    target: str
    rag: str | None
    manual: bool


def return_lines(monitoring_return: MonitoringReturn) -> list[ReturnLine]:
    """The return's figures as submitted, next to what today's records say (so later corrections show)."""
    period = Period(monitoring_return.period_start, monitoring_return.period_end)
    kpis = {kpi.pk: kpi for kpi in ContractKpi.objects.filter(pk__in=[row["kpi"] for row in monitoring_return.figures])}
    live = compute_figures(
        monitoring_return.contract, list(kpis.values()), [period], max_age_seconds=settings.CARERSHUB_KPI_CACHE_SECONDS
    )
    lines = []
    for row in monitoring_return.figures:
        frozen_value = None if row["value"] is None else Decimal(row["value"])
        live_figure = live[row["kpi"]][0] if row["kpi"] in live else None
        live_value = live_figure.value if live_figure else None
        change = difference(frozen_value, live_value)
        suppressed = row["suppressed"] or (live_figure is not None and live_figure.is_suppressed)
        lines.append(
            ReturnLine(
                label=row["label"],
                frozen=shown(frozen_value, row["base"], suppressed=row["suppressed"]),
                live=shown(
                    live_value,
                    live_figure.base if live_figure else None,
                    suppressed=live_figure is not None and live_figure.is_suppressed,
                ),
                change=_change(change, suppressed=suppressed),
                target=f"{Decimal(row['target']).normalize():,f}",
                rag=row["rag"],
                manual=row["manual"],
            )
        )
    return lines


def _change(change: Decimal | int | None, *, suppressed: bool) -> str:
    if change is None:
        return ""
    if change == 0:
        return "No change"
    size = -change if change < 0 else change
    if suppressed or is_suppressed(size):
        # A small difference could single out a person whose record was corrected.
        return "Changed (by fewer than 5)" if is_suppressed(size) else "Changed"
    return f"{change:+,}"


@dataclass(frozen=True)
class ContractSummary:
    contract: Contract
    role: ContractRole
    annual_value: Decimal
    # What the funders put into the contract year running today (year 1 before the start), every standing counted,
    # and how much of that is committed rather than anticipated or assumed.
    contributions_total: Decimal
    next_decision: ExtensionDecision | None
    rag_counts: dict[str, int]
    # The contract year running today (uplift and variations applied); None before the start or after the end.
    current_year: ContractYear | None = None
    committed_total: Decimal = Decimal("0.00")

    @property
    def uncovered(self) -> Decimal:
        """How much of this contract year's value the funders' contributions do not cover (0 when covered)."""
        if self.current_year is None:
            return Decimal("0.00")
        return max(self.current_year.value - self.contributions_total, Decimal("0.00"))

    @property
    def over_budget(self) -> Decimal:
        """How far the funders' contributions exceed this contract year's value (0 when they do not)."""
        if self.current_year is None:
            return Decimal("0.00")
        return max(self.contributions_total - self.current_year.value, Decimal("0.00"))


def _year_running(contract: Contract, today: date) -> ContractYear | None:
    years = varied_terms(contract, list(contract.variations.all())).years
    return next((year for year in years if year.start <= today <= year.end), None)


def dashboard_for(user: User) -> list[ContractSummary]:
    """The user's contracts with next decisions due, budget and KPI RAG at a glance for the current quarter."""
    contracts = list(
        contracts_visible_to(user)
        .select_related("commissioner")
        .prefetch_related("variations", "contributions")
        .order_by("reference")
    )
    today = timezone.localdate()
    decisions: dict[int, ExtensionDecision] = {}
    undecided = ExtensionDecision.objects.filter(contract__in=contracts, outcome="").order_by("decision_due_on")
    for decision in undecided:
        decisions.setdefault(decision.contract_id, decision)
    quarter = current_quarter()
    summaries = []
    for contract in contracts:
        current_year = _year_running(contract, today)
        year_number = current_year.year if current_year is not None else 1
        this_year = [c for c in contract.contributions.all() if c.contract_year == year_number]
        access = access_to(user, contract)
        rows = kpi_rows(contract, kpis_for(access, contract), quarters=[quarter])
        counts = {"green": 0, "amber": 0, "red": 0, "none": 0}
        for row in rows:
            counts[row.figure.rag or "none"] += 1
        summaries.append(
            ContractSummary(
                contract,
                access.role,
                contract.annual_value,
                sum((c.amount for c in this_year), Decimal("0.00")),
                decisions.get(contract.pk),
                counts,
                current_year,
                sum((c.amount for c in this_year if c.standing == c.Standing.COMMITTED), Decimal("0.00")),
            )
        )
    return summaries


def next_decisions_due(user: User) -> QuerySet[ExtensionDecision]:
    return (
        ExtensionDecision.objects.filter(contract__in=contracts_visible_to(user), outcome="")
        .select_related("contract")
        .order_by("decision_due_on")
    )


def earliest_due(user: User) -> date | None:
    result: date | None = next_decisions_due(user).aggregate(first=Min("decision_due_on"))["first"]
    return result


@dataclass(frozen=True)
class YearEvidence:
    year: Period
    rags: list[str | None]
    suggestion: Any
    ratings: list[PerformanceRating]

    @property
    def suggested_label(self) -> str:
        rating = self.suggestion.rating
        return str(PerformanceRating.Rating(rating.value).label) if rating else ""


def rating_evidence(contract: Contract, *, on: date | None = None) -> YearEvidence:
    """Every KPI's RAG in the financial year's submitted (or accepted) returns, and the rating it suggests."""
    year = financial_year(on or timezone.localdate())
    returns = contract.returns.filter(
        period_start__gte=year.start,
        period_end__lte=year.end,
        status__in=[MonitoringReturn.Status.SUBMITTED, MonitoringReturn.Status.ACCEPTED],
    )
    rags = [row["rag"] for monitoring_return in returns for row in monitoring_return.figures]
    return YearEvidence(year, rags, suggest_rating(rags), list(contract.ratings.order_by("-contract_year")))


def return_conversation(monitoring_return: MonitoringReturn) -> list[ReturnMessage]:
    """The queries and answers on a return, oldest first, with who wrote them (one query). The caller has already
    been allowed to see the return (get_return_for_user)."""
    return list(
        ReturnMessage.objects.filter(monitoring_return=monitoring_return).select_related("created_by", "organisation")
    )
