"""Waiting times, reviews and transition prompts."""

import logging
from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.models import Assessment, Review, TransitionPrompt
from carershub.assessments.selectors.timeliness import reviews_to_remind
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.people.models import CaringRelationship, Involvement, Person
from carershub.people.rules import ADULTHOOD, add_years, birth_dates_reaching_age_between
from carershub.people.selectors import people_turning_18_between
from carershub.people.services.timeline import add_timeline_entry

logger = logging.getLogger(__name__)

# s.27(1)(b) asks for a review "on a reasonable request" without a period; we aim to hold it within two weeks.
ON_REQUEST_REVIEW_DAYS: Final = 14
# The decision whether to treat a young carer's assessment as a carer's assessment is raised this long before 18.
TURNING_18_NOTICE_DAYS: Final = 90
# Only a young carer's transition assessment (Care Act 2014 s.63) can be treated as a s.10 carer's assessment at 18
# (s.64; Explanatory Notes paras 389 and 394), never a Children Act 1989 s.17ZA needs assessment.
YOUNG_CARER_ASSESSMENT_KINDS: Final = (Assessment.Kind.YOUNG_CARER_TRANSITION,)
REASON_MAX_LENGTH: Final = 2000


class TimelinessInvalid(Exception):
    """The change cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class ReviewNotScheduled(Exception):
    """Only a scheduled review can be completed or cancelled."""


class NotReviewable(Exception):
    """A review is of a completed assessment: there is nothing to review before the determination."""


class PromptAlreadyDecided(Exception):
    """A transition decision is made once; a change of mind is a new assessment, not an edit."""


def _locked_scheduled(review: Review) -> Review:
    locked = Review.objects.select_for_update(of=("self",)).select_related("assessment__carer").get(pk=review.pk)
    if locked.status != Review.Status.SCHEDULED:
        raise ReviewNotScheduled(f"{locked} is {locked.get_status_display().lower()}")
    return locked


def _required_text(value: str, *, field: str, message: str) -> str:
    text = value.strip()
    if not text:
        raise TimelinessInvalid({field: message})
    if len(text) > REASON_MAX_LENGTH:
        raise TimelinessInvalid({field: f"{field.capitalize()} must be {REASON_MAX_LENGTH} characters or fewer"})
    return text


@transaction.atomic
def complete_review(review: Review, *, by: User, notes: str) -> Review:
    """Record a review of an assessment (one scheduled before support plans existed) as done, with what it found."""
    notes = _required_text(notes, field="notes", message="Enter what the review found")
    review = _locked_scheduled(review)
    now = timezone.now()
    review.status = Review.Status.COMPLETED
    review.completed_at = now
    review.completed_by = by
    review.notes = notes
    review.updated_by = by
    review.save(update_fields=["status", "completed_at", "completed_by", "notes", "updated_by", "updated_at"])
    # No next review is scheduled here: Care Act 2014 s.27 reviews are of support plans, and the plan schedules its
    # own (support_plans). Reviews left from before plans existed are finished, never renewed.
    assessment = review.assessment
    add_timeline_entry(
        assessment.carer,
        kind="review_completed",
        summary=f"{review.get_kind_display()} of assessment {assessment.reference} completed",
        actor=by,
        link=assessment.get_absolute_url(),
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=review,
        area=review.area,
        detail={
            "assessment": assessment.reference,
            "status": Review.Status.COMPLETED.value,
        },
    )
    return review


@transaction.atomic
def cancel_review(review: Review, *, by: User, reason: str) -> Review:
    """Cancel a scheduled review, saying why (for example, the carer has stopped caring)."""
    reason = _required_text(reason, field="reason", message="Enter why the review is being cancelled")
    review = _locked_scheduled(review)
    review.status = Review.Status.CANCELLED
    review.notes = reason
    review.updated_by = by
    review.save(update_fields=["status", "notes", "updated_by", "updated_at"])
    assessment = review.assessment
    add_timeline_entry(
        assessment.carer,
        kind="review_cancelled",
        summary=f"{review.get_kind_display()} of assessment {assessment.reference} cancelled: {reason}",
        actor=by,
        link=assessment.get_absolute_url(),
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=review,
        area=review.area,
        detail={"assessment": assessment.reference, "status": Review.Status.CANCELLED.value},
    )
    return review


@transaction.atomic
def request_review(assessment: Assessment, *, by: User, reason: str) -> Review:
    """Schedule a review the carer (or someone on their behalf) asked for: the council must review a support plan on
    a reasonable request (Care Act 2014 s.27(1)(b)). It is due within two weeks; a second request the same day is
    the same review."""
    reason = _required_text(reason, field="reason", message="Enter what the carer asked for and why")
    if assessment.status != Assessment.Status.COMPLETED:
        raise NotReviewable(assessment.reference)
    review, created = Review.objects.get_or_create(
        area=assessment.area,
        assessment=assessment,
        kind=Review.Kind.ON_REQUEST,
        due_on=timezone.localdate() + timedelta(days=ON_REQUEST_REVIEW_DAYS),
        defaults={"created_by": by, "updated_by": by},
    )
    if created:
        add_timeline_entry(
            assessment.carer,
            kind="review_requested",
            summary=f"Review of assessment {assessment.reference} requested: {reason}",
            actor=by,
            link=assessment.get_absolute_url(),
        )
        record_event(
            AuditEvent.Kind.RECORD_CREATED,
            actor=by,
            subject=review,
            area=assessment.area,
            detail={"assessment": assessment.reference, "kind": Review.Kind.ON_REQUEST.value, "reason": reason},
        )
    return review


# --- Reminders ------------------------------------------------------------------------------------------------------


def remind_assessors_of_due_reviews(*, today: date | None = None) -> int:
    """Email each assessor once about every scheduled review falling due within the reminder period, and mark it
    reminded. Running it again the same day (or after a crash) reminds nobody twice. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for review_id in list(reviews_to_remind(today=today).values_list("pk", flat=True)):
        sent += _remind_one(review_id)
    return sent


