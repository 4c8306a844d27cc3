"""The determination an assessment leads to: recording it, and taking it out of force when what it was made on
changes. The statutory decisions themselves are pure rules (`rules.eligibility`, `rules.decisions`), made on facts
the selectors build (`selectors.determination`)."""

from collections.abc import Mapping
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment
from carershub.assessments.rules.decisions import NeedsDecisionKind, needs_decision, transition_indication
from carershub.assessments.rules.eligibility import Limb, WellbeingDomain, determine_carer_eligibility
from carershub.assessments.selectors.assessment import incomplete_sections, may_determine
from carershub.assessments.selectors.determination import (
    eligibility_question,
    needs_decision_facts,
    transition_facts,
)
from carershub.assessments.services.errors import AssessmentInvalid, NotPermitted, SectionsIncomplete
from carershub.assessments.services.starting import TRANSITION_KINDS, lock_assessment, require_in_progress
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent

YES: Final = "yes"
# The sections whose answers the carer's eligibility determination reads (Care and Support (Eligibility Criteria)
# Regulations 2015 reg 3).
ELIGIBILITY_SECTIONS: Final = ("eligibility_outcomes", "health", "necessary_care")


def determination_sections(kind: str) -> tuple[str, ...]:
    """The sections whose answers a kind's determination reads: changing one after the determination makes the
    determination stale, so it must be recorded again."""
    return ELIGIBILITY_SECTIONS if kind == Assessment.Kind.CARERS else ()


@transaction.atomic
def record_determination(assessment: Assessment, *, answers: Mapping[str, Any], by: User) -> Assessment:
    """Record the decision the assessment leads to, with its reasons, and who made it for which organisation.

    - Carer's assessment: whether the carer's needs meet the eligibility criteria (Care Act 2014 s.13(1);
      Care and Support (Eligibility Criteria) Regulations 2015 reg 3), from the outcomes, health and necessary care
      sections and the practitioner's judgement of significant impact on well-being (s.1(2)), with reasons. When no
      needs are eligible, the written advice and information s.13(5) requires.
    - Young carer's needs assessment: the decision under Children Act 1989 s.17ZC(a)-(c).
    - Parent carer's needs assessment: the decision under s.17ZF(a)-(d).
    - Transition assessments: the indication of likely eligibility after 18, with advice and information
      (Care Act 2014 s.61(5), s.64(5)).

    A provider whose delegation covers assessment only cannot determine eligibility: the council does (s.79).
    """
    assessment = lock_assessment(assessment)
    require_in_progress(assessment)
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
    decision: dict[str, Any]
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
        question = eligibility_question(assessment, significant_impact=significant_impact == YES)
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
        if kind in TRANSITION_KINDS:
            made = transition_indication(transition_facts(answers))
        else:
            made = needs_decision(needs_decision_facts(NeedsDecisionKind(kind), answers))
        errors.update(made.missing)
        if kind in TRANSITION_KINDS and not advice:
            errors["advice_and_information"] = (
                "Enter the advice and information about meeting or reducing needs and preventing or delaying them "
                "(Care Act 2014 s.61(5) and s.64(5))"
            )
        if errors:
            raise AssessmentInvalid(errors)
        decision = dict(made.answers)
        assessment.eligible = made.positive
        assessment.significant_impact = None
        assessment.significant_impact_reasons = reasons_text
        assessment.impacted_wellbeing_domains = []
        assessment.determination_reasons = list(made.reasons)
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
        detail={"fields": fields[:-2], "eligible": assessment.eligible},
        event=AssessmentEvent.DETERMINATION_RECORDED,
    )
    return assessment


def clear_determination(assessment: Assessment, *, by: User | None, because: str) -> bool:
    """Take a stale determination out of force: the decision and its rule-made reasons go, so it cannot be submitted,
    signed off or given to the carer until it is recorded again. The practitioner's own words (significant impact,
    areas of well-being, advice) stay, to start the new determination from. The audit event keeps what it was.
    Returns whether there was a determination to clear."""
    if assessment.determined_at is None:
        return False
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
        detail={"fields": fields[:-2], "superseded": superseded, "because": because},
        event=AssessmentEvent.DETERMINATION_CLEARED,
    )
    return True
