"""Transition decisions as young carers grow up: raising the prompts the law asks for (Care Act 2014 ss.63-64), and
recording the decision, which may start a carer's assessment at 18."""

from datetime import date, timedelta
from typing import Final

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, TransitionPrompt
from carershub.assessments.services.errors import AssessmentInvalid, PromptAlreadyDecided, TimelinessInvalid
from carershub.assessments.services.reviews import REASON_MAX_LENGTH
from carershub.assessments.services.starting import start_carers_assessment_from_transition
from carershub.core.audit import record_event
from carershub.core.events import OnTimeline
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.people.models import CaringRelationship, Involvement, Person
from carershub.people.rules import ADULTHOOD, add_years, birth_dates_reaching_age_between
from carershub.people.selectors import people_turning_18_between

# The decision whether to treat a young carer's assessment as a carer's assessment is raised this long before 18.
TURNING_18_NOTICE_DAYS: Final = 90
# Only a young carer's transition assessment (Care Act 2014 s.63) can be treated as a s.10 carer's assessment at 18
# (s.64; Explanatory Notes paras 389 and 394), never a Children Act 1989 s.17ZA needs assessment.
YOUNG_CARER_ASSESSMENT_KINDS: Final = (Assessment.Kind.YOUNG_CARER_TRANSITION,)


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
    # "significant benefit" is professional judgement, not an age trigger (Care Act 2014 s.63(1)), so this only
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
                event=AssessmentEvent.TRANSITION_PROMPT_RAISED,
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
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=prompt,
        area=prompt.area,
        detail={"kind": prompt.kind, "decision": decision},
        event=AssessmentEvent.TRANSITION_DECIDED,
        timeline=OnTimeline(
            prompt.person,
            _decision_summary(prompt),
            link=prompt.assessment.get_absolute_url() if prompt.assessment is not None else "",
            at=now,
        ),
    )
    return prompt


def _start_carers_assessment(prompt: TransitionPrompt, *, by: User) -> Assessment:
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
