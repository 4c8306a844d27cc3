"""An assessment from start to signed-off determination: every change to one goes through a function here.

Each function checks what the law and the service require, writes the change, its audit event and (for the steps a
practitioner looks back on) a line on the carer's timeline, all in one transaction.
"""

import logging
import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.contents import SectionContent, content_of
from carershub.assessments.instruments import questionnaire_text
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, SafetyAlert
from carershub.assessments.rules.eligibility import (
    EligibilityQuestion,
    Limb,
    Outcome,
    WellbeingDomain,
    determine_carer_eligibility,
)
from carershub.assessments.rules.panoc import PANOC_ITEMS, safety_alert_items
from carershub.assessments.selectors.assessment import (
    MAX_CHILDREN,
    incomplete_sections,
    live_delegation,
    may_determine,
    may_sign_off,
    safety_alert_recipients,
    section_answers,
    steps_outstanding,
    suggested_route,
    young_carer_referral_key,
)
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.services.timeline import add_timeline_entry
from carershub.referrals.models import Referral
from carershub.referrals.services.making import submit_referral
from carershub.referrals.services.submission import (
    NoRouteForReferral,
    PersonDetails,
    ReferralInvalid,
    ReferralSubmission,
)

logger = logging.getLogger(__name__)

# Crockford's base32 without I, L, O and U, as for referrals: easy to read out over the phone.
_REFERENCE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
YES: Final = "yes"
TRANSITION_KINDS: Final = frozenset({Assessment.Kind.YOUNG_CARER_TRANSITION, Assessment.Kind.CHILD_CARER_TRANSITION})
# The sections whose answers the carer's eligibility determination reads (Eligibility Criteria Regs 2015 reg 3).
ELIGIBILITY_SECTIONS: Final = ("eligibility_outcomes", "health", "necessary_care")


