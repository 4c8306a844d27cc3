"""Supported self-assessment (Care and Support (Assessment) Regulations 2014 reg 2): the carer answers their own
sections online through a secure link, saves and comes back, and sends their answers to their practitioner, who
goes through them with the carer. The assessment stays the council's: the practitioner reviews every answer.

The link holds a random secret; only its SHA-256 digest is stored, so the database cannot give a link away. A link
works for 28 days, until the practitioner revokes it, or until the carer sends their answers, whichever is first.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any, Final

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.contents import SectionContent, contents_for
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, SelfAssessmentInvitation
from carershub.assessments.services.sections import save_section
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.messaging import email_each_after_commit
from carershub.core.models import AuditEvent

LINK_LIFETIME: Final = timedelta(days=28)


class SelfAssessmentNotPossible(Exception):
    """The assessment cannot be self-assessed now: it is not in progress, or it has no sections a carer answers."""


class InvitationNotUsable(Exception):
    """The link has expired, been revoked or already been used to send answers."""


class NotForTheCarer(Exception):
    """The section is one the practitioner completes, not the carer."""


class NothingToReview(Exception):
    """The carer has not sent their answers yet, or they have already been reviewed."""


def token_digest(token: str) -> str:
    """The stored form of a link's secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def carer_sections(assessment: Assessment) -> tuple[SectionContent, ...]:
    """The sections of the assessment the carer can answer themselves, in task list order."""
    return tuple(content for content in contents_for(assessment.kind) if content.carer_facing)


def is_usable(invitation: SelfAssessmentInvitation) -> bool:
    return invitation.revoked_at is None and invitation.submitted_at is None and invitation.expires_at > timezone.now()


@transaction.atomic
def create_invitation(
    assessment: Assessment, *, by: User, site_url: str, email_to_carer: bool = False
) -> tuple[SelfAssessmentInvitation, str]:
    """Make a new self-assessment link for an assessment in progress; returns it and its address, which is shown
    once and never stored. Any earlier link stops working: there is one live link per assessment.

    With `email_to_carer` the link is also emailed to the carer's address on record. `site_url` is the address of
    the service ("https://carers.example.gov.uk"), to make the link absolute."""
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("carer").get(pk=assessment.pk)
    if assessment.status != Assessment.Status.IN_PROGRESS or not carer_sections(assessment):
        raise SelfAssessmentNotPossible(assessment.reference)
    email = assessment.carer.email if email_to_carer else ""
    if email_to_carer and not email:
        raise SelfAssessmentNotPossible("The carer has no email address on record")
    now = timezone.now()
    for earlier in SelfAssessmentInvitation.objects.select_for_update().filter(
        assessment=assessment, revoked_at__isnull=True, submitted_at__isnull=True
    ):
        _revoke(earlier, by=by, at=now, reason="replaced")
    token = secrets.token_urlsafe(32)
    invitation = SelfAssessmentInvitation.objects.create(
        area=assessment.area,
        assessment=assessment,
        token_digest=token_digest(token),
        sent_to_email=email,
        expires_at=now + LINK_LIFETIME,
        created_by=by,
        updated_by=by,
    )
    url = site_url.rstrip("/") + reverse("self_assessment:start", args=[token])
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=by,
        subject=invitation,
        area=assessment.area,
        detail={"assessment": assessment.reference, "emailed": bool(email)},
        event=AssessmentEvent.SELF_ASSESSMENT_LINK_CREATED,
        timeline=OnTimeline(
            assessment.carer,
            f"Self-assessment link for assessment {assessment.reference} created"
            + (" and emailed to the carer" if email else ""),
            link=assessment.get_absolute_url(),
            at=now,
        ),
    )
    if email:
        # A mail failure is logged, and the practitioner still has the link to share.
        subject, body = _invitation_email(assessment, url, expires_at=invitation.expires_at)
        email_each_after_commit(subject, body, [email], about=f"a self-assessment link for {assessment.reference}")
    return invitation, url


def _invitation_email(assessment: Assessment, url: str, *, expires_at: Any) -> tuple[str, str]:
    expires = timezone.localtime(expires_at)
    subject = "Your carer's assessment: answer some questions online"
    body = (
        f"Hello {assessment.carer.full_name},\n\n"
        "As agreed with your practitioner, you can answer some of the questions for your assessment online, in your "
        "own time. You can save your answers and come back later.\n\n"
        f"Open this link to start:\n{url}\n\n"
        f"The link works until {expires.day} {expires:%B %Y}. Do not share it: anyone with the link can see and "
        "change your answers.\n\n"
        "If you were not expecting this email, please contact your carers' service."
    )
    return subject, body


