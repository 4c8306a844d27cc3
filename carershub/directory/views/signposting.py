"""Signposting from a carer's record: search the directory, choose a service, record it (and send its details)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from carershub.core.access import AuthenticatedHttpRequest
from carershub.directory.forms import FindSupportForm, SignpostForm
from carershub.directory.selectors.search import get_published_service, search_services, with_summary
from carershub.directory.services.signposting import signpost
from carershub.people.selectors import get_person_for_user

RESULTS = 20


@login_required
@require_GET
def search(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = FindSupportForm(request.GET or None)
    services = []
    if request.GET and form.is_valid():
        services = list(with_summary(search_services(form.filters(area_id=person.area_id)))[:RESULTS])
    return render(request, "directory/signpost_search.html", {"person": person, "form": form, "services": services})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def confirm(request: AuthenticatedHttpRequest, person_id: int, service_id: str) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    service = get_published_service(service_id)
    if service.area_id != person.area_id:
        raise Http404
    form = SignpostForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        result = signpost(
            person,
            service=service,
            by=request.user,
            note=form.cleaned_data["note"],
            channel=form.cleaned_data["channel"],
            email_to=form.cleaned_data["email"] if form.cleaned_data["send_email"] else "",
        )
        messages.success(
            request,
            f"Signposting to {service.name} recorded"
            + (" and details emailed to the carer" if result.email_queued else ""),
        )
        return redirect(person.get_absolute_url())
    return render(request, "directory/signpost_confirm.html", {"person": person, "service": service, "form": form})