class AssessmentInvalid(Exception):
    """The change cannot be made as given. `errors` maps a field name to a message saying what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


class StaleEdit(Exception):
    """Someone saved the section since the form was loaded; `section` holds what they saved."""

    def __init__(self, section: AssessmentSection) -> None:
        super().__init__(f"{section} was saved by someone else (now version {section.version})")
        self.section = section


class AssessmentClosed(Exception):
    """The assessment is not open for this change (it is waiting for sign-off, completed, refused or declined)."""


class SectionsIncomplete(Exception):
    """Sections the step needs are not completed; `sections` names them, in task list order."""

    def __init__(self, sections: list[SectionContent]) -> None:
        super().__init__("Complete these sections first: " + ", ".join(section.title for section in sections))
        self.sections = sections


class NotPermitted(Exception):
    """This person may not take this step (for example, signing off their own assessment)."""


def new_reference() -> str:
    """An assessment reference such as A7K3M9P2Q: random, never derived from the person."""
    return "A" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def _lock(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so two steps on it happen one after the other."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("area", "carer", "delegation")
        .get(pk=assessment.pk)
    )


def _timeline(assessment: Assessment, summary: str, *, kind: str, by: User | None) -> None:
    add_timeline_entry(
        assessment.carer,
        kind=kind,
        summary=summary,
        actor=by,
        organisation=by.organisation if by is not None else assessment.organisation,
        link=assessment.get_absolute_url(),
    )


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

    The kind the law points to comes from ages and parental responsibility (statutory-rules §3.0); choosing another
    needs a reason. A provider carries out assessments only under the council's delegation (Care Act 2014 s.79),
    which is recorded on the assessment.
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
    )
    _timeline(assessment, f"{assessment.get_kind_display()} started", kind="assessment_started", by=started_by)
    return assessment


# Sections a young carer's transition assessment (s.63) shares with a carer's assessment (s.10): their answers carry
# over when it is treated as one at 18. Everything else, the eligibility determination above all, is done afresh.
SHARED_WITH_A_CARERS_ASSESSMENT: Final = ("outcomes_wished", "work_education")


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
) -> AssessmentSection:
    """Save one section's answers, as a draft or completed. `saved_by` None is the carer, through their
    self-assessment link.

    Raises StaleEdit when someone saved the section after `expected_version` was read, so nobody's work is
    overwritten; KeyError for a section the assessment's kind does not have; AssessmentClosed unless in progress.
    """
    content = content_of(assessment.kind, key)
    assessment = _lock(assessment)
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise AssessmentClosed(f"{assessment.reference} is {assessment.get_status_display().lower()}")
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
        purpose=f"{content.title} {'completed' if complete else 'saved as a draft'}",
        detail={
            "assessment": assessment.reference,
            "section": key,
            "version": section.version,
            "status": status,
            "answered_by": answered_by,
        },
    )
    if key in determination_sections(assessment.kind) and previous_answers != section.answers:
        _clear_determination(assessment, by=saved_by, because=f"{content.title} changed")
    if key == "panoc_yc20":
        raise_safety_alerts(assessment, answers)
    if key == "whole_family" and complete and answers.get("child_involved") == YES:
        raise_young_carer_referral(assessment, answers, by=saved_by)
    return section


def determination_sections(kind: str) -> tuple[str, ...]:
    """The sections whose answers a kind's determination reads: changing one after the determination makes the
    determination stale, so it must be recorded again."""
    return ELIGIBILITY_SECTIONS if kind == Assessment.Kind.CARERS else ()


def _clear_determination(assessment: Assessment, *, by: User | None, because: str) -> None:
    """Take a stale determination out of force: the decision and its rule-made reasons go, so it cannot be submitted,
    signed off or given to the carer until it is recorded again. The practitioner's own words (significant impact,
    areas of well-being, advice) stay, to start the new determination from. The audit event keeps what it was."""
    if assessment.determined_at is None:
        return
    superseded = {
        "eligible": assessment.eligible,
        "determined_at": assessment.determined_at.isoformat(),
        "determined_by": assessment.determined_by_id,
        "decision": assessment.decision,
        "reasons": assessment.determination_reasons,
    }
    assessment.eligible = None
    assessment.decision = {}
    assessment.determination_reasons = []
    assessment.determined_at = None
    assessment.determined_by = None
    assessment.determined_by_organisation = None
    assessment.updated_by = by
    fields = [
        "eligible",
        "decision",
        "determination_reasons",
        "determined_at",
        "determined_by",
        "determined_by_organisation",
        "updated_by",
        "updated_at",
    ]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        organisation=None if by is not None else assessment.organisation,
        area=assessment.area,
        purpose=f"determination cleared: {because}",
        detail={"fields": fields[:-2], "superseded": superseded},
    )


def raise_safety_alerts(assessment: Assessment, answers: Mapping[str, Any]) -> list[SafetyAlert]:
    """Raise an alert, at once, for each PANOC-YC20 safety item answered anything other than "never".

    The safety items are a deployment setting in the questionnaire file (statutory-rules §5.2 design note). An item
    with an alert still open gets no second one. Unanswered items count as "never" until they are answered.
    """
    text = questionnaire_text("panoc_yc20")
    responses = [answers.get(f"item_{number}") for number in range(1, PANOC_ITEMS + 1)]
    known = [response if isinstance(response, int) and response in (0, 1, 2) else 0 for response in responses]
    raised = []
    now = timezone.now()
    for item in safety_alert_items(known, text.safety_items):
        if SafetyAlert.objects.filter(
            area=assessment.area, assessment=assessment, questionnaire="panoc_yc20", item=item, acknowledged_at=None
        ).exists():
            continue
        alert = SafetyAlert.objects.create(
            area=assessment.area,
            assessment=assessment,
            questionnaire="panoc_yc20",
            item=item,
            answer=known[item - 1],
            raised_at=now,
        )
        record_event(
            AuditEvent.Kind.RECORD_CREATED,
            actor=None,
            subject=alert,
            organisation=assessment.organisation,
            area=assessment.area,
            purpose="safety alert raised",
            detail={"assessment": assessment.reference, "questionnaire": "panoc_yc20", "item": item},
        )
        raised.append(alert)
    if raised:
        alert_ids = [alert.pk for alert in raised]
        # Queued only once the alerts are committed: the email must never name an alert that was rolled back.
        transaction.on_commit(lambda: _enqueue_safety_alert_notice(alert_ids))
    return raised


def _enqueue_safety_alert_notice(alert_ids: list[int]) -> None:
    from carershub.assessments.tasks import notify_safety_alerts  # here: tasks.py imports this module

    try:
        notify_safety_alerts.enqueue(alert_ids)
    except Exception:  # a queue problem must never undo the saved answers; the alert still shows on every list
        logger.exception("Could not queue the safety alert notice for alerts %s", alert_ids)


@transaction.atomic
def send_safety_alert_notice(alert_ids: list[int]) -> int:
    """Email the assessor and the managers of the team carrying out the assessment that a safety alert needs
    attention now. Email is not a secure channel: the message names the assessment by its reference and links to
    it, never the young carer, the item or the answer. Alerts already acknowledged are not mentioned. Returns how
    many people were emailed."""
    alerts = list(
        SafetyAlert.objects.filter(pk__in=alert_ids, acknowledged_at__isnull=True)
        .select_related("assessment__assessor", "assessment__organisation", "area")
        .order_by("pk")
    )
    if not alerts:
        return 0
    assessment = alerts[0].assessment
    recipients = safety_alert_recipients(assessment)
    link = reverse("assessments:detail", args=[assessment.reference])
    subject = f"Carers Hub: safety alert on assessment {assessment.reference} needs attention now"
    body = (
        f"An answer on assessment {assessment.reference} has raised a safety alert that needs a practitioner's "
        "attention now.\n\n"
        f"Sign in to Carers Hub and open the assessment ({link}) to see the alert and record what you did about it."
    )
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=None,
        subject=assessment,
        area=assessment.area,
        organisation=assessment.organisation,
        purpose="safety alert notice emailed",
        detail={"alerts": [alert.pk for alert in alerts], "recipients": [user.pk for user in recipients]},
    )
    addresses = [user.email for user in recipients]
    transaction.on_commit(lambda: _send_each(subject, body, addresses))
    return len(recipients)


def _send_each(subject: str, body: str, addresses: list[str]) -> None:
    # One message per person, so nobody sees who else was told; a mail failure is logged and undoes nothing.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            logger.exception("Could not send a safety alert notice")


@transaction.atomic
def acknowledge_safety_alert(alert: SafetyAlert, *, by: User, action_taken: str) -> SafetyAlert:
    """Close a safety alert, saying what was done about it (for example, a safeguarding referral made)."""
    action_taken = action_taken.strip()
    if not action_taken:
        raise AssessmentInvalid({"action_taken": "Enter what you did about this answer"})
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = by
    alert.action_taken = action_taken
    alert.updated_by = by
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=alert,
        area=alert.area,
        purpose="safety alert acknowledged",
        detail={"assessment": alert.assessment.reference, "item": alert.item},
    )
    return alert


def child_prefix(number: int) -> str:
    """The answer names of the nth child in the whole-family section: child_given_name, child_2_given_name, ..."""
    return "child_" if number == 1 else f"child_{number}_"


def named_children(answers: Mapping[str, Any]) -> list[int]:
    """The places (1 to MAX_CHILDREN) of the children the whole-family section names."""
    return [number for number in range(1, MAX_CHILDREN + 1) if answers.get(f"{child_prefix(number)}given_name")]


def raise_young_carer_referral(
    assessment: Assessment, answers: Mapping[str, Any], *, by: User | None
) -> list[Referral]:
    """The whole-family check found children providing care: refer each for a young carer's needs assessment
    (Care and Support (Assessment) Regulations 2014 reg 4(3); Children Act 1989 s.17ZA(12)).

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
            purpose="young carer's referral could not be raised",
            detail={"child": number, "problem": str(problem)[:500]},
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
        purpose="young carer's referral raised (whole-family approach)",
        detail={"fields": fields[:-2], "child": number, "referral": referral.reference},
    )
    return referral


