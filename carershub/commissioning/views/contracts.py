"""Contract pages: list, set up, the contract page, extension decisions, variations, status, demand, open data.

Commissioners and provider managers see the contracts the selectors allow (anything else is a 404, like a missing
contract); only the contract's commissioners change it. Every page shows aggregates only.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carershub.accounts.models import Role
from carershub.commissioning.charts import bar_chart_svg, format_value, line_chart_svg
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.forms.contracts import (
    DemandForecastForm,
    ExtensionDecisionForm,
    PopulationEstimateForm,
    StatusForm,
    VariationForm,
)
from carershub.commissioning.forms.set_up import ContractSetUpForm
from carershub.commissioning.models import Contract
from carershub.commissioning.ocds import as_json, release_package
from carershub.commissioning.rules.demand import DEFAULT_GROWTH_PERCENT
from carershub.commissioning.selectors.contracts import (
    contract_list_for,
    contract_overview,
    contract_role_of,
    get_contract_for_user,
    get_extension_decision,
    may_change_contract,
)
from carershub.commissioning.selectors.demand import contract_areas, contract_demand
from carershub.commissioning.services.demand import add_population_estimate
from carershub.commissioning.services.life_cycle import change_status, decide_extension, record_variation
from carershub.commissioning.services.set_up import ContractInvalid, set_up_contract
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent


def _require_commissioning_staff(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_role(Role.COMMISSIONER, Role.MANAGER):
        raise Http404


def _contract_to_change(request: AuthenticatedHttpRequest, reference: str) -> Contract:
    """The contract, if the user commissions it. A provider manager may see it but not change it: 404, as for
    anyone else, so the page they were not offered does not exist for them."""
    contract = get_contract_for_user(request.user, reference)
    if not may_change_contract(request.user, contract):
        raise Http404
    return contract


@login_required
@require_GET
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_commissioning_staff(request)
    contracts = list(contract_list_for(request.user))
    return render(
        request,
        "commissioning/contracts/list.html",
        {"contracts": contracts, "can_set_up": request.user.has_role(Role.COMMISSIONER)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_set_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.COMMISSIONER):
        raise Http404
    form = ContractSetUpForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contract = set_up_contract(form.set_up(), by=request.user)
        except ContractInvalid as invalid:
            add_errors(form, invalid.errors, rename=ContractSetUpForm.SERVICE_FIELDS)
        else:
            messages.success(request, f"Contract {contract.reference} set up")
            return redirect(contract)
    return render(request, "commissioning/contracts/set_up.html", {"form": form})


@login_required
@require_GET
def contract_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _require_commissioning_staff(request)
    overview = contract_overview(request.user, reference)
    years_chart = bar_chart_svg(
        title="Value of each contract year",
        series=[(f"Year {y.year}{' (extension)' if y.is_extension else ''}", y.value) for y in overview.years],
        unit="£",
    )
    return render(
        request,
        "commissioning/contracts/detail.html",
        {
            "overview": overview,
            "contract": overview.contract,
            "is_commissioner": overview.role == "commissioner",
            "years_chart": years_chart,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_decide(request: AuthenticatedHttpRequest, reference: str, option: int) -> HttpResponse:
    contract = _contract_to_change(request, reference)
    decision = get_extension_decision(contract, option)
    if decision.outcome:
        raise Http404
    options = contract.extension_options_as_taken()
    years = options[decision.option_number - 1] if decision.option_number <= len(options) else 0
    remaining = sum(contract.extension_years) - sum(contract.extension_parts_taken)
    form = ExtensionDecisionForm(request.POST or None, initial={"years": years})
    if request.method == "POST" and form.is_valid():
        try:
            decide_extension(
                decision,
                outcome=form.cleaned_data["outcome"],
                decided_on=form.cleaned_data["decided_on"],
                decision_reference=form.cleaned_data["decision_reference"],
                years=form.cleaned_data["years"],
                by=request.user,
            )
        except ContractInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Decision on extension option {decision.option_number} recorded")
            return redirect(contract)
    return render(
        request,
        "commissioning/contracts/decide.html",
        {"form": form, "contract": contract, "decision": decision, "years": years, "remaining": remaining},
    )


@login_required
@require_http_methods(["GET", "POST"])
def variation_new(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    contract = _contract_to_change(request, reference)
    form = VariationForm(request.POST or None, initial={"new_annual_value": contract.annual_value})
    if request.method == "POST" and form.is_valid():
        try:
            record_variation(contract, **form.cleaned_data, by=request.user)
        except ContractInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Variation recorded")
            return redirect(contract)
    return render(request, "commissioning/contracts/variation.html", {"form": form, "contract": contract})


@login_required
@require_http_methods(["GET", "POST"])
def contract_status(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    contract = _contract_to_change(request, reference)
    form = StatusForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            change_status(contract, status=form.cleaned_data["status"], by=request.user)
        except ContractInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Status changed")
            return redirect(contract)
    return render(request, "commissioning/contracts/status.html", {"form": form, "contract": contract})


@login_required
@require_GET
def contract_demand_page(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _require_commissioning_staff(request)
    contract = get_contract_for_user(request.user, reference)
    role = contract_role_of(request.user, contract)
    form = DemandForecastForm(request.GET if "growth_percent" in request.GET else None)
    growth, capacity = DEFAULT_GROWTH_PERCENT, None
    if form.is_bound and form.is_valid():
        growth = form.cleaned_data["growth_percent"]
        capacity = form.cleaned_data["capacity"]
    elif not form.is_bound:
        form = DemandForecastForm(initial={"growth_percent": DEFAULT_GROWTH_PERCENT})
    demand = contract_demand(contract, growth_percent=growth, capacity=capacity, today=timezone.localdate())
    reach_chart = bar_chart_svg(
        title="Estimated carers, registered and supported, by area",
        series=[
            (f"{row.area.name}: {label}", value)
            for row in demand.areas
            for label, value in (
                ("estimated", row.estimated),
                ("registered", row.registered),
                ("supported", row.supported),
            )
        ],
        missing_label="fewer than 5",
    )
    forecast_lines: list[tuple[str, list[Decimal | int | None]]] = [
        ("Forecast demand (carers)", [year.demand for year in demand.forecast])
    ]
    if demand.capacity is not None:
        forecast_lines.append(("Capacity (carers)", [demand.capacity for _ in demand.forecast]))
    forecast_chart = line_chart_svg(
        title=f"Demand forecast at {format_value(growth, '%')} growth a year against capacity",
        x_labels=[year.label for year in demand.forecast],
        lines=forecast_lines,
    )
    budget_chart = line_chart_svg(
        title="Cost of meeting forecast demand against the contract value",
        x_labels=[year.label for year in demand.forecast],
        lines=[
            ("Cost at today's cost per carer (£)", [year.cost for year in demand.forecast]),
            ("Contract value (£)", [year.budget for year in demand.forecast]),
        ],
        unit="£",
    )
    return render(
        request,
        "commissioning/contracts/demand.html",
        {
            "contract": contract,
            "demand": demand,
            "form": form,
            "growth": growth,
            "is_commissioner": role == "commissioner",
            "reach_chart": reach_chart,
            "forecast_chart": forecast_chart,
            "budget_chart": budget_chart,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def population_estimate_new(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    contract = _contract_to_change(request, reference)
    form = PopulationEstimateForm(request.POST or None, areas=contract_areas(contract))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_population_estimate(
                data["area"],
                measure=data["measure"],
                value=data["value"],
                source=data["source"],
                as_of=data["as_of"],
                by=request.user,
            )
        except ContractInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Population estimate added")
            return redirect("commissioning:contract_demand", contract.reference)
    return render(request, "commissioning/contracts/population_estimate.html", {"form": form, "contract": contract})


@login_required
@require_GET
def contract_ocds(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _require_commissioning_staff(request)
    contract = get_contract_for_user(request.user, reference)
    package = release_package(contract, uri=request.build_absolute_uri(), published=timezone.now())
    record_event(
        AuditEvent.Kind.EXPORTED,
        actor=request.user,
        subject=contract,
        event=CommissioningEvent.CONTRACT_EXPORTED,
        detail={"format": "ocds"},
    )
    response = HttpResponse(as_json(package), content_type="application/json")
    filename = f"{contract.reference}-ocds-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
