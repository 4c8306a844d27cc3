"""Opening the carer's record to the provider a referral is routed to, when the referral carried no consent to
share it: the provider records the carer's consent (who agreed and how), or a manager opens it without, saying why."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.people.models import Consent, Involvement
from carershub.people.services.consent import record_consent
from carershub.people.services.details import PersonDetailsInvalid
from carershub.people.services.involvement import open_involvement
from carershub.referrals.events import ReferralEvent
from carershub.referrals.models import Referral
from carershub.referrals.services.decisions import PURPOSE_LENGTH, ConsentRequired, locked_open
from carershub.referrals.services.submission import ReferralInvalid


@transaction.atomic
def record_consent_to_share(
    referral: Referral,
    *,
    recorded_by: User,
    given_by: str,
    how_given: str,
    given_by_name: str = "",
    given_by_relationship: str = "",
) -> Referral:
    """Record that the carer (or someone for them) agreed to share their record with the provider the referral is
    routed to, who and how, and open the record to it. Only the provider's staff record it."""
    referral = locked_open(referral, decided_by=recorded_by)
    if not referral.awaits_consent_to_share:
        return referral
    if how_given not in {Consent.HowGiven.IN_PERSON, Consent.HowGiven.PHONE, Consent.HowGiven.IN_WRITING}:
        raise ReferralInvalid({"how_given": "Select how they agreed"})
    if given_by in {Consent.GivenBy.PARENT_OR_GUARDIAN, Consent.GivenBy.REPRESENTATIVE} and not (
        given_by_name.strip() and given_by_relationship.strip()
    ):
        raise ReferralInvalid(
            {"given_by_name": "Enter the name of the person who agreed and what they are to the carer"}
        )
    now = timezone.now()
    try:
        record_consent(
            referral.carer,
            scope=Consent.Scope.SHARE,
            organisation=referral.provider,
            given_by=given_by,
            given_by_name=given_by_name,
            given_by_relationship=given_by_relationship,
            how_given=how_given,
            recorded_by=recorded_by,
            given_at=now,
        )
    except PersonDetailsInvalid as invalid:
        raise ReferralInvalid(invalid.errors) from invalid
    return _open_record(referral, by=recorded_by, at=now, event=ReferralEvent.CONSENT_RECORDED)


@transaction.atomic
def open_record_without_consent(referral: Referral, *, opened_by: User, reason: str) -> Referral:
    """Open the carer's record to the provider without their consent (for example, to protect them from harm:
    Data Protection Act 2018 Sch 1 para 18). Only someone with the override permission, and with a reason that is
    kept on the referral and in the audit log."""
    if not opened_by.has_perm("referrals.override_consent"):
        raise ConsentRequired(referral.reference)
    if not reason.strip():
        raise ReferralInvalid({"override_reason": "Enter why the record must be opened without consent"})
    referral = locked_open(referral, decided_by=opened_by)
    if not referral.awaits_consent_to_share:
        return referral
    referral.consent_override_reason = reason.strip()
    referral.save(update_fields=["consent_override_reason", "updated_at"])
    return _open_record(referral, by=opened_by, at=timezone.now(), event=ReferralEvent.CONSENT_OVERRIDDEN)


def _open_record(referral: Referral, *, by: User, at: datetime, event: ReferralEvent) -> Referral:
    referral.awaits_consent_to_share = False
    referral.save(update_fields=["awaits_consent_to_share", "updated_at"])
    open_involvement(referral.carer, referral.provider, reason=Involvement.Reason.REFERRAL_RECEIVED, at=at)
    overridden = event == ReferralEvent.CONSENT_OVERRIDDEN
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=referral,
        area=referral.area,
        organisation=referral.provider,
        # Without consent, the manager's reason is why the provider may now see the carer's data.
        purpose=referral.consent_override_reason[:PURPOSE_LENGTH] if overridden else "",
        detail={"record_opened_to": referral.provider.slug},
        event=event,
        timeline=OnTimeline(
            referral.carer,
            f"Record opened to {referral.provider} for referral {referral.reference}"
            + (" without the carer's consent" if overridden else " with the carer's consent"),
            link=referral.get_absolute_url(),
            at=at,
        ),
    )
    return referral