@transaction.atomic
def _remind_one(review_id: int) -> int:
    # Locked and re-checked: two workers running the job at once must not both send the reminder.
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assessment__assessor")
        .filter(pk=review_id, status=Review.Status.SCHEDULED, reminded_at__isnull=True)
        .first()
    )
    if review is None:
        return 0
    review.reminded_at = timezone.now()
    review.save(update_fields=["reminded_at", "updated_at"])
    assessor = review.assessment.assessor
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=review,
        area=review.area,
        organisation=review.assessment.organisation,
        detail={"assessment": review.assessment.reference, "reminded": assessor.pk},
    )
    if assessor.is_active and assessor.email:
        subject, body = _reminder_text(review)
        recipient = assessor.email
        transaction.on_commit(lambda: _send(subject, body, recipient))
    return 1


def _reminder_text(review: Review) -> tuple[str, str]:
    # Email is not a secure channel: the reminder names the assessment by its reference, never the carer.
    assessment = review.assessment
    due = f"{review.due_on.day} {review.due_on:%B %Y}"
    subject = f"Carers Hub: {review.get_kind_display().lower()} of assessment {assessment.reference} due {due}"
    body = (
        f"The {review.get_kind_display().lower()} of assessment {assessment.reference} "
        f"({assessment.get_kind_display().lower()}) is due on {due}.\n\n"
        f"Sign in to Carers Hub and open Assessments, then Reviews due ({reverse('assessments:reviews')}), "
        "to arrange it with the carer and record it."
    )
    return subject, body


def _send(subject: str, body: str, recipient: str) -> None:
    # Sent after the change is committed: a mail failure is logged and never undoes it.
    try:
        send_mail(subject, body, None, [recipient])
    except OSError:
        logger.exception("Could not send an assessment email")


# --- Transition prompts ---------------------------------------------------------------------------------------------


def raise_transition_prompts(*, today: date | None = None) -> list[TransitionPrompt]:
    """Raise the decisions the law asks for as young carers grow up, area by area. Idempotent: a prompt is raised
    once per kind, person and organisation, whenever the job runs. Returns the prompts raised now."""
    today = today or timezone.localdate()
    raised: list[TransitionPrompt] = []
    for area in Area.objects.order_by("pk"):
        raised += _prompts_to_treat_as_carers_assessment(area, today=today)
        raised += _prompts_to_consider_transition_assessment(area, today=today)
    return raised


