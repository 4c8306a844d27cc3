"""The decisions assessments other than a carer's assessment lead to. Pure Python: nothing from Django.

- A young carer's needs assessment: whether the young carer has needs for support, whether services under section 17
  could meet them, and whether the council will provide them (Children Act 1989 s.17ZC(a)-(c)).
- A parent carer's needs assessment: the same for the parent carer and the disabled child (s.17ZF(a)-(d)).
- A transition assessment: an indication of whether the needs the carer is likely to have after 18 are likely to be
  eligible (Care Act 2014 s.61(5) for a child's carer, s.64(5) for a young carer).

A selector (`selectors.determination.decision_facts`) turns the practitioner's answers into the facts here; these
functions only decide, and say which answers are missing, so they are tested without a database.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class NeedsDecisionKind(StrEnum):
    """The needs assessments whose decision is a series of yes-or-no questions (the values are the assessment
    kinds)."""

    YOUNG_CARERS_NEEDS = "young_carers_needs"
    PARENT_CARERS_NEEDS = "parent_carers_needs"


class Likelihood(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


@dataclass(frozen=True)
class Question:
    """One question of a statute's decision: the answer's name, the provision, and the sentence for each answer."""

    name: str
    statute: str
    when_yes: str
    when_no: str


# The questions of each needs decision, in the statute's order. The first is whether there are needs for support;
# the others follow only a yes to it.
NEEDS_QUESTIONS: Final[Mapping[NeedsDecisionKind, tuple[Question, ...]]] = {
    NeedsDecisionKind.YOUNG_CARERS_NEEDS: (
        Question(
            "has_needs",
            "Children Act 1989 s.17ZC(a)",
            "The young carer has needs for support in relation to the care they provide.",
            "The young carer does not have needs for support in relation to the care they provide.",
        ),
        Question(
            "could_be_met",
            "s.17ZC(b)",
            "Those needs could be met, wholly or partly, by services under section 17.",
            "Those needs could not be met by services under section 17.",
        ),
        Question(
            "will_provide",
            "s.17ZC(c)",
            "The council will provide those services.",
            "The council will not provide services under section 17.",
        ),
    ),
    NeedsDecisionKind.PARENT_CARERS_NEEDS: (
        Question(
            "has_needs",
            "Children Act 1989 s.17ZF(a)",
            "The parent carer has needs for support.",
            "The parent carer does not have needs for support.",
        ),
        Question(
            "child_has_needs",
            "s.17ZF(b)",
            "The disabled child has needs for support.",
            "The disabled child does not have needs for support.",
        ),
        Question(
            "could_be_met",
            "s.17ZF(c)",
            "Those needs could be met by services under section 17.",
            "Those needs could not be met by services under section 17.",
        ),
        Question(
            "will_provide",
            "s.17ZF(d)",
            "The council will provide those services.",
            "The council will not provide services under section 17.",
        ),
    ),
}
FIRST_QUESTION: Final = "has_needs"

_LIKELIHOOD_SENTENCES: Final[Mapping[Likelihood, str]] = {
    Likelihood.YES: "Some needs the carer is likely to have after 18 are likely to meet the eligibility criteria.",
    Likelihood.NO: "The needs the carer is likely to have after 18 are not likely to meet the eligibility criteria.",
    Likelihood.NOT_SURE: "It is not yet clear whether the carer's needs after 18 will meet the eligibility criteria.",
}


@dataclass(frozen=True)
class NeedsDecisionFacts:
    """The practitioner's answers to a needs decision's questions: True for yes, False for no, None (or absent) when
    not answered yes or no."""

    kind: NeedsDecisionKind
    answers: Mapping[str, bool | None]


@dataclass(frozen=True)
class TransitionFacts:
    """The indication a transition assessment gives: None when no likelihood was chosen."""

    likely_eligible: Likelihood | None
    likely_eligible_needs: str


@dataclass(frozen=True)
class Decision:
    """What the decision is: the answers as stored on the assessment, whether it is positive (needs for support, or
    likely eligibility), the sentences of the written record, and the answers still needed, by name."""

    answers: dict[str, object]
    positive: bool
    reasons: tuple[str, ...]
    missing: dict[str, str]


def needs_decision(facts: NeedsDecisionFacts) -> Decision:
    """The decision under Children Act 1989 s.17ZC or s.17ZF. Questions after the first must be answered only when
    the first is yes."""
    answers: dict[str, object] = {}
    reasons: list[str] = []
    missing: dict[str, str] = {}
    for question in NEEDS_QUESTIONS[facts.kind]:
        answer = facts.answers.get(question.name)
        if answer is None:
            if question.name == FIRST_QUESTION or answers.get(FIRST_QUESTION) == "yes":
                missing[question.name] = "Select yes or no"
            continue
        answers[question.name] = "yes" if answer else "no"
        reasons.append(f"{question.when_yes if answer else question.when_no} ({question.statute})")
    return Decision(answers, answers.get(FIRST_QUESTION) == "yes", tuple(reasons), missing)


def transition_indication(facts: TransitionFacts) -> Decision:
    """The indication of likely eligibility after 18 (Care Act 2014 s.61(5) and s.64(5))."""
    missing: dict[str, str] = {}
    if facts.likely_eligible is None:
        missing["likely_eligible"] = "Select whether the carer's needs are likely to be eligible after 18"
    reasons: list[str] = []
    if facts.likely_eligible is not None:
        reasons.append(f"{_LIKELIHOOD_SENTENCES[facts.likely_eligible]} (Care Act 2014 s.61(5) and s.64(5))")
    if facts.likely_eligible_needs:
        reasons.append(f"Needs likely to be eligible: {facts.likely_eligible_needs}")
    likely = facts.likely_eligible.value if facts.likely_eligible is not None else None
    answers: dict[str, object] = {"likely_eligible": likely, "likely_eligible_needs": facts.likely_eligible_needs}
    return Decision(answers, facts.likely_eligible == Likelihood.YES, tuple(reasons), missing)