def _require_open(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise AssessmentClosed(f"{assessment.reference} is {assessment.get_status_display().lower()}")


def _limbs(answer: object) -> list[Limb]:
    return [Limb(limb) for limb in answer if limb in Limb._value2member_map_] if isinstance(answer, list) else []


def _yes(answers: Mapping[str, Any], name: str) -> bool:
    return answers.get(name) == YES


@transaction.atomic
def record_determination(assessment: Assessment, *, answers: Mapping[str, Any], by: User) -> Assessment:
    """Record the decision the assessment leads to, with its reasons, and who made it for which organisation.

    - Carer's assessment: whether the carer's needs meet the eligibility criteria (Care Act 2014 s.13(1);
      Eligibility Criteria Regulations 2015 reg 3), from the outcomes, health and necessary care sections and the
      practitioner's judgement of significant impact on well-being (s.1(2)), with reasons. When no needs are
      eligible, the written advice and information s.13(5) requires.
    - Young carer's needs assessment: the decision under Children Act 1989 s.17ZC(a)-(c).
    - Parent carer's needs assessment: the decision under s.17ZF(a)-(d).
    - Transition assessments: the indication of likely eligibility after 18, with advice and information
      (Care Act 2014 s.61(5), s.64(5)).

    A provider whose delegation covers assessment only cannot determine eligibility: the council does (s.79).
    """
    assessment = _lock(assessment)
    _require_open(assessment)
    if not may_determine(by, assessment):
        raise NotPermitted(
            "Your organisation carries out this assessment under a delegation that does not include deciding "
            "eligibility: the council records the determination."
        )
    reasons_text = str(answers.get("reasons", "")).strip()
    advice = str(answers.get("advice_and_information", "")).strip()
    errors: dict[str, str] = {}
    if not reasons_text:
        errors["reasons"] = "Enter the reasons for the decision"
    kind = assessment.kind
    decision: dict[str, Any] = {}
    if kind == Assessment.Kind.CARERS:
        missing = [content for content in incomplete_sections(assessment) if content.key in ELIGIBILITY_SECTIONS]
        if missing:
            raise SectionsIncomplete(missing)
        significant_impact = answers.get("significant_impact")
        if significant_impact not in ("yes", "no"):
            errors["significant_impact"] = "Select whether there is a significant impact on the carer's well-being"
        domains = [str(domain) for domain in answers.get("wellbeing_domains") or []]
        if any(domain not in WellbeingDomain._value2member_map_ for domain in domains):
            errors["wellbeing_domains"] = "Select areas of well-being from the list"
        elif significant_impact == YES and not domains:
            errors["wellbeing_domains"] = "Select the areas of well-being where the impact is significant"
        if errors:
            raise AssessmentInvalid(errors)
        outcomes = section_answers(assessment, "eligibility_outcomes")
        question = EligibilityQuestion(
            necessary_care=_yes(section_answers(assessment, "necessary_care"), "necessary_care"),
            health_at_risk=_yes(section_answers(assessment, "health"), "health_at_risk"),
            outcomes={outcome: frozenset(_limbs(outcomes.get(f"outcome_{outcome.value}"))) for outcome in Outcome},
            significant_impact_on_wellbeing=significant_impact == YES,
        )
        determination = determine_carer_eligibility(question)
        if not determination.eligible and not advice:
            raise AssessmentInvalid(
                {
                    "advice_and_information": "Enter the advice and information the carer will be given about "
                    "meeting or reducing their needs and preventing or delaying needs (Care Act 2014 s.13(5))"
                }
            )
        assessment.eligible = determination.eligible
        assessment.significant_impact = significant_impact == YES
        assessment.significant_impact_reasons = reasons_text
        assessment.impacted_wellbeing_domains = domains
        assessment.determination_reasons = list(determination.reasons)
        # The outcomes and limbs as they stood when decided: the written record reads these, never the live section.
        decision = {
            "unable_outcomes": [outcome.value for outcome in determination.unable_outcomes],
            "outcome_limbs": {
                outcome.value: [limb.value for limb in Limb if limb in question.outcomes[outcome]]
                for outcome in determination.unable_outcomes
            },
        }
    else:
        decision, eligible, sentences = _other_decision(kind, answers, errors)
        if kind in TRANSITION_KINDS and not advice:
            errors["advice_and_information"] = (
                "Enter the advice and information about meeting or reducing needs and preventing or delaying them "
                "(Care Act 2014 s.61(5) and s.64(5))"
            )
        if errors:
            raise AssessmentInvalid(errors)
        assessment.eligible = eligible
        assessment.significant_impact = None
        assessment.significant_impact_reasons = reasons_text
        assessment.impacted_wellbeing_domains = []
        assessment.determination_reasons = sentences
    assessment.decision = decision
    assessment.advice_and_information = advice
    assessment.determined_at = timezone.now()
    assessment.determined_by = by
    assessment.determined_by_organisation = by.organisation
    assessment.updated_by = by
    fields = [
        "eligible",
        "significant_impact",
        "significant_impact_reasons",
        "impacted_wellbeing_domains",
        "determination_reasons",
        "decision",
        "advice_and_information",
        "determined_at",
        "determined_by",
        "determined_by_organisation",
        "updated_by",
        "updated_at",
    ]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        purpose="determination recorded",
        detail={"fields": fields[:-2], "eligible": assessment.eligible},
    )
    return assessment


