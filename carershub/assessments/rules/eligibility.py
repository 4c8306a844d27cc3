"""Whether a carer's needs meet the eligibility criteria: the Care and Support (Eligibility Criteria) Regulations
2015 (SI 2015/313), reg 3, made under the Care Act 2014 s.13(7).

A carer's needs are eligible when all three conditions in reg 3(1) hold:
(a) they arise from providing necessary care for an adult;
(b) their effect is that a circumstance in reg 3(2) applies: the carer's health is deteriorating or at risk, OR the
    carer is unable to achieve ANY ONE of the eight outcomes (an adult needing care must be unable to achieve two;
    a carer needs only one);
(c) as a consequence there is, or is likely to be, a significant impact on the carer's wellbeing (a practitioner's
    judgement against the Care Act 2014 s.1(2) wellbeing domains, recorded with reasons).

There is deliberately no input about the cared-for person's own eligibility: a carer can be eligible whether or not
the adult they care for has eligible needs (statutory guidance, chapter 6).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Outcome(StrEnum):
    """The carer's outcomes, reg 3(2)(b)(i)-(viii), in the regulation's order. There is no hierarchy among them."""

    CARING_FOR_A_CHILD = "caring_for_a_child"
    CARING_FOR_OTHERS = "caring_for_others"
    HABITABLE_HOME = "habitable_home"
    NUTRITION = "nutrition"
    RELATIONSHIPS = "relationships"
    WORK_TRAINING_EDUCATION_VOLUNTEERING = "work_training_education_volunteering"
    COMMUNITY_FACILITIES = "community_facilities"
    RECREATION = "recreation"


class Limb(StrEnum):
    """Why a carer is "unable to achieve" an outcome, reg 3(3)(a)-(c).

    The test for an adult needing care (reg 2(3)(d)) has a fourth limb, "takes significantly longer than would
    normally be expected"; the carer's test does not, so it is not a member here.
    """

    WITHOUT_ASSISTANCE = "without_assistance"
    PAIN_DISTRESS_ANXIETY = "pain_distress_anxiety"
    ENDANGERS_HEALTH_OR_SAFETY = "endangers_health_or_safety"


class WellbeingDomain(StrEnum):
    """The areas of wellbeing in the Care Act 2014 s.1(2)(a)-(i), against which significant impact is judged."""

    PERSONAL_DIGNITY = "personal_dignity"
    HEALTH = "health"
    PROTECTION = "protection"
    CONTROL = "control"
    PARTICIPATION = "participation"
    SOCIAL_AND_ECONOMIC = "social_and_economic"
    RELATIONSHIPS = "relationships"
    ACCOMMODATION = "accommodation"
    CONTRIBUTION_TO_SOCIETY = "contribution_to_society"


OUTCOME_LABELS: Mapping[Outcome, str] = MappingProxyType(
    {
        Outcome.CARING_FOR_A_CHILD: "Carrying out any caring responsibilities for a child",
        Outcome.CARING_FOR_OTHERS: "Providing care to other people they care for",
        Outcome.HABITABLE_HOME: "Keeping their home fit to live in",
        Outcome.NUTRITION: "Managing and maintaining nutrition",
        Outcome.RELATIONSHIPS: "Developing and maintaining family or other personal relationships",
        Outcome.WORK_TRAINING_EDUCATION_VOLUNTEERING: "Engaging in work, training, education or volunteering",
        Outcome.COMMUNITY_FACILITIES: "Using necessary facilities or services in the local community, "
        "including recreational facilities or services",
        Outcome.RECREATION: "Engaging in recreational activities",
    }
)

# Where each outcome sits in the regulations, for the written record (Care Act 2014 s.13(2)).
OUTCOME_PROVISIONS: Mapping[Outcome, str] = MappingProxyType(
    {
        outcome: f"reg 3(2)(b)({numeral})"
        for outcome, numeral in zip(Outcome, ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii"), strict=True)
    }
)

LIMB_LABELS: Mapping[Limb, str] = MappingProxyType(
    {
        Limb.WITHOUT_ASSISTANCE: "Cannot achieve it without assistance",
        Limb.PAIN_DISTRESS_ANXIETY: "Achieving it without assistance causes significant pain, distress or anxiety",
        Limb.ENDANGERS_HEALTH_OR_SAFETY: "Achieving it without assistance endangers, or is likely to endanger, "
        "the health or safety of the carer or others",
    }
)

LIMB_PROVISIONS: Mapping[Limb, str] = MappingProxyType(
    {
        Limb.WITHOUT_ASSISTANCE: "reg 3(3)(a)",
        Limb.PAIN_DISTRESS_ANXIETY: "reg 3(3)(b)",
        Limb.ENDANGERS_HEALTH_OR_SAFETY: "reg 3(3)(c)",
    }
)

WELLBEING_DOMAIN_LABELS: Mapping[WellbeingDomain, str] = MappingProxyType(
    {
        WellbeingDomain.PERSONAL_DIGNITY: "Personal dignity, including being treated with respect",
        WellbeingDomain.HEALTH: "Physical and mental health and emotional wellbeing",
        WellbeingDomain.PROTECTION: "Protection from abuse and neglect",
        WellbeingDomain.CONTROL: "Control over day-to-day life, including over the support they get",
        WellbeingDomain.PARTICIPATION: "Taking part in work, education, training or recreation",
        WellbeingDomain.SOCIAL_AND_ECONOMIC: "Social and economic wellbeing",
        WellbeingDomain.RELATIONSHIPS: "Domestic, family and personal relationships",
        WellbeingDomain.ACCOMMODATION: "Suitable living accommodation",
        WellbeingDomain.CONTRIBUTION_TO_SOCIETY: "Contribution to society",
    }
)

# How each limb reads inside a sentence of the written record.
_LIMB_CLAUSES: Mapping[Limb, str] = MappingProxyType(
    {
        Limb.WITHOUT_ASSISTANCE: "they cannot achieve it without assistance",
        Limb.PAIN_DISTRESS_ANXIETY: "achieving it without assistance causes them significant pain, distress or anxiety",
        Limb.ENDANGERS_HEALTH_OR_SAFETY: "achieving it without assistance endangers, or is likely to endanger, "
        "their health or safety or that of others",
    }
)


@dataclass(frozen=True)
class EligibilityQuestion:
    """What the practitioner found about the carer; nothing about the cared-for person's own eligibility."""

    necessary_care: bool
    health_at_risk: bool
    # The limbs that apply to each outcome the carer cannot achieve; an absent outcome or an empty set is achievable.
    outcomes: Mapping[Outcome, frozenset[Limb]]
    significant_impact_on_wellbeing: bool

    def __post_init__(self) -> None:
        for outcome, limbs in self.outcomes.items():
            if outcome not in _OUTCOME_VALUES:
                raise ValueError(f"{outcome!r} is not one of the carer's outcomes in reg 3(2)(b)")
            for limb in limbs:
                if limb not in _LIMB_VALUES:
                    raise ValueError(
                        f"{limb!r} is not one of the three limbs of reg 3(3) (there is no 'takes significantly "
                        "longer' limb for carers)"
                    )


