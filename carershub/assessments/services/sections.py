"""Saving an assessment's sections, as a draft or completed, without overwriting anyone's newer answers (a stale edit
is refused). Saving a section may take the determination out of force, raise safety alerts or refer children."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from carershub.accounts.models import User
from carershub.assessments.contents import content_of
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection
from carershub.assessments.services.determination import clear_determination, determination_sections
from carershub.assessments.services.errors import StaleEdit
from carershub.assessments.services.safety_alerts import raise_safety_alerts
from carershub.assessments.services.starting import lock_assessment, require_in_progress
from carershub.assessments.services.whole_family import raise_young_carer_referral
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent


@dataclass(frozen=True)
class SectionSaved:
    """What saving a section did, beside the section itself."""

    section: AssessmentSection
    # The section changed an answer the determination was made on: it must be recorded again.
    determination_cleared: bool
    # References of the young carers' referrals of the children the whole-family section names (raised now, or
    # found from an earlier save), in the section's order.
    young_carer_referrals: tuple[str, ...] = ()
    safety_alerts_raised: int = 0


@transaction.atomic
def save_section(
    assessment: Assessment,
    key: str,
    *,
    answers: dict[str, Any],
    expected_version: int,
    complete: bool,
    saved_by: User | None,
    answered_by: str = AssessmentSection.AnsweredBy.PRACTITIONER,
) -> SectionSaved:
    """Save one section's answers, as a draft or completed. `saved_by` None is the carer, through their
    self-assessment link.

    Raises StaleEdit when someone saved the section after `expected_version` was read, so nobody's work is
    overwritten; KeyError for a section the assessment's kind does not have; AssessmentClosed unless in progress.
    """
    content = content_of(assessment.kind, key)
    assessment = lock_assessment(assessment)
    require_in_progress(assessment)
    section = (
        AssessmentSection.objects.select_for_update()
        .filter(area=assessment.area, assessment=assessment, key=key)
        .first()
    )
    if section is not None and section.version != expected_version:
        raise StaleEdit(section)
    previous_answers = dict(section.answers) if section is not None else None
    if section is None and expected_version != 0:
        # The only way to get here is a version from another assessment's form; treat it as a fresh section.
        expected_version = 0
    status = AssessmentSection.Status.COMPLETED if complete else AssessmentSection.Status.IN_PROGRESS
    if section is None:
        section = AssessmentSection.objects.create(
            area=assessment.area,
            assessment=assessment,
            key=key,
            status=status,
            answers=answers,
            answered_by=answered_by,
            version=1,
            created_by=saved_by,
            updated_by=saved_by,
        )
    else:
        section.status = status
        section.answers = answers
        section.answered_by = answered_by
        section.version = expected_version + 1
        section.updated_by = saved_by
        section.save(update_fields=["status", "answers", "answered_by", "version", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=saved_by,
        subject=section,
        organisation=None if saved_by is not None else assessment.organisation,
        area=assessment.area,
        detail={
            "assessment": assessment.reference,
            "section": key,
            "version": section.version,
            "status": status,
            "answered_by": answered_by,
        },
        event=AssessmentEvent.SECTION_COMPLETED if complete else AssessmentEvent.SECTION_DRAFT_SAVED,
    )
    cleared = False
    if key in determination_sections(assessment.kind) and previous_answers != section.answers:
        cleared = clear_determination(assessment, by=saved_by, because=f"{content.title} changed")
    alerts = raise_safety_alerts(assessment, answers) if key == "panoc_yc20" else []
    referrals = []
    if key == "whole_family" and complete and answers.get("child_involved") == "yes":
        referrals = raise_young_carer_referral(assessment, answers, by=saved_by)
    return SectionSaved(
        section,
        determination_cleared=cleared,
        young_carer_referrals=tuple(referral.reference for referral in referrals),
        safety_alerts_raised=len(alerts),
    )