# Questions of the decisions other than a carer's eligibility: (answer name, statute, sentence when yes, when no).
_DECISION_QUESTIONS: Final[Mapping[str, tuple[tuple[str, str, str, str], ...]]] = {
    Assessment.Kind.YOUNG_CARERS_NEEDS: (
        (
            "has_needs",
            "Children Act 1989 s.17ZC(a)",
            "The young carer has needs for support in relation to the care they provide.",
            "The young carer does not have needs for support in relation to the care they provide.",
        ),
        (
            "could_be_met",
            "s.17ZC(b)",
            "Those needs could be met, wholly or partly, by services under section 17.",
            "Those needs could not be met by services under section 17.",
        ),
        (
            "will_provide",
            "s.17ZC(c)",
            "The council will provide those services.",
            "The council will not provide services under section 17.",
        ),
    ),
    Assessment.Kind.PARENT_CARERS_NEEDS: (
        (
            "has_needs",
            "Children Act 1989 s.17ZF(a)",
            "The parent carer has needs for support.",
            "The parent carer does not have needs for support.",
        ),
        (
            "child_has_needs",
            "s.17ZF(b)",
            "The disabled child has needs for support.",
            "The disabled child does not have needs for support.",
        ),
        (
            "could_be_met",
            "s.17ZF(c)",
            "Those needs could be met by services under section 17.",
            "Those needs could not be met by services under section 17.",
        ),
        (
            "will_provide",
            "s.17ZF(d)",
            "The council will provide those services.",
            "The council will not provide services under section 17.",
        ),
    ),
}


