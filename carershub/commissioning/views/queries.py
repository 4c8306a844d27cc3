"""The provider answers the commissioner's query on a monitoring return (issue 12: the provider's side of
monitoring). The answer joins the return's history and sends it back for review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from carershub.commissioning.forms.monitoring import AnswerQueryForm
from carershub.commissioning.selectors.monitoring import get_return_for_user
from carershub.commissioning.services.monitoring import MonitoringInvalid
from carershub.commissioning.services.queries import answer_query
from carershub.commissioning.views.monitoring import contract_and_access, provider_only
from carershub.commissioning.views.returns import render_return
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    contract, access = contract_and_access(request, reference)
    provider_only(access)  # only the provider answers; to a commissioner this address does not exist
    _, monitoring_return = get_return_for_user(request.user, contract, pk)
    form = AnswerQueryForm(request.POST)
    if not form.is_valid():
        return render_return(request, contract, access, monitoring_return, form=form)
    try:
        answer_query(monitoring_return, answer=form.cleaned_data["answer"], by=request.user)
    except MonitoringInvalid as error:
        add_errors(form, error.errors)
        return render_return(request, contract, access, monitoring_return, form=form)
    messages.success(request, "Answer sent: the commissioner will review the return again")
    return redirect("commissioning:return", contract.reference, monitoring_return.pk)
