"""Starting an assessment: the first step of every assessment, and the row lock the later steps take on it."""

import secrets
from datetime import date
from typing import Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, AssessmentSection, Delegation
from carershub.assessments.selectors.assessment import live_delegation, suggested_route
from carershub.assessments.services.errors import AssessmentClosed, AssessmentInvalid
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.referrals.models import Referral

# Crockford's base32 without I, L, O and U, as for referrals: easy to read out over the phone.
_REFERENCE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRANSITION_KINDS: Final = frozenset({Assessment.Kind.YOUNG_CARER_TRANSITION, Assessment.Kind.CHILD_CARER_TRANSITION})
# Sections a young carer's transition assessment (s.63) shares with a carer's assessment (s.10): their answers carry
# over when it is treated as one at 18. Everything else, the eligibility determination above all, is done afresh.
SHARED_WITH_A_CARERS_ASSESSMENT: Final = ("outcomes_wished", "work_education")


def new_reference() -> str:
    """An assessment reference such as A7K3M9P2Q: random, never derived from the person."""
    return "A" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def lock_assessment(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so two steps on it happen one after the other."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("area", "carer", "delegation")
        .get(pk=assessment.pk)
    )


def require_in_progress(assessment: Assessment) -> None:
    """Raise AssessmentClosed unless the assessment is in progress (the only state its answers can change in)."""
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise AssessmentClosed(f"{assessment.reference} is {assessment.get_status_display().lower()}")


def on_timeline(assessment: Assessment, summary: str) -> OnTimeline:
    """The line a step adds to the carer's timeline, linking to the assessment."""
    return OnTimeline(assessment.carer, summary, link=assessment.get_absolute_url())


@transaction.atomic
def start_assessment(
    carer: Person,
    *,
    kind: str,
    started_by: User,
    cared_for: Person | None = None,
    referral: Referral | None = None,
    requested_on: date | None = None,
    method: str = Assessment.Method.FACE_TO_FACE,
    kind_override_reason: str = "",
) -> Assessment:
    """Start an assessment of the carer, carried out by the starter's organisation.

    The kind the law points to comes from ages and parental responsibility (Children Act 1989 s.17ZA and s.17ZD; Care
    Act 2014 s.10, s.60 and s.63); choosing another needs a reason. A provider carries out assessments only under the
    council's delegation (Care Act 2014 s.79), which is recorded on the assessment.
    """
    errors: dict[str, str] = {}
    organisation = started_by.organisation
    today = timezone.localdate()
    if kind not in Assessment.Kind.values:
        errors["kind"] = "Select which assessment to carry out"
    if method not in Assessment.Method.values:
        errors["method"] = "Select how the assessment is carried out"
    if cared_for is not None and cared_for.pk == carer.pk:
        errors["cared_for"] = "The person cared for must be someone other than the carer"
    if referral is not None and referral.carer_id != carer.pk:
        errors["referral"] = f"Referral {referral.reference} is for someone else"
    elif referral is not None and referral.status != Referral.Status.ACCEPTED:
        # Only an accepted referral is the provider's to act on; an open one may still be rejected or transferred.
        errors["referral"] = (
            f"Referral {referral.reference} has not been accepted ({referral.get_status_display().lower()}). "
            "Accept the referral before starting an assessment from it."
        )
    delegation: Delegation | None = None
    if organisation is None or not organisation.areas.filter(pk=carer.area_id).exists():
        errors["organisation"] = "Your organisation does not work in the carer's area"
    elif not organisation.holds_statutory_duty():
        delegation = live_delegation(carer.area, organisation, on=today)
        if delegation is None:
            errors["organisation"] = (
                f"{organisation} has no current delegation from the council to carry out assessments (Care Act "
                "2014 s.79). Ask the council to record one."
            )
    route = suggested_route(carer, cared_for=cared_for, on=today)
    suggested = {str(route.assessment or ""), str(route.transition or "")} - {""} if route else set()
    kind_override_reason = kind_override_reason.strip()
    if "kind" not in errors and suggested and kind not in suggested and not kind_override_reason:
        errors["kind_override_reason"] = "Enter why you are carrying out a different assessment from the one suggested"
    if errors:
        raise AssessmentInvalid(errors)
    assert organisation is not None  # checked above  # noqa: S101
    if requested_on is None:
        requested_on = timezone.localdate(referral.received_at) if referral is not None else today
    assessment = Assessment.objects.create(
        area=carer.area,
        reference=new_reference(),
        kind=kind,
        method=method,
        carer=carer,
        cared_for=cared_for,
        referral=referral,
        kind_override_reason=kind_override_reason if kind not in suggested else "",
        organisation=organisation,
        delegation=delegation,
        assessor=started_by,
        requested_on=requested_on,
        started_at=timezone.now(),
        created_by=started_by,
        updated_by=started_by,
    )
    record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=started_by,
        subject=assessment,
        area=carer.area,
        detail={
            "reference": assessment.reference,
            "kind": kind,
            "carer": carer.pk,
            "referral": referral.reference if referral else None,
            "delegation": delegation.reference if delegation else None,
            "kind_overridden": bool(assessment.kind_override_reason),
        },
        event=AssessmentEvent.STARTED,
        timeline=on_timeline(assessment, f"{assessment.get_kind_display()} started"),
    )
    return assessment


@transaction.atomic
def start_carers_assessment_from_transition(source: Assessment, *, by: User, requested_on: date) -> Assessment:
    """Treat a completed young carer's transition assessment as a carer's assessment at 18 (Care Act 2014 s.64;
    Explanatory Notes para 394): a carer's assessment starts from it, with the answers the two share, and goes on to
    the eligibility determination under the Care and Support (Eligibility Criteria) Regulations 2015 reg 3, which a
    transition assessment's indication (s.64(5)) is not. Raises AssessmentInvalid naming the field."""
    if source.kind != Assessment.Kind.YOUNG_CARER_TRANSITION or source.status != Assessment.Status.COMPLETED:
        raise AssessmentInvalid({"decision": "Only a completed young carer's transition assessment can be treated so"})
    assessment = start_assessment(
        source.carer,
        kind=Assessment.Kind.CARERS,
        started_by=by,
        cared_for=source.cared_for,
        requested_on=requested_on,
        method=source.method,
        kind_override_reason=(
            f"Young carer's transition assessment {source.reference} treated as a carer's assessment at 18 "
            "(Care Act 2014 s.64)"
        ),
    )
    shared = source.sections.filter(key__in=SHARED_WITH_A_CARERS_ASSESSMENT)
    AssessmentSection.objects.bulk_create(
        AssessmentSection(
            area=assessment.area,
            assessment=assessment,
            key=section.key,
            status=section.status,
            answers=section.answers,
            answered_by=section.answered_by,
            version=1,
            created_by=by,
            updated_by=by,
        )
        for section in shared
    )
    return assessment