def _other_decision(
    kind: str, answers: Mapping[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any], bool, list[str]]:
    if kind in TRANSITION_KINDS:
        likely = answers.get("likely_eligible")
        if likely not in ("yes", "no", "not_sure"):
            errors["likely_eligible"] = "Select whether the carer's needs are likely to be eligible after 18"
        likely_needs = str(answers.get("likely_eligible_needs", "")).strip()
        sentence = {
            "yes": "Some needs the carer is likely to have after 18 are likely to meet the eligibility criteria.",
            "no": "The needs the carer is likely to have after 18 are not likely to meet the eligibility criteria.",
            "not_sure": "It is not yet clear whether the carer's needs after 18 will meet the eligibility criteria.",
        }.get(str(likely), "")
        sentences = [f"{sentence} (Care Act 2014 s.61(5) and s.64(5))"] if sentence else []
        if likely_needs:
            sentences.append(f"Needs likely to be eligible: {likely_needs}")
        return {"likely_eligible": likely, "likely_eligible_needs": likely_needs}, likely == YES, sentences
    decision: dict[str, Any] = {}
    sentences = []
    for name, statute, when_yes, when_no in _DECISION_QUESTIONS[kind]:
        answer = answers.get(name)
        if answer not in ("yes", "no"):
            # Later questions only follow a yes to the first.
            if name == "has_needs" or decision.get("has_needs") == YES:
                errors[name] = "Select yes or no"
            continue
        decision[name] = answer
        sentences.append(f"{when_yes if answer == YES else when_no} ({statute})")
    return decision, decision.get("has_needs") == YES, sentences


