"""Finding a carer's self-assessment link, and what they have answered through it.

A link that is unknown, expired, revoked or already used gives the same answer (None), so the public pages can say
only "This link has expired or is not valid" and never whether a link once existed.
"""

import hashlib

from django.utils import timezone

from carershub.assessments.contents import contents_for
from carershub.assessments.models import Assessment, AssessmentSection, SelfAssessmentInvitation


def _usable(invitation: SelfAssessmentInvitation | None) -> SelfAssessmentInvitation | None:
    if invitation is None:
        return None
    if invitation.revoked_at is not None or invitation.submitted_at is not None:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    if invitation.assessment.status != Assessment.Status.IN_PROGRESS:
        return None  # waiting for sign-off or finished: nobody may change the answers now
    return invitation


def usable_invitation_for_token(token: str) -> SelfAssessmentInvitation | None:
    """The live invitation whose link holds this secret, or None. Looked up by the secret's digest only."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    invitation = (
        SelfAssessmentInvitation.objects.select_related("assessment__carer", "assessment__organisation")
        .filter(token_digest=digest)
        .first()
    )
    return _usable(invitation)


def usable_invitation(invitation_id: int) -> SelfAssessmentInvitation | None:
    """The invitation a carer opened earlier in this browser, if it still works."""
    invitation = (
        SelfAssessmentInvitation.objects.select_related("assessment__carer", "assessment__organisation")
        .filter(pk=invitation_id)
        .first()
    )
    return _usable(invitation)


def latest_invitation(assessment: Assessment) -> SelfAssessmentInvitation | None:
    """The assessment's most recent self-assessment link, whatever its state."""
    return (
        SelfAssessmentInvitation.objects.filter(area=assessment.area_id, assessment=assessment)
        .select_related("reviewed_by", "created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def carer_section_keys(assessment: Assessment) -> list[str]:
    """The keys of the sections the carer can answer, in task list order."""
    return [content.key for content in contents_for(assessment.kind) if content.carer_facing]


def saved_sections(assessment: Assessment, keys: list[str]) -> dict[str, AssessmentSection]:
    """The saved sections of an assessment among these keys, by key. One query."""
    return {
        section.key: section
        for section in AssessmentSection.objects.filter(area=assessment.area_id, assessment=assessment, key__in=keys)
    }