def _prompts_to_treat_as_carers_assessment(area: Area, *, today: date) -> list[TransitionPrompt]:
    # At 18 the council must decide whether to treat a young carer's assessment as a carer's assessment under s.10,
    # considering when it was done and what has changed (Care Act 2014 s.64; Explanatory Notes para 394). Raised
    # ahead of the birthday, for each organisation that completed one.
    turning_18 = people_turning_18_between(area, today, today + timedelta(days=TURNING_18_NOTICE_DAYS))
    siblings = CaringRelationship.objects.filter(
        area=area, carer=OuterRef("carer_id"), cared_for=OuterRef("cared_for_id"), relationship="sibling"
    )
    latest: dict[tuple[int, int], Assessment] = {}
    for assessment in (
        Assessment.objects.filter(
            area=area, status=Assessment.Status.COMPLETED, kind__in=YOUNG_CARER_ASSESSMENT_KINDS, carer__in=turning_18
        )
        # s.63 is for a young carer caring for an adult; a young carer caring for a sibling is never treated so
        # (their route at 18 is the Carers (Recognition and Services) Act 1995 s.1(2), not s.63).
        .exclude(Exists(siblings))
        .select_related("carer", "cared_for")
        .order_by("completed_on", "pk")
    ):
        if not _cared_for_an_adult(assessment):
            continue
        latest[(assessment.carer_id, assessment.organisation_id)] = assessment  # the last completed wins
    raised = []
    for (_, organisation_id), assessment in latest.items():
        date_of_birth = assessment.carer.date_of_birth
        if date_of_birth is None:  # cannot happen: they were found by date of birth
            continue
        prompt = _raise(
            TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT,
            person=assessment.carer,
            organisation_id=organisation_id,
            assessment=assessment,
            due_on=add_years(date_of_birth, ADULTHOOD),
        )
        if prompt is not None:
            raised.append(prompt)
    return raised


def _cared_for_an_adult(assessment: Assessment) -> bool:
    cared_for = assessment.cared_for
    if cared_for is None or cared_for.date_of_birth is None or assessment.completed_on is None:
        return False
    return assessment.completed_on >= add_years(cared_for.date_of_birth, ADULTHOOD)


def _prompts_to_consider_transition_assessment(area: Area, *, today: date) -> list[TransitionPrompt]:
    # A young carer caring for an adult may need a transition assessment (Care Act 2014 s.63). Whether it is of
    # "significant benefit" is professional judgement, not an age trigger (statutory-rules.md §2.3), so this only
    # asks the organisations with an open case to consider it, from the configured age until 18.
    tomorrow = today + timedelta(days=1)
    _, latest_at_prompt_age = birth_dates_reaching_age_between(settings.CARERSHUB_TRANSITION_PROMPT_AGE, today, today)
    earliest_under_18, _ = birth_dates_reaching_age_between(ADULTHOOD, tomorrow, tomorrow)
    _, latest_adult = birth_dates_reaching_age_between(ADULTHOOD, today, today)
    young_carers = Person.objects.filter(
        area=area,
        merged_into__isnull=True,
        date_of_birth__gte=earliest_under_18,
        date_of_birth__lte=latest_at_prompt_age,
    )
    caring_for_an_adult = (
        CaringRelationship.objects.filter(area=area, carer__in=young_carers, cared_for__date_of_birth__lte=latest_adult)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values("carer_id")
    )
    cases = (
        Involvement.objects.filter(
            area=area, person_id__in=caring_for_an_adult, reason=Involvement.Reason.CASE_OPEN, ended_at__isnull=True
        )
        .select_related("person")
        .order_by("person_id", "organisation_id")
    )
    raised = []
    for involvement in cases:
        person = involvement.person
        if person.date_of_birth is None:  # cannot happen: they were found by date of birth
            continue
        prompt = _raise(
            TransitionPrompt.Kind.CONSIDER_TRANSITION_ASSESSMENT,
            person=person,
            organisation_id=involvement.organisation_id,
            assessment=None,
            due_on=add_years(person.date_of_birth, ADULTHOOD),
        )
        if prompt is not None:
            raised.append(prompt)
    return raised


