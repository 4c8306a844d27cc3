"""The commissioner's side of monitoring: accepting or querying a submitted return, and the annual performance rating
on the Procurement Act 2023 s.71 scale. A contract the user may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from carershub.commissioning.forms.monitoring import RatingForm, ReviewReturnForm
from carershub.commissioning.selectors.monitoring import get_return_for_user, rating_evidence
from carershub.commissioning.services.monitoring import MonitoringInvalid
from carershub.commissioning.services.ratings import rate_contract_year
from carershub.commissioning.services.reviews import accept_return, query_return
from carershub.commissioning.views.monitoring import commissioner_only, contract_and_access
from carershub.commissioning.views.returns import render_return
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.forms import add_errors


@login_required
@require_POST
def review(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    contract, access = contract_and_access(request, reference)
    commissioner_only(access)
    _, monitoring_return = get_return_for_user(request.user, contract, pk)
    form = ReviewReturnForm(request.POST)
    if not form.is_valid():
        return render_return(request, contract, access, monitoring_return, form=form)
    try:
        if form.cleaned_data["decision"] == "accept":
            accept_return(monitoring_return, comment=form.cleaned_data["comment"], by=request.user)
            messages.success(request, "Return accepted")
        else:
            query_return(monitoring_return, comment=form.cleaned_data["comment"], by=request.user)
            messages.success(request, "Return queried: the provider has been asked to answer")
    except MonitoringInvalid as error:
        add_errors(form, error.errors)
        return render_return(request, contract, access, monitoring_return, form=form)
    return redirect("commissioning:return", contract.reference, monitoring_return.pk)


@login_required
@require_http_methods(["GET", "POST"])
def ratings(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The annual performance rating on the Procurement Act scale, with the evidence (commissioners rate)."""
    contract, access = contract_and_access(request, reference)
    evidence = rating_evidence(contract)
    form = None
    if access.is_commissioner:
        initial = {"rating": evidence.suggestion.rating.value if evidence.suggestion.rating else None}
        form = RatingForm(request.POST or None, initial={**initial, "evidence": evidence.suggestion.reason})
    if request.method == "POST":
        commissioner_only(access)
        if form is not None and form.is_valid():
            try:
                rate_contract_year(contract, by=request.user, **form.cleaned_data)
            except MonitoringInvalid as error:
                add_errors(form, error.errors)
            else:
                messages.success(request, "Rating recorded")
                return redirect(reverse("commissioning:ratings", args=[contract.reference]))
    return render(
        request,
        "commissioning/monitoring/ratings.html",
        {"contract": contract, "access": access, "evidence": evidence, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )
