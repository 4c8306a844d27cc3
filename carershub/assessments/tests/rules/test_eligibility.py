"""Carer eligibility under the Care and Support (Eligibility Criteria) Regulations 2015 reg 3. No database."""

from collections.abc import Mapping
from dataclasses import fields
from enum import StrEnum

import pytest

from carershub.assessments.rules.eligibility import (
    LIMB_LABELS,
    LIMB_PROVISIONS,
    OUTCOME_LABELS,
    OUTCOME_PROVISIONS,
    WELLBEING_DOMAIN_LABELS,
    EligibilityQuestion,
    Limb,
    Outcome,
    WellbeingDomain,
    determine_carer_eligibility,
)


def question(
    *,
    necessary_care: bool = True,
    health_at_risk: bool = False,
    outcomes: Mapping[Outcome, frozenset[Limb]] | None = None,
    significant_impact_on_wellbeing: bool = True,
) -> EligibilityQuestion:
    return EligibilityQuestion(
        necessary_care=necessary_care,
        health_at_risk=health_at_risk,
        outcomes=outcomes or {},
        significant_impact_on_wellbeing=significant_impact_on_wellbeing,
    )


def test_outcomes_are_the_eight_of_reg_3_2_b_in_the_regulations_order() -> None:
    assert [outcome.value for outcome in Outcome] == [
        "caring_for_a_child",
        "caring_for_others",
        "habitable_home",
        "nutrition",
        "relationships",
        "work_training_education_volunteering",
        "community_facilities",
        "recreation",
    ]
    assert [OUTCOME_PROVISIONS[outcome] for outcome in (Outcome.CARING_FOR_A_CHILD, Outcome.RECREATION)] == [
        "reg 3(2)(b)(i)",
        "reg 3(2)(b)(viii)",
    ]


def test_takes_significantly_longer_is_not_a_limb_for_carers() -> None:
    assert [limb.value for limb in Limb] == [
        "without_assistance",
        "pain_distress_anxiety",
        "endangers_health_or_safety",
    ]
    with pytest.raises(ValueError, match="takes_significantly_longer"):
        question(outcomes={Outcome.NUTRITION: frozenset({"takes_significantly_longer"})})  # type: ignore[arg-type]


def test_an_outcome_not_in_the_regulations_is_refused() -> None:
    with pytest.raises(ValueError, match="'flying' is not one of the carer's outcomes"):
        question(outcomes={"flying": frozenset({Limb.WITHOUT_ASSISTANCE})})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("labels", "members"),
    [(OUTCOME_LABELS, Outcome), (LIMB_LABELS, Limb), (WELLBEING_DOMAIN_LABELS, WellbeingDomain)],
    ids=["outcomes", "limbs", "wellbeing_domains"],
)
def test_every_member_has_a_plain_english_label(labels: Mapping[str, str], members: type[StrEnum]) -> None:
    assert list(labels) == list(members)
    assert all(label and label[0].isupper() for label in labels.values())


@pytest.mark.parametrize("outcome", list(Outcome))
@pytest.mark.parametrize("limb", list(Limb))
def test_one_outcome_unable_by_any_one_limb_is_enough_when_the_other_conditions_hold(
    outcome: Outcome, limb: Limb
) -> None:
    determination = determine_carer_eligibility(question(outcomes={outcome: frozenset({limb})}))

    assert determination.eligible is True
    assert determination.unable_outcomes == (outcome,)
    assert determination.circumstance is True


def test_health_at_risk_with_every_outcome_achievable_is_a_circumstance() -> None:
    determination = determine_carer_eligibility(question(health_at_risk=True))

    assert determination.circumstance is True
    assert determination.unable_outcomes == ()
    assert determination.eligible is True


def test_no_circumstance_when_health_is_not_at_risk_and_every_outcome_is_achievable() -> None:
    determination = determine_carer_eligibility(question(outcomes={Outcome.NUTRITION: frozenset()}))

    assert determination.circumstance is False
    assert determination.eligible is False
    assert "The carer can achieve all eight outcomes in reg 3(2)(b)." in determination.reasons
    assert determination.reasons[-1] == (
        "The carer's needs do not meet the eligibility criteria: the condition in reg 3(1)(b) is not met."
    )