def _raise(
    kind: TransitionPrompt.Kind,
    *,
    person: Person,
    organisation_id: int,
    assessment: Assessment | None,
    due_on: date,
) -> TransitionPrompt | None:
    """Create the prompt unless it exists; None when it did. The unique constraint settles a race with another run."""
    if TransitionPrompt.objects.filter(kind=kind, person=person, organisation_id=organisation_id).exists():
        return None
    try:
        with transaction.atomic():
            prompt = TransitionPrompt.objects.create(
                area_id=person.area_id,
                kind=kind,
                person=person,
                organisation_id=organisation_id,
                assessment=assessment,
                due_on=due_on,
            )
            record_event(
                AuditEvent.Kind.RECORD_CREATED,
                actor=None,
                subject=prompt,
                area=person.area,
                organisation=prompt.organisation,
                detail={"kind": kind.value, "person": person.pk},
            )
    except IntegrityError:
        return None
    return prompt


@transaction.atomic
def decide_transition_prompt(prompt: TransitionPrompt, *, by: User, decision: str, reasons: str) -> TransitionPrompt:
    """Record a transition decision and the reasons for it, on the person's timeline. Deciding to treat a young
    carer's transition assessment as a carer's assessment at 18 (Care Act 2014 s.64; EN 394) starts that carer's
    assessment, set on `prompt.carers_assessment`, for the eligibility determination (Eligibility Regulations 2015
    reg 3). Raises TimelinessInvalid naming the field."""
    errors = {}
    if decision not in TransitionPrompt.Decision.values:
        errors["decision"] = "Select yes or no"
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for the decision"
    elif len(reasons.strip()) > REASON_MAX_LENGTH:
        errors["reasons"] = f"Reasons must be {REASON_MAX_LENGTH} characters or fewer"
    if errors:
        raise TimelinessInvalid(errors)
    prompt = (
        TransitionPrompt.objects.select_for_update(of=("self",))
        .select_related("person", "assessment", "organisation")
        .get(pk=prompt.pk)
    )
    if prompt.decided_at is not None:
        raise PromptAlreadyDecided(str(prompt.pk))
    now = timezone.now()
    if (
        prompt.kind == TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT
        and decision == TransitionPrompt.Decision.YES
        and prompt.assessment is not None
    ):
        prompt.carers_assessment = _start_carers_assessment(prompt, by=by)
    prompt.decision = decision
    prompt.reasons = reasons.strip()
    prompt.decided_at = now
    prompt.decided_by = by
    prompt.updated_by = by
    prompt.save(
        update_fields=[
            "decision",
            "reasons",
            "decided_at",
            "decided_by",
            "carers_assessment",
            "updated_by",
            "updated_at",
        ]
    )
    add_timeline_entry(
        prompt.person,
        kind="transition_decision",
        summary=_decision_summary(prompt),
        actor=by,
        link=prompt.assessment.get_absolute_url() if prompt.assessment is not None else "",
        at=now,
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=prompt,
        area=prompt.area,
        detail={"kind": prompt.kind, "decision": decision},
    )
    return prompt


def _start_carers_assessment(prompt: TransitionPrompt, *, by: User) -> Assessment:
    # Imported here: the assessment services import this module (they schedule reviews on completion).
    from carershub.assessments.services.assessment import (
        AssessmentInvalid,
        start_carers_assessment_from_transition,
    )

    assert prompt.assessment is not None  # checked by the caller  # noqa: S101
    try:
        return start_carers_assessment_from_transition(prompt.assessment, by=by, requested_on=prompt.due_on)
    except AssessmentInvalid as invalid:
        raise TimelinessInvalid({"decision": " ".join(invalid.errors.values())}) from invalid


def _decision_summary(prompt: TransitionPrompt) -> str:
    yes = prompt.decision == TransitionPrompt.Decision.YES
    if prompt.kind == TransitionPrompt.Kind.TREAT_AS_CARERS_ASSESSMENT:
        reference = f" {prompt.assessment.reference}" if prompt.assessment is not None else ""
        if yes:
            started = (
                f"; carer's assessment {prompt.carers_assessment.reference} started for the eligibility determination"
                if prompt.carers_assessment is not None
                else ""
            )
            return (
                f"At 18, young carer's assessment{reference} treated as a carer's assessment (Care Act s.64){started}"
            )
        return f"At 18, young carer's assessment{reference} not treated as a carer's assessment: {prompt.reasons}"
    if yes:
        return "Transition assessment (Care Act s.63) to be carried out"
    return f"Transition assessment (Care Act s.63) not carried out now: {prompt.reasons}"
