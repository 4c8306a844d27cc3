"""Dashboards, KPIs and targets, figures the provider enters, exports, and what every monitoring page checks first:
the contract and the user's access to it. Returns are in views.returns, the commissioner's review and ratings in
views.reviews, the provider's answer to a query in views.queries.

Every page shows aggregates only, with counts of 1 to 4 as "fewer than 5". A contract the user may not see is a 404.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.commissioning.charts import line_chart_svg
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.exports import as_csv, as_xlsx, kpi_series_table
from carershub.commissioning.forms.monitoring import KpiTargetForm, ManualFigureForm
from carershub.commissioning.models import Contract
from carershub.commissioning.rules.rag import SUPPRESSED, Period, reportable_quarters
from carershub.commissioning.selectors.contracts import get_contract_for_user, varied_terms
from carershub.commissioning.selectors.monitoring import (
    DASHBOARD_QUARTERS,
    Access,
    KpiRow,
    access_to,
    current_quarter,
    dashboard_for,
    kpi_rows,
    kpis_for,
    recent_quarters,
)
from carershub.commissioning.services.monitoring import MonitoringInvalid, add_kpi, record_manual_figure, set_kpi_target
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent

QUARTERS_SHOWN = DASHBOARD_QUARTERS


def contract_and_access(request: AuthenticatedHttpRequest, reference: str) -> tuple[Contract, Access]:
    contract = get_contract_for_user(request.user, reference)
    return contract, access_to(request.user, contract)


def quarter_choice(contract: Contract) -> dict[str, Any]:
    """What a quarter choice needs: the quarters of the contract's term (as varied) that have started."""
    today = timezone.localdate()
    end = varied_terms(contract).current_end_date
    return {
        "quarters": reportable_quarters(contract_start=contract.start_date, contract_end=end, today=today),
        "contract_start": contract.start_date,
        "contract_end": end,
        "today": today,
    }


def commissioner_only(access: Access) -> None:
    if not access.is_commissioner or not access.may_change:
        raise Http404("No contract found")


def provider_only(access: Access) -> None:
    if access.is_commissioner:
        raise Http404("No contract found")


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A commissioner's contracts (or a provider manager's lots): decisions due, budget, KPI RAG at a glance."""
    if not request.user.has_role(Role.COMMISSIONER, Role.MANAGER):
        raise Http404
    return render(
        request,
        "commissioning/monitoring/dashboard.html",
        {"summaries": dashboard_for(request.user), "quarter": current_quarter()},
    )


def _chart(rows: list[KpiRow], quarters: list[Period]) -> str:
    """Achievement against target per quarter (%), one line per KPI: figures of different sizes on one scale.
    A suppressed figure is a gap, labelled "fewer than 5"."""
    lines = []
    for row in rows:
        values: list[Decimal | int | None] = []
        for figure in row.series:
            if figure.value is None or figure.is_suppressed or figure.target == 0:
                values.append(None)
            else:
                values.append((Decimal(figure.value) / figure.target * 100).quantize(Decimal(1)))
        lines.append((str(row.kpi), values))
    return line_chart_svg(
        title="Each KPI as a percentage of its target, by quarter",
        x_labels=[quarter.short_label for quarter in quarters],
        lines=lines,
        unit="%",
        missing_label=f"No figure or {SUPPRESSED}",
    )


def _render_kpis(
    request: AuthenticatedHttpRequest, contract: Contract, access: Access, *, form: KpiTargetForm | None = None
) -> HttpResponse:
    quarters = recent_quarters(QUARTERS_SHOWN)
    rows = kpi_rows(contract, kpis_for(access, contract), quarters=quarters)
    if access.is_commissioner and form is None:
        form = KpiTargetForm(lots=list(access.lots))
    return render(
        request,
        "commissioning/monitoring/kpis.html",
        {
            "contract": contract,
            "access": access,
            "rows": rows,
            "quarters": quarters,
            "quarter": quarters[-1],
            "kpi_cache_minutes": -(-settings.CARERSHUB_KPI_CACHE_SECONDS // 60),
            "chart": _chart(rows, quarters) if rows else "",
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpis(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The contract's KPIs: this quarter's figure against the pro-rated target with RAG, the last four quarters as a
    chart and a table. A commissioner adds KPIs from the library and sets targets here."""
    contract, access = contract_and_access(request, reference)
    if request.method == "GET":
        return _render_kpis(request, contract, access)
    commissioner_only(access)
    form = KpiTargetForm(request.POST, lots=list(access.lots))
    if not form.is_valid():
        return _render_kpis(request, contract, access, form=form)
    action = request.POST.get("action", "add")
    arguments = {
        "measure": form.cleaned_data["measure"],
        "lot": form.chosen_lot(),
        "annual_target": form.cleaned_data["annual_target"],
        "green_from_percent": form.cleaned_data["green_from_percent"],
        "amber_from_percent": form.cleaned_data["amber_from_percent"],
        "by": request.user,
    }
    try:
        if action == "target":
            kpi = set_kpi_target(contract, **arguments)
            messages.success(request, f"Target for {kpi} changed")
        else:
            kpi = add_kpi(contract, assessment_kinds=form.cleaned_data["assessment_kinds"], **arguments)
            messages.success(request, f"{kpi} added")
    except MonitoringInvalid as error:
        add_errors(form, error.errors)
        return _render_kpis(request, contract, access, form=form)
    return redirect("commissioning:kpis", contract.reference)


@login_required
@require_http_methods(["GET", "POST"])
def manual_figure(request: AuthenticatedHttpRequest, reference: str, kpi_id: int) -> HttpResponse:
    """The provider enters this quarter's figure for a measure the platform cannot count yet."""
    contract, access = contract_and_access(request, reference)
    provider_only(access)
    kpi = next((kpi for kpi in kpis_for(access, contract) if kpi.pk == kpi_id and kpi.manual), None)
    if kpi is None:
        raise Http404("No KPI found")
    form = ManualFigureForm(request.POST or None, **quarter_choice(contract))
    if request.method == "POST" and form.is_valid():
        quarter: Period = form.cleaned_data["quarter"]
        try:
            with transaction.atomic():
                record_manual_figure(
                    kpi,
                    period=quarter,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
        except MonitoringInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, f"Figure for {kpi} saved for {quarter.label}")
            return redirect("commissioning:kpis", contract.reference)
    return render(
        request,
        "commissioning/monitoring/manual_figure.html",
        {"contract": contract, "kpi": kpi, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def export_kpis(request: AuthenticatedHttpRequest, reference: str, file_format: str) -> HttpResponse:
    """The KPI series per quarter as CSV or Excel, suppressed like the page."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("No such export")
    contract, access = contract_and_access(request, reference)
    quarters = recent_quarters(QUARTERS_SHOWN)
    rows = kpi_rows(contract, kpis_for(access, contract), quarters=quarters)
    table = kpi_series_table(rows, quarters)
    with transaction.atomic():
        record_event(
            AuditEvent.Kind.EXPORTED,
            actor=request.user,
            subject=contract,
            event=CommissioningEvent.KPI_SERIES_EXPORTED,
            detail={"format": file_format},
        )
    name = f"{contract.reference}-kpis"
    if file_format == "csv":
        response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            as_xlsx(table, title=f"{contract.reference}: {contract.title}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