def test_needs_that_do_not_arise_from_necessary_care_are_not_eligible() -> None:
    determination = determine_carer_eligibility(
        question(necessary_care=False, health_at_risk=True, outcomes={Outcome.RECREATION: frozenset(Limb)})
    )

    assert determination.eligible is False
    assert (determination.necessary_care, determination.circumstance, determination.significant_impact) == (
        False,
        True,
        True,
    )
    assert determination.reasons[-1] == (
        "The carer's needs do not meet the eligibility criteria: the condition in reg 3(1)(a) is not met."
    )


def test_without_a_significant_impact_on_wellbeing_the_needs_are_not_eligible() -> None:
    determination = determine_carer_eligibility(
        question(
            health_at_risk=True,
            outcomes={Outcome.NUTRITION: frozenset({Limb.WITHOUT_ASSISTANCE})},
            significant_impact_on_wellbeing=False,
        )
    )

    assert determination.eligible is False
    assert determination.significant_impact is False
    assert determination.reasons[-1] == (
        "The carer's needs do not meet the eligibility criteria: the condition in reg 3(1)(c) is not met."
    )


def test_the_conclusion_names_every_condition_not_met() -> None:
    determination = determine_carer_eligibility(question(necessary_care=False, significant_impact_on_wellbeing=False))

    assert determination.reasons[-1] == (
        "The carer's needs do not meet the eligibility criteria: the conditions in reg 3(1)(a) and reg 3(1)(b) and "
        "reg 3(1)(c) are not met."
    )


def test_the_determination_depends_only_on_the_carer_not_on_the_cared_for_persons_eligibility() -> None:
    """A carer can be eligible whether or not the adult they care for has eligible needs (statutory guidance ch.6).

    So there is nothing to say about the cared-for person: the question holds only the carer's own circumstances.
    """
    assert [field.name for field in fields(EligibilityQuestion)] == [
        "necessary_care",
        "health_at_risk",
        "outcomes",
        "significant_impact_on_wellbeing",
    ]
    assert determine_carer_eligibility(question(health_at_risk=True)).eligible is True


def test_unable_outcomes_come_in_the_regulations_order_whatever_order_they_were_given_in() -> None:
    determination = determine_carer_eligibility(
        question(
            outcomes={
                Outcome.RECREATION: frozenset({Limb.PAIN_DISTRESS_ANXIETY}),
                Outcome.HABITABLE_HOME: frozenset({Limb.WITHOUT_ASSISTANCE}),
                Outcome.CARING_FOR_A_CHILD: frozenset({Limb.ENDANGERS_HEALTH_OR_SAFETY}),
            }
        )
    )

    assert determination.unable_outcomes == (Outcome.CARING_FOR_A_CHILD, Outcome.HABITABLE_HOME, Outcome.RECREATION)


def test_reasons_name_each_unable_outcome_and_each_limb_that_applies() -> None:
    outcomes = {
        Outcome.NUTRITION: frozenset({Limb.WITHOUT_ASSISTANCE, Limb.ENDANGERS_HEALTH_OR_SAFETY}),
        Outcome.WORK_TRAINING_EDUCATION_VOLUNTEERING: frozenset({Limb.PAIN_DISTRESS_ANXIETY}),
    }
    reasons = determine_carer_eligibility(question(outcomes=outcomes)).reasons

    for outcome, limbs in outcomes.items():
        (reason,) = [reason for reason in reasons if OUTCOME_PROVISIONS[outcome] in reason]
        assert OUTCOME_LABELS[outcome].lower() in reason
        assert [limb for limb in Limb if LIMB_PROVISIONS[limb] in reason] == [limb for limb in Limb if limb in limbs]


def test_the_written_record_of_an_eligible_carer_reads_as_sentences_citing_reg_3() -> None:
    determination = determine_carer_eligibility(
        question(outcomes={Outcome.RELATIONSHIPS: frozenset({Limb.PAIN_DISTRESS_ANXIETY})})
    )

    assert determination.reasons == (
        "The carer's needs arise as a consequence of providing necessary care for an adult (reg 3(1)(a)).",
        "The carer's physical or mental health is not deteriorating or at risk of deteriorating (reg 3(2)(a)).",
        "The carer is unable to achieve the outcome 'developing and maintaining family or other personal "
        "relationships' (reg 3(2)(b)(v)): achieving it without assistance causes them significant pain, distress or "
        "anxiety (reg 3(3)(b)).",
        "As a consequence, there is, or is likely to be, a significant impact on the carer's wellbeing (reg 3(1)(c)).",
        "The carer's needs meet the eligibility criteria: all three conditions in reg 3(1) are met.",
    )