@transaction.atomic
def submit_for_sign_off(assessment: Assessment, *, by: User) -> Assessment:
    """Send a finished assessment to a manager. Every section must be completed and the decision recorded."""
    assessment = _lock(assessment)
    _require_open(assessment)
    missing = incomplete_sections(assessment)
    if missing:
        raise SectionsIncomplete(missing)
    if assessment.determined_at is None:
        raise AssessmentInvalid({"determination": "Record the determination before sending for sign-off"})
    if outstanding := steps_outstanding(assessment):
        raise AssessmentInvalid(outstanding)
    assessment.status = Assessment.Status.AWAITING_SIGN_OFF
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.updated_by = by
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_by", "updated_at"])
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        purpose="sent for sign-off",
        detail={"fields": ["status", "submitted_at", "submitted_by"], "status": assessment.status},
    )
    _timeline(assessment, f"{assessment.get_kind_display()} sent for sign-off", kind="assessment_submitted", by=by)
    return assessment


@transaction.atomic
def sign_off(assessment: Assessment, *, by: User) -> Assessment:
    """A manager signs off the assessment and its determination: it is completed.

    Never the person who carried it out or sent it for sign-off (a second pair of eyes on every determination).
    """
    assessment = _lock(assessment)
    if assessment.status != Assessment.Status.AWAITING_SIGN_OFF:
        raise AssessmentClosed(f"{assessment.reference} is not waiting for sign-off")
    if not by.has_role(Role.MANAGER):
        raise NotPermitted("Only a manager can sign off an assessment")
    if not may_sign_off(by, assessment):
        raise NotPermitted(
            "An assessment cannot be signed off by the person who wrote it: you carried it out, sent it for "
            "sign-off, made its determination or wrote one of its sections"
        )
    missing = incomplete_sections(assessment)
    if missing:
        raise SectionsIncomplete(missing)
    if assessment.determined_at is None:
        raise AssessmentInvalid({"determination": "The determination has not been recorded"})
    if outstanding := steps_outstanding(assessment):
        raise AssessmentInvalid(outstanding)
    now = timezone.now()
    assessment.status = Assessment.Status.COMPLETED
    assessment.signed_off_at = now
    assessment.signed_off_by = by
    assessment.signed_off_by_organisation = by.organisation
    assessment.completed_on = timezone.localdate(now)
    assessment.updated_by = by
    fields = [
        "status",
        "signed_off_at",
        "signed_off_by",
        "signed_off_by_organisation",
        "completed_on",
        "updated_by",
        "updated_at",
    ]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        purpose="signed off",
        detail={"fields": fields[:-2], "status": assessment.status},
    )
    _timeline(assessment, f"{assessment.get_kind_display()} signed off", kind="assessment_signed_off", by=by)
    # No review is scheduled from the assessment: Care Act 2014 s.27 reviews are of the support plan, scheduled when
    # the plan is agreed (support_plans), so an ineligible carer, or a needs assessment with no services, has none.
    return assessment


