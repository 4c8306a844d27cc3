"""Groups and sessions: the organisation's groups, setting one up, a session's bookings, cancelling it, and the
register a facilitator takes on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.people.selectors import get_person_for_user, search_people
from carershub.support.events import SupportEvent
from carershub.support.forms import BookingForm, CancelSessionForm, GroupForm, RegisterForm
from carershub.support.models import Booking, GroupKind
from carershub.support.selectors import (
    attended_carer_ids,
    bookings_of,
    colleagues_of,
    get_group_for_user,
    get_session_for_user,
    groups_run_by,
    past_sessions_of,
    register_names_of,
    upcoming_sessions_of,
    works_on_support,
)
from carershub.support.services.contacts import SupportInvalid
from carershub.support.services.groups import (
    StaleRegister,
    book_session,
    cancel_booking,
    cancel_session,
    create_group,
    take_register,
)

SEARCH_LIMIT = 20


@login_required
@require_GET
def groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not works_on_support(request.user):
        raise Http404
    return render(request, "support/groups.html", {"groups": list(groups_run_by(request.user))})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def new_group(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not works_on_support(request.user) or request.user.organisation is None:
        raise Http404
    kinds = [kind for kind in GroupKind.objects.all() if kind.is_enabled()]
    form = GroupForm(
        request.POST if request.method == "POST" else None, kinds=kinds, colleagues=colleagues_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                group = create_group(
                    request.user.organisation,
                    by=request.user,
                    details=form.details(),
                    facilitators=form.chosen_facilitators(),
                )
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{group.name} set up with its sessions for the next three months")
            return redirect(group)
    return render(request, "support/new_group.html", {"form": form})


@login_required
@require_GET
def group(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    support_group = get_group_for_user(request.user, group_id)
    today = timezone.localdate()
    return render(
        request,
        "support/group.html",
        {
            "group": support_group,
            "facilitators": list(support_group.facilitators.order_by("full_name")),
            "upcoming": upcoming_sessions_of(support_group, since=today),
            "past": past_sessions_of(support_group, before=today),
        },
    )


@login_required
@require_GET
@transaction.atomic
def session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    group_session = get_session_for_user(request.user, session_id)
    query = request.GET.get("q", "").strip()[:100]
    bookings = bookings_of(group_session)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=group_session,
        area=group_session.area,
        purpose="group session",
        event=SupportEvent.REGISTER_VIEWED,
        detail={"bookings": len(bookings), "searched": bool(query)},
    )
    return render(
        request,
        "support/session.html",
        {
            "session": group_session,
            "bookings": bookings,
            "query": query,
            "matches": search_people(request.user, query, limit=SEARCH_LIMIT) if query else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def book(request: AuthenticatedHttpRequest, session_id: int, person_id: int) -> HttpResponse:
    group_session = get_session_for_user(request.user, session_id)
    carer = get_person_for_user(request.user, person_id)
    form = BookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                made = book_session(group_session, carer, by=request.user, **form.cleaned_data)
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            where = "booked" if made.booking.status == Booking.Status.BOOKED else "put on the waiting list"
            messages.success(request, f"{carer.full_name} {where}")
            return redirect(group_session)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=carer,
        area=carer.area,
        purpose="group booking",
        event=SupportEvent.BOOKING_VIEWED,
        detail={"session": group_session.pk},
    )
    return render(request, "support/book.html", {"session": group_session, "carer": carer, "form": form})


@login_required
@require_POST
@transaction.atomic
def unbook(request: AuthenticatedHttpRequest, session_id: int, booking_id: int) -> HttpResponse:
    group_session = get_session_for_user(request.user, session_id)
    booking = group_session.bookings.select_related("carer").filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    cancelled = cancel_booking(booking, by=request.user)
    moved = "".join(f" {moved_up.carer.full_name} moved off the waiting list." for moved_up in cancelled.promoted)
    messages.success(request, f"Booking for {booking.carer.full_name} cancelled.{moved}")
    return redirect(group_session)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def cancel(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    group_session = get_session_for_user(request.user, session_id)
    form = CancelSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                cancelled = cancel_session(group_session, by=request.user, reason=form.cleaned_data["reason"])
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            return render(request, "support/cancelled.html", {"cancelled": cancelled})
    return render(request, "support/cancel_session.html", {"session": group_session, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def register(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """One column of names to tick and a head count: made to be filled in on a phone in under a minute."""
    group_session = get_session_for_user(request.user, session_id)
    carers = register_names_of(group_session)
    initial = {
        "attended": sorted(attended_carer_ids(group_session)),
        "head_count": group_session.head_count or 0,
        "version": group_session.version,
    }
    form = RegisterForm(request.POST if request.method == "POST" else None, carers=carers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                taken = take_register(
                    group_session,
                    by=request.user,
                    attended=form.cleaned_data["attended"],
                    head_count=form.cleaned_data["head_count"],
                    expected_version=form.cleaned_data["version"],
                )
        except StaleRegister:
            # Keep what this facilitator ticked, against the register as it now is; saving again is a choice.
            data = request.POST.copy()
            data["version"] = str(group_session.version)
            form = RegisterForm(data, carers=carers, initial=initial)
            form.is_valid()
            form.add_error(None, "Someone else saved this register while you had it open. Check it and save again")
        except SupportInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Register saved: {taken.attended} named and {taken.head_count} others")
            return redirect(group_session)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=group_session,
        area=group_session.area,
        purpose="group register",
        event=SupportEvent.REGISTER_VIEWED,
    )
    return render(request, "support/register.html", {"session": group_session, "form": form})
