"""Re-checking members' regulator ratings (Ofsted or CQC) and reminding the lead authority when one is due.

Admission is on quality, and the regulator's rating is part of that evidence, so the lead authority checks each
member's rating again against the regulator's register every CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS (default
12). A rating of "inadequate" found on re-check suspends the membership at once (no invitations, no bids) with a
reason the supplier sees, until the lead authority reviews it and reinstates or removes the member (the existing
membership status page). Suspending rather than only flagging: a child should not be placed with a provider its
regulator has just judged inadequate while the review waits, and invitations to a mini-competition go out as soon
as a request is published."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.core.audit import record_event
from carershub.core.messaging import send_each_now
from carershub.core.models import AuditEvent
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.models import Application, Membership, PurchasingArrangement
from carershub.procurement.rules.rating_recheck import months_before
from carershub.procurement.services.membership import MembershipChangeRefused


@dataclass(frozen=True)
class RatingRechecked:
    membership: Membership
    application: Application
    suspended: bool


def recheck_months() -> int:
    return int(settings.CARERSHUB_PROCUREMENT_RATING_RECHECK_MONTHS)


def recheck_due(arrangement: PurchasingArrangement, *, today: date | None = None) -> "list[Membership]":
    """The arrangement's live members whose rating was last checked the configured number of months ago or more,
    or never: one query whatever the number of members."""
    cutoff = months_before(today or timezone.localdate(), recheck_months())
    return list(
        Membership.objects.filter(category__arrangement=arrangement)
        .exclude(status=Membership.Status.REMOVED)
        .filter(Q(application__rating_checked_on__isnull=True) | Q(application__rating_checked_on__lte=cutoff))
        .select_related("supplier__organisation", "category__arrangement", "application")
        .order_by("supplier__organisation__name", "category__name")
    )


@transaction.atomic
def recheck_rating(
    membership: Membership, *, rating: str, rated_on: date | None, checked_on: date, by: User
) -> RatingRechecked:
    """Record the rating found on the regulator's register today. "Inadequate" suspends the membership."""
    membership = Membership.objects.select_for_update().select_related("supplier").get(pk=membership.pk)
    if membership.status == Membership.Status.REMOVED:
        raise MembershipChangeRefused("This membership has been removed")
    if checked_on > timezone.localdate():
        raise MembershipChangeRefused("The check cannot be in the future")
    application = Application.objects.select_for_update().get(pk=membership.application_id)
    application.regulator_rating = rating
    application.regulator_rating_date = rated_on
    application.rating_checked_on = checked_on
    application.rating_reminded_on = None
    application.updated_by = by
    application.version += 1
    application.save(
        update_fields=[
            "regulator_rating",
            "regulator_rating_date",
            "rating_checked_on",
            "rating_reminded_on",
            "updated_by",
            "version",
            "updated_at",
        ]
    )
    suspended = rating == Application.Rating.INADEQUATE and membership.status == Membership.Status.ADMITTED
    if suspended:
        regulator = membership.supplier.get_regulator_display()
        membership.status = Membership.Status.SUSPENDED
        membership.status_reason = (
            f"Rated inadequate by {regulator}: no invitations or bids until the lead authority has reviewed your "
            "membership."
        )
        membership.status_changed_on = timezone.localdate()
        membership.updated_by = by
        membership.save(update_fields=["status", "status_reason", "status_changed_on", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=membership,
        purpose="Supplier membership of a purchasing arrangement",
        event=ProcurementEvent.RATING_RECHECKED,
        detail={"rating": rating, "suspended": suspended},
    )
    return RatingRechecked(membership, application, suspended)


def send_recheck_reminders(*, today: date | None = None) -> list[Membership]:
    """Email each live arrangement's lead commissioners the members whose rating is due a re-check and who have
    not been reminded of since their last check. Returns the memberships reminded of."""
    today = today or timezone.localdate()
    reminded: list[Membership] = []
    for arrangement in PurchasingArrangement.objects.filter(status=PurchasingArrangement.Status.LIVE).select_related(
        "lead_authority"
    ):
        due = [m for m in recheck_due(arrangement, today=today) if m.application.rating_reminded_on is None]
        if not due:
            continue
        commissioners = [
            user.email
            for user in User.objects.filter(organisation_id=arrangement.lead_authority_id, is_active=True)
            if user.has_role(Role.COMMISSIONER) and user.email
        ]
        with transaction.atomic():
            Application.objects.filter(pk__in=[m.application_id for m in due]).update(rating_reminded_on=today)
            for membership in due:
                record_event(
                    AuditEvent.Kind.RECORD_CHANGED,
                    actor=None,
                    subject=membership,
                    purpose="Supplier membership of a purchasing arrangement",
                    event=ProcurementEvent.RATING_RECHECK_REMINDED,
                    detail={"recipients": len(commissioners)},
                )
        lines = "\n".join(f"- {m.supplier} ({m.category.name})" for m in due)
        send_each_now(
            f"Regulator ratings to check again: {arrangement.title}",
            f"These members' Ofsted or CQC ratings were last checked {recheck_months()} months ago or more, "
            f"or never:\n{lines}\nCheck each on the regulator's register and record it: "
            f"{reverse('procurement:arrangement', args=[arrangement.reference])}\n",
            commissioners,
            about="regulator ratings to check again",
        )
        reminded.extend(due)
    return reminded
