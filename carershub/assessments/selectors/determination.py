"""The facts a determination is made on, read from the assessment's sections and the practitioner's answers, for the
pure rules (`rules.eligibility`, `rules.decisions`) to decide on."""

from collections.abc import Mapping
from typing import Any

from carershub.assessments.models import Assessment
from carershub.assessments.rules.decisions import Likelihood, NeedsDecisionFacts, NeedsDecisionKind, TransitionFacts
from carershub.assessments.rules.eligibility import EligibilityQuestion, Limb, Outcome
from carershub.assessments.selectors.assessment import section_answers

YES = "yes"
NO = "no"


def eligibility_question(assessment: Assessment, *, significant_impact: bool) -> EligibilityQuestion:
    """A carer's eligibility question (Care and Support (Eligibility Criteria) Regulations 2015 reg 3): necessary
    care, health and the eight outcomes from their sections, and the practitioner's judgement of significant impact
    on well-being."""
    outcomes = section_answers(assessment, "eligibility_outcomes")
    return EligibilityQuestion(
        necessary_care=section_answers(assessment, "necessary_care").get("necessary_care") == YES,
        health_at_risk=section_answers(assessment, "health").get("health_at_risk") == YES,
        outcomes={outcome: frozenset(_limbs(outcomes.get(f"outcome_{outcome.value}"))) for outcome in Outcome},
        significant_impact_on_wellbeing=significant_impact,
    )


def _limbs(answer: object) -> list[Limb]:
    return [Limb(limb) for limb in answer if limb in Limb._value2member_map_] if isinstance(answer, list) else []


def needs_decision_facts(kind: NeedsDecisionKind, answers: Mapping[str, Any]) -> NeedsDecisionFacts:
    """The answers to a needs decision's questions (Children Act 1989 s.17ZC or s.17ZF): anything but yes or no is
    unanswered."""
    return NeedsDecisionFacts(
        kind,
        {name: answer == YES if answer in (YES, NO) else None for name, answer in answers.items()},
    )


def transition_facts(answers: Mapping[str, Any]) -> TransitionFacts:
    """The indication of a transition assessment (Care Act 2014 s.61(5) and s.64(5)) as the practitioner gave it."""
    likely = answers.get("likely_eligible")
    return TransitionFacts(
        likely_eligible=Likelihood(likely)
        if isinstance(likely, str) and likely in Likelihood._value2member_map_
        else None,
        likely_eligible_needs=str(answers.get("likely_eligible_needs", "")).strip(),
    )