_OUTCOME_VALUES = frozenset(Outcome)
_LIMB_VALUES = frozenset(Limb)


@dataclass(frozen=True)
class EligibilityDetermination:
    """The determination and its reasons, for the written record the carer is given (Care Act 2014 s.13(2))."""

    eligible: bool
    unable_outcomes: tuple[Outcome, ...]  # in Outcome order
    necessary_care: bool  # condition (a)
    circumstance: bool  # condition (b): health at risk OR at least one outcome unable
    significant_impact: bool  # condition (c)
    reasons: tuple[str, ...]  # plain-English sentences citing reg 3


def determine_carer_eligibility(question: EligibilityQuestion) -> EligibilityDetermination:
    """Apply reg 3: eligible when necessary care, a reg 3(2) circumstance and significant impact all hold.

    The answer depends only on the carer's own circumstances: the cared-for person's eligibility is not an input.
    """
    unable = tuple(outcome for outcome in Outcome if question.outcomes.get(outcome))
    circumstance = question.health_at_risk or bool(unable)
    eligible = question.necessary_care and circumstance and question.significant_impact_on_wellbeing
    reasons = (
        _necessary_care_reason(question.necessary_care),
        _health_reason(question.health_at_risk),
        *(_unable_reason(outcome, question.outcomes[outcome]) for outcome in unable),
        *(() if unable else ("The carer can achieve all eight outcomes in reg 3(2)(b).",)),
        _significant_impact_reason(question.significant_impact_on_wellbeing),
        _conclusion(
            necessary_care=question.necessary_care,
            circumstance=circumstance,
            significant_impact=question.significant_impact_on_wellbeing,
        ),
    )
    return EligibilityDetermination(
        eligible=eligible,
        unable_outcomes=unable,
        necessary_care=question.necessary_care,
        circumstance=circumstance,
        significant_impact=question.significant_impact_on_wellbeing,
        reasons=reasons,
    )


def _necessary_care_reason(necessary_care: bool) -> str:
    if necessary_care:
        return "The carer's needs arise as a consequence of providing necessary care for an adult (reg 3(1)(a))."
    return "The carer's needs do not arise as a consequence of providing necessary care for an adult (reg 3(1)(a))."


def _health_reason(health_at_risk: bool) -> str:
    if health_at_risk:
        return "The carer's physical or mental health is, or is at risk of, deteriorating (reg 3(2)(a))."
    return "The carer's physical or mental health is not deteriorating or at risk of deteriorating (reg 3(2)(a))."


def _unable_reason(outcome: Outcome, limbs: frozenset[Limb]) -> str:
    applying = [limb for limb in Limb if limb in limbs]
    clauses = " and ".join(f"{_LIMB_CLAUSES[limb]} ({LIMB_PROVISIONS[limb]})" for limb in applying)
    label = OUTCOME_LABELS[outcome]
    return (
        f"The carer is unable to achieve the outcome '{label[0].lower()}{label[1:]}' "
        f"({OUTCOME_PROVISIONS[outcome]}): {clauses}."
    )


def _significant_impact_reason(significant_impact: bool) -> str:
    if significant_impact:
        return (
            "As a consequence, there is, or is likely to be, a significant impact on the carer's wellbeing "
            "(reg 3(1)(c))."
        )
    return "There is not, and is not likely to be, a significant impact on the carer's wellbeing (reg 3(1)(c))."


def _conclusion(*, necessary_care: bool, circumstance: bool, significant_impact: bool) -> str:
    unmet = [
        provision
        for provision, met in (("3(1)(a)", necessary_care), ("3(1)(b)", circumstance), ("3(1)(c)", significant_impact))
        if not met
    ]
    if not unmet:
        return "The carer's needs meet the eligibility criteria: all three conditions in reg 3(1) are met."
    if len(unmet) == 1:
        return f"The carer's needs do not meet the eligibility criteria: the condition in reg {unmet[0]} is not met."
    conditions = " and ".join(f"reg {provision}" for provision in unmet)
    return f"The carer's needs do not meet the eligibility criteria: the conditions in {conditions} are not met."
