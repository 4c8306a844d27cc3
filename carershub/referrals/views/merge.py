"""Merging the carer's record from a referral into a likely duplicate: managers only, into a record they may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.selectors import people_visible_to
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.merges import merge_people
from carershub.referrals.models import Referral
from carershub.referrals.selectors import get_referral_for_user
from carershub.referrals.views.detail import likely_duplicates


def _duplicate_for_manager(user: User, referral: Referral, person_id: int) -> Person:
    """A likely duplicate of the referral's carer that this manager may see, or a 404 like any record they may not
    see. Only managers merge records, and only into one found as a likely duplicate."""
    if not user.has_role(Role.MANAGER):
        raise Http404("No person found")
    duplicates = [person for person in likely_duplicates(referral.carer) if person.pk == person_id]
    if not duplicates or person_id == referral.carer_id:
        raise Http404("No person found")
    if not people_visible_to(user).filter(pk=person_id).exists():
        raise Http404("No person found")
    return duplicates[0]


@login_required
@require_GET
@transaction.atomic
def confirm_merge(request: AuthenticatedHttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, reference)
    existing = _duplicate_for_manager(user, referral, person_id)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=existing,
        area=referral.area,
        purpose="duplicate check",
        detail={"referral": referral.reference},
    )
    return render(request, "referrals/confirm_merge.html", {"referral": referral, "existing": existing})


@login_required
@require_POST
def merge(request: AuthenticatedHttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, reference)
    existing = _duplicate_for_manager(user, referral, person_id)
    try:
        merge_people(referral.carer, into=existing, merged_by=user)
    except PersonDetailsInvalid as invalid:
        for message in invalid.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, f"The carer's record from referral {referral.reference} was merged into {existing}")
    return redirect(referral)
