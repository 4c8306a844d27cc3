"""Supported self-assessment links: made, shown once, stored as a digest, one live at a time, revoked; the carer's
saves (marked as theirs, stale edits refused), sending, and the practitioner's review. Everything audited."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, SelfAssessmentInvitation
from carershub.assessments.selectors.self_assessment import usable_invitation_for_token
from carershub.assessments.services.errors import StaleEdit
from carershub.assessments.services.self_assessment import (
    InvitationNotUsable,
    NotForTheCarer,
    NothingToReview,
    SelfAssessmentNotPossible,
    create_invitation,
    mark_answers_reviewed,
    record_opened,
    revoke_invitation,
    save_carer_answers,
    submit_answers,
)
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import AdultCarerFactory

SITE = "https://carers.example.gov.uk"
WELLBEING = {"domains": ["sleep"], "impact": "I hardly sleep."}


@pytest.fixture
def assessment(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area, email="maria@example.com"),
        organisation=carers_centre,
        assessor=practitioner,
    )


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_a_link_holds_a_secret_of_which_only_the_digest_is_stored(assessment: Assessment, practitioner: User) -> None:
    invitation, url = create_invitation(assessment, by=practitioner, site_url=SITE)

    token = _token(url)
    assert url == f"{SITE}/self-assessment/{token}/"
    assert len(token) == 43  # 32 random bytes
    assert invitation.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SelfAssessmentInvitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.expires_at - timezone.now() > timedelta(days=27, hours=23)
    assert usable_invitation_for_token(token) == invitation
    event = AuditEvent.objects.get(subject_type="assessments.selfassessmentinvitation", subject_id=str(invitation.pk))
    assert (event.kind, event.actor) == (AuditEvent.Kind.RECORD_CREATED, practitioner)
    assert token not in str(event.detail)
    assert mail.outbox == []


def test_a_new_link_stops_the_old_one_working(assessment: Assessment, practitioner: User) -> None:
    first, first_url = create_invitation(assessment, by=practitioner, site_url=SITE)

    second, _ = create_invitation(assessment, by=practitioner, site_url=SITE)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert usable_invitation_for_token(_token(first_url)) is None
    assert SelfAssessmentInvitation.objects.filter(revoked_at__isnull=True).get() == second


def test_the_link_can_be_emailed_to_the_carers_address_on_record(
    assessment: Assessment, practitioner: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitation, url = create_invitation(assessment, by=practitioner, site_url=SITE, email_to_carer=True)

    assert invitation.sent_to_email == "maria@example.com"
    assert [message.to for message in mail.outbox] == [["maria@example.com"]]
    assert url in mail.outbox[0].body


def test_no_link_for_an_assessment_that_is_not_in_progress(
    home_area: Area, carers_centre: Organisation, practitioner: User
) -> None:
    waiting = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=carers_centre,
        status=Assessment.Status.AWAITING_SIGN_OFF,
    )

    with pytest.raises(SelfAssessmentNotPossible):
        create_invitation(waiting, by=practitioner, site_url=SITE)

    assert not SelfAssessmentInvitation.objects.exists()


def test_no_email_without_an_address(home_area: Area, carers_centre: Organisation, practitioner: User) -> None:
    assessment = AssessmentFactory.create(carer=AdultCarerFactory.create(area=home_area, email=""))

    with pytest.raises(SelfAssessmentNotPossible):
        create_invitation(assessment, by=practitioner, site_url=SITE, email_to_carer=True)


def test_a_revoked_or_expired_link_no_longer_works(assessment: Assessment, practitioner: User) -> None:
    invitation, url = create_invitation(assessment, by=practitioner, site_url=SITE)
    revoke_invitation(invitation, by=practitioner)
    assert usable_invitation_for_token(_token(url)) is None
    with pytest.raises(InvitationNotUsable):
        revoke_invitation(invitation, by=practitioner)

    expired, expired_url = create_invitation(assessment, by=practitioner, site_url=SITE)
    SelfAssessmentInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert usable_invitation_for_token(_token(expired_url)) is None
    with pytest.raises(InvitationNotUsable):
        record_opened(expired)


def test_the_carers_answers_are_saved_as_theirs_and_audited_without_an_actor(
    assessment: Assessment, practitioner: User
) -> None:
    invitation, _ = create_invitation(assessment, by=practitioner, site_url=SITE)

    section = save_carer_answers(invitation, "wellbeing", answers=WELLBEING, expected_version=0, complete=False)

    assert (section.answered_by, section.status, section.version, section.updated_by) == (
        AssessmentSection.AnsweredBy.CARER,
        AssessmentSection.Status.IN_PROGRESS,
        1,
        None,
    )
    event = AuditEvent.objects.get(purpose="self-assessment", subject_type="assessments.assessmentsection")
    assert event.actor is None
    assert event.detail["invitation"] == invitation.pk
    assert event.organisation == assessment.organisation


def test_a_stale_save_is_refused_and_keeps_the_other_answers(assessment: Assessment, practitioner: User) -> None:
    invitation, _ = create_invitation(assessment, by=practitioner, site_url=SITE)
    save_carer_answers(invitation, "wellbeing", answers=WELLBEING, expected_version=0, complete=True)

    with pytest.raises(StaleEdit):
        save_carer_answers(invitation, "wellbeing", answers={"impact": "Older page"}, expected_version=0, complete=True)

    assert AssessmentSection.objects.get(assessment=assessment, key="wellbeing").answers == WELLBEING


def test_the_carer_cannot_answer_a_practitioners_section(assessment: Assessment, practitioner: User) -> None:
    invitation, _ = create_invitation(assessment, by=practitioner, site_url=SITE)

    with pytest.raises(NotForTheCarer):
        save_carer_answers(invitation, "eligibility_outcomes", answers={}, expected_version=0, complete=False)

    assert not AssessmentSection.objects.exists()


def test_sending_the_answers_closes_the_link_and_tells_the_assessor(
    assessment: Assessment, practitioner: User, django_capture_on_commit_callbacks: object
) -> None:
    invitation, url = create_invitation(assessment, by=practitioner, site_url=SITE)
    save_carer_answers(invitation, "wellbeing", answers=WELLBEING, expected_version=0, complete=True)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        submit_answers(invitation)

    invitation.refresh_from_db()
    assessment.refresh_from_db()
    assert invitation.submitted_at is not None
    assert usable_invitation_for_token(_token(url)) is None
    with pytest.raises(InvitationNotUsable):
        save_carer_answers(invitation, "wellbeing", answers=WELLBEING, expected_version=1, complete=True)
    assert assessment.method == Assessment.Method.SUPPORTED_SELF_ASSESSMENT
    assert TimelineEntry.objects.filter(
        person=assessment.carer, kind=AssessmentEvent.SELF_ASSESSMENT_SUBMITTED
    ).exists()
    assert [message.to for message in mail.outbox] == [[practitioner.email]]
    assert assessment.carer.family_name not in mail.outbox[0].body


def test_the_practitioner_marks_sent_answers_reviewed_once(assessment: Assessment, practitioner: User) -> None:
    invitation, _ = create_invitation(assessment, by=practitioner, site_url=SITE)
    with pytest.raises(NothingToReview):
        mark_answers_reviewed(invitation, by=practitioner)
    save_carer_answers(invitation, "wellbeing", answers=WELLBEING, expected_version=0, complete=True)
    submit_answers(invitation)

    mark_answers_reviewed(invitation, by=practitioner)

    invitation.refresh_from_db()
    assert (invitation.reviewed_by, invitation.reviewed_at is not None) == (practitioner, True)
    # The answers stay the carer's until the practitioner saves the section.
    assert AssessmentSection.objects.get(key="wellbeing").answered_by == AssessmentSection.AnsweredBy.CARER
    with pytest.raises(NothingToReview):
        mark_answers_reviewed(invitation, by=practitioner)
