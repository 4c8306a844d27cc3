"""The whole-family approach: children the assessment finds providing care are referred for a young carer's needs
assessment (Care and Support (Assessment) Regulations 2014 reg 4(3); Children Act 1989 s.17ZA(12))."""

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment
from carershub.assessments.rules.whole_family import child_prefix, named_children
from carershub.assessments.selectors.assessment import young_carer_referral_key
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.referrals.models import Referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import (
    NoRouteForReferral,
    PersonDetails,
    ReferralInvalid,
    ReferralSubmission,
)

logger = logging.getLogger(__name__)


def raise_young_carer_referral(
    assessment: Assessment, answers: Mapping[str, Any], *, by: User | None
) -> list[Referral]:
    """The whole-family check found children providing care: refer each for a young carer's needs assessment.

    Saving the section again never raises a second referral for the same child (the idempotency key is the
    assessment's and the child's place in the section). When the area has no young carers' service to route to,
    the section is still saved, and the page says so. Returns the referrals raised or found.
    """
    referrals = []
    for number in named_children(answers):
        referral = _raise_child_referral(assessment, answers, number=number, by=by)
        if referral is not None:
            referrals.append(referral)
    return referrals


def _raise_child_referral(
    assessment: Assessment, answers: Mapping[str, Any], *, number: int, by: User | None
) -> Referral | None:
    if number == 1 and assessment.young_carer_referral_id is not None:
        return assessment.young_carer_referral
    prefix = child_prefix(number)
    carer = assessment.carer
    date_of_birth = answers.get(f"{prefix}date_of_birth")
    organisation = by.organisation if by is not None else assessment.organisation
    submission = ReferralSubmission(
        area=assessment.area,
        source=Referral.Source.SOCIAL_WORKER
        if organisation is not None and organisation.holds_statutory_duty()
        else Referral.Source.PROVIDER,
        # The child usually lives with the carer being assessed: the family is reached through the carer's home.
        carer=PersonDetails(
            given_name=str(answers.get(f"{prefix}given_name", "")),
            family_name=str(answers.get(f"{prefix}family_name", "")),
            date_of_birth=date.fromisoformat(date_of_birth) if isinstance(date_of_birth, str) else None,
            phone=carer.phone,
            email=carer.email,
            address_line_1=carer.address_line_1,
            address_line_2=carer.address_line_2,
            town=carer.town,
            postcode=carer.postcode,
        ),
        reason=(
            f"Found during {assessment.get_kind_display().lower()} {assessment.reference} of {carer.full_name}: "
            f"{answers.get(f'{prefix}tasks', '')}"
        )[:2000],
        # Nobody is recorded as agreeing unless the practitioner said who did (the section requires it).
        consent_given_by=str(answers.get("referral_consent_given_by") or ""),
        referrer_name=by.full_name if by is not None else "",
        referrer_email=by.email if by is not None else "",
        referring_organisation=organisation,
        idempotency_key=young_carer_referral_key(assessment, number),
        # Who agreed on the children's behalf (a parent or guardian, often the carer being assessed).
        consent_given_by_name=str(answers.get("referral_consent_given_by_name") or ""),
        consent_given_by_relationship=str(answers.get("referral_consent_given_by_relationship") or ""),
    )
    try:
        referral = submit_referral(submission, submitted_by=by)
    except (ReferralInvalid, NoRouteForReferral) as problem:
        logger.warning("Could not raise a young carer's referral from %s: %s", assessment.reference, problem)
        record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=by,
            subject=assessment,
            area=assessment.area,
            detail={"child": number, "problem": str(problem)[:500]},
            event=AssessmentEvent.YOUNG_CARER_REFERRAL_NOT_RAISED,
        )
        return None
    fields = ["updated_by", "updated_at"]
    if number == 1:
        assessment.young_carer_referral = referral
        fields.insert(0, "young_carer_referral")
    assessment.updated_by = by
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        detail={"fields": fields[:-2], "child": number, "referral": referral.reference},
        event=AssessmentEvent.YOUNG_CARER_REFERRAL_RAISED,
    )
    return referral
