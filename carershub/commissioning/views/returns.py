"""The provider's quarterly return: generated from live records, reviewed and submitted, corrected with a new
version. Every page shows aggregates only; a contract or return the user may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.commissioning.forms.monitoring import (
    AnswerQueryForm,
    CorrectReturnForm,
    GenerateReturnForm,
    ReviewReturnForm,
    SubmitReturnForm,
)
from carershub.commissioning.models import Contract, MonitoringReturn
from carershub.commissioning.rules.rag import Period
from carershub.commissioning.selectors.monitoring import (
    Access,
    current_quarter,
    get_return_for_user,
    return_conversation,
    return_lines,
    returns_for,
)
from carershub.commissioning.services.monitoring import (
    MonitoringInvalid,
    ReturnFrozen,
    correct_return,
    generate_return,
    submit_return,
    update_return_comment,
)
from carershub.commissioning.views.monitoring import contract_and_access, provider_only, quarter_choice
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors


def _render_returns(
    request: AuthenticatedHttpRequest, contract: Contract, access: Access, *, form: GenerateReturnForm | None = None
) -> HttpResponse:
    if form is None and not access.is_commissioner:
        form = GenerateReturnForm(
            lots=list(access.lots), whole_contract=access.whole_contract, **quarter_choice(contract)
        )
    return render(
        request,
        "commissioning/monitoring/returns.html",
        {
            "contract": contract,
            "access": access,
            "returns": returns_for(access, contract),
            "quarter": current_quarter(),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def returns(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The contract's quarterly returns; a provider manager generates this quarter's from live records."""
    contract, access = contract_and_access(request, reference)
    if request.method == "GET":
        return _render_returns(request, contract, access)
    provider_only(access)
    form = GenerateReturnForm(
        request.POST, lots=list(access.lots), whole_contract=access.whole_contract, **quarter_choice(contract)
    )
    if not form.is_valid():
        return _render_returns(request, contract, access, form=form)
    try:
        monitoring_return = generate_return(
            contract, lot=form.chosen_lot(), period=form.cleaned_data["quarter"], by=request.user
        )
    except MonitoringInvalid as error:
        for field, message in error.errors.items():
            form.add_error("quarter" if field in {"period", "quarter"} else None, message)
        return _render_returns(request, contract, access, form=form)
    messages.success(request, "Return generated from live records: review it, then submit it")
    return redirect("commissioning:return", contract.reference, monitoring_return.pk)


def render_return(
    request: AuthenticatedHttpRequest,
    contract: Contract,
    access: Access,
    monitoring_return: MonitoringReturn,
    *,
    form: SubmitReturnForm | ReviewReturnForm | CorrectReturnForm | AnswerQueryForm | None = None,
) -> HttpResponse:
    status = MonitoringReturn.Status
    submit_form = review_form = correct_form = answer_form = None
    if not access.is_commissioner and monitoring_return.status == status.QUERIED:
        answer_form = form if isinstance(form, AnswerQueryForm) else AnswerQueryForm()
    if not access.is_commissioner and monitoring_return.status == status.DRAFT:
        submit_form = (
            form
            if isinstance(form, SubmitReturnForm)
            else SubmitReturnForm(initial={"comment": monitoring_return.provider_comment})
        )
    if access.is_commissioner and monitoring_return.status == status.SUBMITTED:
        review_form = form if isinstance(form, ReviewReturnForm) else ReviewReturnForm()
    correctable = monitoring_return.status in (status.SUBMITTED, status.QUERIED, status.ACCEPTED)
    if not access.is_commissioner and correctable and not hasattr(monitoring_return, "superseded_by"):
        correct_form = form if isinstance(form, CorrectReturnForm) else CorrectReturnForm()
    return render(
        request,
        "commissioning/monitoring/return.html",
        {
            "contract": contract,
            "access": access,
            "monitoring_return": monitoring_return,
            "period": Period(monitoring_return.period_start, monitoring_return.period_end),
            "lines": return_lines(monitoring_return),
            "submit_form": submit_form,
            "review_form": review_form,
            "correct_form": correct_form,
            "answer_form": answer_form,
            "conversation": return_conversation(monitoring_return),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_GET
def return_detail(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    contract, access = contract_and_access(request, reference)
    _, monitoring_return = get_return_for_user(request.user, contract, pk)
    return render_return(request, contract, access, monitoring_return)


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    contract, access = contract_and_access(request, reference)
    provider_only(access)
    _, monitoring_return = get_return_for_user(request.user, contract, pk)
    form = SubmitReturnForm(request.POST)
    if not form.is_valid():
        return render_return(request, contract, access, monitoring_return, form=form)
    try:
        if request.POST.get("action") == "save":
            update_return_comment(monitoring_return, comment=form.cleaned_data["comment"], by=request.user)
            messages.success(request, "Comment saved")
        else:
            submit_return(monitoring_return, comment=form.cleaned_data["comment"], by=request.user)
            messages.success(request, "Return submitted: its figures are now fixed")
    except ReturnFrozen:
        messages.error(request, "This return has already been submitted: correct it with a new version instead")
    return redirect("commissioning:return", contract.reference, monitoring_return.pk)


@login_required
@require_POST
def correct(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    contract, access = contract_and_access(request, reference)
    provider_only(access)
    _, monitoring_return = get_return_for_user(request.user, contract, pk)
    form = CorrectReturnForm(request.POST)
    if not form.is_valid():
        return render_return(request, contract, access, monitoring_return, form=form)
    try:
        correction = correct_return(monitoring_return, reason=form.cleaned_data["reason"], by=request.user)
    except MonitoringInvalid as error:
        add_errors(form, error.errors)
        return render_return(request, contract, access, monitoring_return, form=form)
    messages.success(request, f"Version {correction.version} started from today's records: review it, then submit it")
    return redirect("commissioning:return", contract.reference, correction.pk)