@transaction.atomic
def return_for_changes(assessment: Assessment, *, by: User, note: str) -> Assessment:
    """A manager sends a submitted assessment back to the assessor, saying what to change."""
    note = note.strip()
    if not note:
        raise AssessmentInvalid({"note": "Enter what needs to change"})
    assessment = _lock(assessment)
    if assessment.status != Assessment.Status.AWAITING_SIGN_OFF:
        raise AssessmentClosed(f"{assessment.reference} is not waiting for sign-off")
    if not may_sign_off(by, assessment):
        raise NotPermitted("Only a manager who did not write the assessment can send it back")
    # The manager asked for changes: the determination must be recorded again once they are made.
    _clear_determination(assessment, by=by, because="returned for changes")
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.returned_at = timezone.now()
    assessment.returned_by = by
    assessment.return_note = note
    assessment.updated_by = by
    fields = ["status", "returned_at", "returned_by", "return_note", "updated_by", "updated_at"]
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        purpose="returned for changes",
        detail={"fields": fields[:-2]},
    )
    return assessment


@transaction.atomic
def refuse_assessment(assessment: Assessment, *, by: User, reason: str) -> Assessment:
    """The carer refuses the assessment (Care Act 2014 s.11; s.60(3)): the duty to assess no longer applies, until
    they ask again or their circumstances change."""
    reason = reason.strip()
    if not reason:
        raise AssessmentInvalid({"reason": "Enter what the carer said about refusing the assessment"})
    assessment = _lock(assessment)
    if not assessment.is_open():
        raise AssessmentClosed(f"{assessment.reference} is {assessment.get_status_display().lower()}")
    assessment.status = Assessment.Status.REFUSED
    return _close(assessment, by=by, reason=reason, purpose="refused by the carer", summary="refused by the carer")


@transaction.atomic
def decline_transition_request(
    assessment: Assessment, *, by: User, reasons: str, advice_and_information: str
) -> Assessment:
    """Decline a request for a transition assessment with written reasons and advice and information (Care Act
    2014 s.60(6), s.63(5)). The letter page prints them for the person who asked."""
    errors = {}
    if assessment.kind not in TRANSITION_KINDS:
        errors["kind"] = "Only a request for a transition assessment can be declined"
    if not reasons.strip():
        errors["reasons"] = "Enter why the request is declined"
    if not advice_and_information.strip():
        errors["advice_and_information"] = "Enter the advice and information about preventing or delaying needs"
    if errors:
        raise AssessmentInvalid(errors)
    assessment = _lock(assessment)
    _require_open(assessment)
    assessment.status = Assessment.Status.REQUEST_DECLINED
    assessment.advice_and_information = advice_and_information.strip()
    return _close(
        assessment, by=by, reason=reasons.strip(), purpose="request declined", summary="request declined", advice=True
    )


def _close(
    assessment: Assessment, *, by: User, reason: str, purpose: str, summary: str, advice: bool = False
) -> Assessment:
    assessment.closed_reason = reason
    assessment.closed_at = timezone.now()
    assessment.closed_by = by
    assessment.updated_by = by
    fields = ["status", "closed_reason", "closed_at", "closed_by", "updated_by", "updated_at"]
    if advice:
        fields.append("advice_and_information")
    assessment.save(update_fields=fields)
    record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=by,
        subject=assessment,
        area=assessment.area,
        purpose=purpose,
        detail={"fields": [name for name in fields if name not in ("updated_by", "updated_at")]},
    )
    _timeline(assessment, f"{assessment.get_kind_display()} {summary}", kind=f"assessment_{assessment.status}", by=by)
    return assessment
