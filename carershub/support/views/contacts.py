"""Contacts on the carer's record: the quick log, all of a carer's contacts, follow-ups due, series of sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.selectors import get_person_for_user
from carershub.support.events import SupportEvent
from carershub.support.forms import ContactForm, EndSeriesForm, StartSeriesForm
from carershub.support.selectors import (
    colleagues_of,
    contacts_of,
    enabled_contact_kinds,
    follow_ups_due_for,
    get_contact_for_user,
    get_series_for_user,
    open_series_of,
    series_of,
    works_on_support,
)
from carershub.support.services.contacts import SupportInvalid, end_series, log_contact, mark_followed_up, start_series

CONTACTS_PAGE_SIZE = 25


def contact_form(request: AuthenticatedHttpRequest, person: Person, data: object = None) -> ContactForm:
    return ContactForm(
        data,
        kinds=enabled_contact_kinds(),
        colleagues=colleagues_of(request.user),
        me=request.user,
        open_series=open_series_of(person),
        today=timezone.localdate(),
    )


def _carer_for_support(request: AuthenticatedHttpRequest, person_id: int) -> Person:
    # Only practitioners and managers record support; for anyone else the carer is not found, as elsewhere.
    if not works_on_support(request.user):
        raise Http404
    return get_person_for_user(request.user, person_id)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def log(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """The quick log, posted from the panel on the carer's record. Back on the record after each one, with the
    focus start at the form, so the next contact is a Tab away."""
    carer = _carer_for_support(request, person_id)
    form = contact_form(request, carer, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                contact = log_contact(carer, by=request.user, details=form.details(me=request.user))
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Contact logged: {contact.kind.name}, {contact.get_channel_display()}")
            return redirect(f"{carer.get_absolute_url()}#log-contact")
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=carer,
        area=carer.area,
        purpose="support contact",
        event=SupportEvent.CONTACTS_VIEWED,
    )
    return render(request, "support/log_contact.html", {"carer": carer, "form": form})


@login_required
@require_GET
@transaction.atomic
def contacts(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    carer = _carer_for_support(request, person_id)
    page = Paginator(contacts_of(carer), CONTACTS_PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=carer,
        area=carer.area,
        purpose="support contacts",
        event=SupportEvent.CONTACTS_VIEWED,
        detail={"page": page.number},
    )
    return render(request, "support/contacts.html", {"carer": carer, "page": page, "series": series_of(carer)})


@login_required
@require_GET
@transaction.atomic
def follow_ups(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not works_on_support(request.user):
        raise Http404
    today = timezone.localdate()
    due = follow_ups_due_for(request.user, today=today)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        purpose="follow-ups due",
        event=SupportEvent.FOLLOW_UPS_VIEWED,
        detail={"contacts": [contact.pk for contact in due]},
    )
    return render(request, "support/follow_ups.html", {"due": due, "today": today})


@login_required
@require_POST
@transaction.atomic
def followed_up(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    if not works_on_support(request.user):
        raise Http404
    contact = mark_followed_up(get_contact_for_user(request.user, contact_id), by=request.user)
    messages.success(request, f"Follow-up with {contact.carer.full_name} marked as done")
    return redirect("support:follow_ups")


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def new_series(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    carer = _carer_for_support(request, person_id)
    form = StartSeriesForm(
        request.POST if request.method == "POST" else None, kinds=enabled_contact_kinds(), today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                series = start_series(
                    carer,
                    by=request.user,
                    kind=form.kinds[form.cleaned_data["kind"]],
                    started_on=form.cleaned_data["started_on"],
                    planned_sessions=form.cleaned_data["planned_sessions"],
                )
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Series started. Log each session as a contact that is part of it")
            return redirect(series)
    return render(request, "support/new_series.html", {"carer": carer, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def series(request: AuthenticatedHttpRequest, series_id: int) -> HttpResponse:
    if not works_on_support(request.user):
        raise Http404
    support_series = get_series_for_user(request.user, series_id)
    form = EndSeriesForm(request.POST if request.method == "POST" else None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                end_series(
                    support_series,
                    by=request.user,
                    ended_on=form.cleaned_data["ended_on"],
                    ending=form.cleaned_data["ending"],
                )
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, "Series ended")
            return redirect(support_series)
    sessions = list(support_series.sessions.select_related("worker").order_by("contacted_on", "pk"))
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=support_series.carer,
        area=support_series.area,
        purpose="support series",
        event=SupportEvent.SERIES_VIEWED,
        detail={"series": support_series.pk},
    )
    return render(request, "support/series.html", {"series": support_series, "sessions": sessions, "form": form})
