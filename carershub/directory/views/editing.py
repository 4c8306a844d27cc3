"""Providers keep their entries true; the council checks each change before it is published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.directory.forms import DecisionForm, NewEntryForm, ServiceEntryForm, initial_for
from carershub.directory.models import Service
from carershub.directory.selectors.editing import (
    changes_awaiting,
    get_change_for_approver,
    get_service_for_editor,
    history_of,
    may_approve_in_area,
    pending_change_of,
    services_editable_by,
)
from carershub.directory.services.editing import (
    NotAllowed,
    StaleDirectoryEdit,
    add_entry,
    approve_change,
    assure_service,
    current_values,
    propose_change,
    reject_change,
    withdraw_service,
)
from carershub.organisations.models import Area
from carershub.organisations.selectors import area_ids_of


@login_required
@require_GET
def entries(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entries this user may edit, and (for the council) the changes waiting for a check."""
    services = list(services_editable_by(request.user).select_related("organisation").order_by("name", "pk"))
    waiting = list(changes_awaiting(request.user))
    if not services and not waiting and not request.user.has_perm("directory.edit_own_entries"):
        raise Http404
    return render(request, "directory/manage/entries.html", {"services": services, "waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A provider's directory editor adds an entry; it is published once the council has checked it."""
    organisation = request.user.organisation
    if organisation is None or not request.user.has_perm("directory.edit_own_entries"):
        raise Http404
    areas = Area.objects.filter(pk__in=area_ids_of(request.user)).order_by("name")
    form = NewEntryForm(
        request.POST or None,
        areas=areas,
        initial={"status": Service.Status.ACTIVE, "is_free": "True", "access": Service.Access.SELF_REFERRAL},
    )
    if request.method == "POST" and form.is_valid():
        proposed = add_entry(organisation, area=form.cleaned_data["area"], values=form.values(), by=request.user)
        messages.success(
            request,
            "Entry published"
            if proposed.published
            else "Entry sent to the council to check. It appears in the directory once they have",
        )
        return redirect("directory:edit", service_id=proposed.change.service_id)
    return render(request, "directory/manage/add.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, service_id: str) -> HttpResponse:
    service = get_service_for_editor(request.user, service_id)
    values = current_values(service)
    pending = pending_change_of(service)
    form = ServiceEntryForm(request.POST or None, initial=initial_for(service, values))
    if request.method == "POST" and form.is_valid():
        try:
            proposed = propose_change(
                service, values=form.values(), base_version=form.cleaned_data["version"], by=request.user
            )
        except StaleDirectoryEdit:
            form.add_error(
                None,
                "Someone else changed this entry while you were editing it. "
                "Check the entry as it is now and make your change again",
            )
        else:
            if proposed.published:
                messages.success(request, "Change published")
            else:
                messages.success(request, "Change sent to the council to check. The entry stays as it was until then")
            return redirect("directory:edit", service_id=service.pk)
    return render(
        request,
        "directory/manage/edit.html",
        {
            "service": service,
            "form": form,
            "pending": pending,
            "history": history_of(service),
            "may_withdraw": may_approve_in_area(request.user, service.area_id),
        },
    )


@login_required
@require_POST
def assure(request: AuthenticatedHttpRequest, service_id: str) -> HttpResponse:
    service = get_service_for_editor(request.user, service_id)
    assure_service(service, by=request.user)
    messages.success(request, "Entry marked as checked today")
    return redirect("directory:edit", service_id=service.pk)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, service_id: str) -> HttpResponse:
    """The council takes an entry out of the public directory and the API."""
    service = get_service_for_editor(request.user, service_id)
    try:
        withdraw_service(service, by=request.user)
    except NotAllowed:
        raise Http404 from None
    messages.success(request, f"{service.name} withdrawn from the directory")
    return redirect("directory:entries")


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def decide(request: AuthenticatedHttpRequest, change_id: int) -> HttpResponse:
    change = get_change_for_approver(request.user, change_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                approve_change(change, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, f"Change to {change.service.name} published")
            else:
                reject_change(change, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, f"Change to {change.service.name} sent back")
        except StaleDirectoryEdit:
            form.add_error(
                None, "The entry changed after this change was proposed. Send it back so the provider can make it again"
            )
        except NotAllowed:
            raise Http404 from None
        else:
            return redirect("directory:entries")
    rows = [
        (name, change.previous.get(name), change.proposed.get(name))
        for name in change.proposed
        if change.previous.get(name) != change.proposed.get(name)
    ]
    return render(request, "directory/manage/decide.html", {"change": change, "form": form, "rows": rows})