def _revoke(invitation: SelfAssessmentInvitation, *, by: User, at: Any, reason: str) -> None:
    invitation.revoked_at = at
    invitation.updated_by = by
    invitation.save(update_fields=["revoked_at", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=invitation,
        area=invitation.area,
        detail={"assessment": invitation.assessment.reference, "revoked": reason},
        event=AssessmentEvent.SELF_ASSESSMENT_LINK_REVOKED,
    )


@transaction.atomic
def revoke_invitation(invitation: SelfAssessmentInvitation, *, by: User) -> SelfAssessmentInvitation:
    """Stop a link working, for example when it was sent to the wrong address."""
    invitation = (
        SelfAssessmentInvitation.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .get(pk=invitation.pk)
    )
    if invitation.revoked_at is not None or invitation.submitted_at is not None:
        raise InvitationNotUsable(str(invitation.pk))
    _revoke(invitation, by=by, at=timezone.now(), reason="revoked")
    return invitation


def _locked_usable(invitation: SelfAssessmentInvitation) -> SelfAssessmentInvitation:
    locked = (
        SelfAssessmentInvitation.objects.select_for_update(of=("self",))
        .select_related("assessment__carer")
        .get(pk=invitation.pk)
    )
    if not is_usable(locked):
        raise InvitationNotUsable(str(locked.pk))
    return locked


@transaction.atomic
def record_opened(invitation: SelfAssessmentInvitation) -> SelfAssessmentInvitation:
    """Note that the carer opened their link. The carer has no account, so the event's actor is empty and the
    invitation names who it was."""
    invitation = _locked_usable(invitation)
    invitation.last_opened_at = timezone.now()
    invitation.save(update_fields=["last_opened_at", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=None,
        subject=invitation.assessment,
        area=invitation.area,
        organisation=invitation.assessment.organisation,
        purpose="self-assessment",
        detail={"invitation": invitation.pk},
        event=AssessmentEvent.SELF_ASSESSMENT_OPENED,
    )
    return invitation


@transaction.atomic
def save_carer_answers(
    invitation: SelfAssessmentInvitation,
    key: str,
    *,
    answers: dict[str, Any],
    expected_version: int,
    complete: bool,
) -> AssessmentSection:
    """Save one of the carer's sections through their link. The answers are marked as the carer's until the
    practitioner saves the section themselves. Raises StaleEdit when the section changed since the carer opened it
    (the practitioner may be editing it too), and AssessmentClosed once the assessment has moved on."""
    invitation = _locked_usable(invitation)
    assessment = invitation.assessment
    if key not in {content.key for content in carer_sections(assessment)}:
        raise NotForTheCarer(key)
    section = save_section(
        assessment,
        key,
        answers=answers,
        expected_version=expected_version,
        complete=complete,
        saved_by=None,
        answered_by=AssessmentSection.AnsweredBy.CARER,
    ).section
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=section,
        area=invitation.area,
        organisation=assessment.organisation,
        purpose="self-assessment",
        detail={"invitation": invitation.pk, "section": key, "complete": complete},
        event=AssessmentEvent.SELF_ASSESSMENT_SECTION_SAVED,
    )
    return section


@transaction.atomic
def submit_answers(invitation: SelfAssessmentInvitation) -> SelfAssessmentInvitation:
    """The carer sends their answers to their practitioner. The link stops working, and the assessment is recorded
    as a supported self-assessment (reg 2), which national returns count separately."""
    invitation = _locked_usable(invitation)
    assessment = invitation.assessment
    now = timezone.now()
    invitation.submitted_at = now
    invitation.save(update_fields=["submitted_at", "updated_at"])
    if assessment.method != Assessment.Method.SUPPORTED_SELF_ASSESSMENT:
        assessment.method = Assessment.Method.SUPPORTED_SELF_ASSESSMENT
        assessment.save(update_fields=["method", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=invitation,
        area=invitation.area,
        organisation=assessment.organisation,
        purpose="self-assessment",
        detail={"invitation": invitation.pk, "assessment": assessment.reference, "submitted": True},
        event=AssessmentEvent.SELF_ASSESSMENT_SUBMITTED,
        timeline=OnTimeline(
            assessment.carer,
            f"The carer sent their self-assessment answers for assessment {assessment.reference}",
            link=reverse("assessments:self_assessment", args=[assessment.reference]),
            at=now,
        ),
    )
    assessor = assessment.assessor
    if assessor.is_active and assessor.email:
        recipient = assessor.email
        # Email is not a secure channel: the assessment is named by its reference, never the carer.
        subject = f"Carers Hub: self-assessment answers received for assessment {assessment.reference}"
        body = (
            f"The carer has sent their self-assessment answers for assessment {assessment.reference}. Sign in to "
            f"Carers Hub to review them ({reverse('assessments:self_assessment', args=[assessment.reference])})."
        )
        email_each_after_commit(subject, body, [recipient], about=f"self-assessment answers for {assessment.reference}")
    return invitation


@transaction.atomic
def mark_answers_reviewed(invitation: SelfAssessmentInvitation, *, by: User) -> SelfAssessmentInvitation:
    """The practitioner has gone through the carer's answers. The sections stay marked as the carer's answers until
    the practitioner saves them: the record shows whose words they are."""
    invitation = (
        SelfAssessmentInvitation.objects.select_for_update(of=("self",))
        .select_related("assessment__carer")
        .get(pk=invitation.pk)
    )
    if invitation.submitted_at is None or invitation.reviewed_at is not None:
        raise NothingToReview(str(invitation.pk))
    now = timezone.now()
    invitation.reviewed_at = now
    invitation.reviewed_by = by
    invitation.updated_by = by
    invitation.save(update_fields=["reviewed_at", "reviewed_by", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=invitation,
        area=invitation.area,
        detail={"invitation": invitation.pk, "assessment": invitation.assessment.reference, "reviewed": True},
        event=AssessmentEvent.SELF_ASSESSMENT_REVIEWED,
        timeline=OnTimeline(
            invitation.assessment.carer,
            f"Self-assessment answers for assessment {invitation.assessment.reference} reviewed",
            link=invitation.assessment.get_absolute_url(),
            at=now,
        ),
    )
    return invitation
