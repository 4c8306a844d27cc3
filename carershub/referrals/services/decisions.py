"""A provider's decision on an open referral: accept it (a case opens), reject it with a reason the referrer is
told, or transfer it to another provider in the area (the carer's consent checked, or overridden with a reason)."""

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement
from carershub.people.selectors import consents_awaiting_competence_judgement, has_consent_to_share
from carershub.people.services.consent import record_competence_judgement
from carershub.people.services.involvement import end_involvement, open_involvement
from carershub.referrals.events import ReferralEvent
from carershub.referrals.models import Referral, RoutingRule, Transfer
from carershub.referrals.services.notifications import tell_referrer, tell_referrer_of_transfer
from carershub.referrals.services.submission import ReferralInvalid

# AuditEvent.purpose is a short column; the full override reason is kept on the Transfer (or the referral).
PURPOSE_LENGTH = 255


class ReferralNotOpen(Exception):
    """Only a referral waiting for a decision can be accepted, rejected or transferred."""


class NotTheProvider(Exception):
    """Only staff of the provider a referral is routed to may decide on it; the council can see it, not decide."""


class ConsentRequired(Exception):
    """The carer has not agreed to share their information with that organisation."""


class RecordNotOpen(Exception):
    """The referral carried no consent to share the carer's record: it cannot be accepted before the carer's consent
    is recorded or a manager opens the record with a reason."""


class CompetenceJudgementNeeded(Exception):
    """The carer is under 16 and agreed alone: accepting needs the practitioner's judgement of their competence."""


def locked_open(referral: Referral, *, decided_by: User) -> Referral:
    # Lock the referral row only: on PostgreSQL a plain FOR UPDATE would also lock the joined carer and provider.
    locked = Referral.objects.select_for_update(of=("self",)).select_related("carer", "provider").get(pk=referral.pk)
    if locked.provider_id != decided_by.organisation_id:
        raise NotTheProvider(locked.reference)
    if not locked.is_open():
        raise ReferralNotOpen(locked.reference)
    return locked


@transaction.atomic
def accept_referral(
    referral: Referral, *, accepted_by: User, young_person_is_competent: bool | None = None
) -> Referral:
    """Accept an open referral and open a case for the carer with this provider. A carer under 16 who agreed alone
    needs the accepting practitioner's judgement of their competence to consent (Gillick), recorded with it; without
    it, CompetenceJudgementNeeded."""
    referral = locked_open(referral, decided_by=accepted_by)
    if referral.awaits_consent_to_share:
        raise RecordNotOpen(referral.reference)
    now = timezone.now()
    if consents_awaiting_competence_judgement(referral.carer):
        if young_person_is_competent is None:
            raise CompetenceJudgementNeeded(referral.reference)
        record_competence_judgement(
            referral.carer, judged_by=accepted_by, is_competent=young_person_is_competent, at=now
        )
    referral.status = Referral.Status.ACCEPTED
    referral.decided_at = now
    referral.decided_by = accepted_by
    referral.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    open_involvement(referral.carer, referral.provider, reason=Involvement.Reason.CASE_OPEN, at=now)
    end_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=accepted_by,
        subject=referral,
        area=referral.area,
        organisation=referral.provider,
        detail={"status": "accepted"},
        event=ReferralEvent.ACCEPTED,
        timeline=OnTimeline(
            referral.carer,
            f"Referral {referral.reference} accepted by {referral.provider}",
            link=referral.get_absolute_url(),
            at=now,
        ),
    )
    tell_referrer(referral, accepted=True)
    return referral


@transaction.atomic
def reject_referral(referral: Referral, *, rejected_by: User, reason: str) -> Referral:
    """Reject an open referral with a reason the referrer is told; the provider stops seeing the carer."""
    if not reason.strip():
        raise ReferralInvalid({"reason": "Enter why the referral is being rejected"})
    referral = locked_open(referral, decided_by=rejected_by)
    now = timezone.now()
    referral.status = Referral.Status.REJECTED
    referral.decided_at = now
    referral.decided_by = rejected_by
    referral.rejection_reason = reason.strip()
    referral.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason", "updated_at"])
    end_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=rejected_by,
        subject=referral,
        area=referral.area,
        organisation=referral.provider,
        detail={"status": "rejected"},
        event=ReferralEvent.REJECTED,
        timeline=OnTimeline(
            referral.carer,
            f"Referral {referral.reference} rejected by {referral.provider}: {referral.rejection_reason}",
            at=now,
        ),
    )
    tell_referrer(referral, accepted=False)
    return referral


@transaction.atomic
def transfer_referral(
    referral: Referral, *, to_provider: Organisation, transferred_by: User, reason: str, override_reason: str = ""
) -> Referral:
    """Move an open referral to another provider in the area. Without the carer's consent to share with that
    provider, only someone with the override permission may do it, and must say why (UK GDPR Art 6(1)(e))."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Enter why the referral is being transferred"
    # Only carers' services that take referrals in the area (they have a routing rule there): a carer's details
    # must not go to, say, a home care agency that happens to work in the area.
    takes_referrals_here = RoutingRule.objects.filter(area=referral.area_id, provider=to_provider).exists()
    if to_provider.kind != Organisation.Kind.PROVIDER or not to_provider.is_active or not takes_referrals_here:
        errors["to_provider"] = "Select a carers' service that takes referrals in this area"
    elif to_provider.pk == referral.provider_id:
        errors["to_provider"] = "Select a different provider"
    if errors:
        raise ReferralInvalid(errors)
    referral = locked_open(referral, decided_by=transferred_by)
    consented = has_consent_to_share(referral.carer, to_provider)
    if not consented:
        if not transferred_by.has_perm("referrals.override_consent"):
            raise ConsentRequired(to_provider.name)
        if not override_reason.strip():
            raise ReferralInvalid({"override_reason": "Enter why the referral must be shared without consent"})
    now = timezone.now()
    from_provider = referral.provider
    transfer = Transfer.objects.create(
        area=referral.area,
        referral=referral,
        from_provider=from_provider,
        to_provider=to_provider,
        reason=reason.strip(),
        consent_overridden=not consented,
        override_reason=override_reason.strip() if not consented else "",
        transferred_at=now,
        transferred_by=transferred_by,
        created_by=transferred_by,
    )
    referral.provider = to_provider
    referral.save(update_fields=["provider", "updated_at"])
    end_involvement(referral.carer, from_provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    if not referral.awaits_consent_to_share:  # a record closed to the first provider stays closed to the next
        open_involvement(referral.carer, to_provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=now)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=transferred_by,
        subject=referral,
        area=referral.area,
        organisation=from_provider,
        # Sharing without consent is a reason for the next provider to see the carer's data: the override reason.
        purpose=override_reason.strip()[:PURPOSE_LENGTH] if not consented else "",
        detail={"transferred_to": to_provider.slug, "consent_overridden": not consented, "transfer": transfer.pk},
        event=ReferralEvent.TRANSFERRED,
        timeline=OnTimeline(
            referral.carer,
            f"Referral {referral.reference} transferred from {from_provider} to {to_provider}",
            link=referral.get_absolute_url(),
            at=now,
        ),
    )
    tell_referrer_of_transfer(referral, from_provider=from_provider)
    return referral
