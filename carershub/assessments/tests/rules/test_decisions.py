"""The decisions of the needs and transition assessments (Children Act 1989 s.17ZC and s.17ZF; Care Act 2014 s.61(5)
and s.64(5)). No database."""

from carershub.assessments.rules.decisions import (
    Likelihood,
    NeedsDecisionFacts,
    NeedsDecisionKind,
    TransitionFacts,
    needs_decision,
    transition_indication,
)

STATUTES = ("(Children Act 1989 s.17ZC(a))", "(s.17ZC(b))", "(s.17ZC(c))")


def test_a_young_carer_with_needs_the_council_will_meet_has_the_s17zc_decision_in_order() -> None:
    made = needs_decision(
        NeedsDecisionFacts(
            NeedsDecisionKind.YOUNG_CARERS_NEEDS, {"has_needs": True, "could_be_met": True, "will_provide": False}
        )
    )

    assert made.positive
    assert made.answers == {"has_needs": "yes", "could_be_met": "yes", "will_provide": "no"}
    assert [reason.endswith(statute) for reason, statute in zip(made.reasons, STATUTES, strict=True)] == [True] * 3
    assert made.missing == {}


def test_after_a_yes_to_needs_every_later_question_must_be_answered() -> None:
    made = needs_decision(NeedsDecisionFacts(NeedsDecisionKind.PARENT_CARERS_NEEDS, {"has_needs": True}))

    assert set(made.missing) == {"child_has_needs", "could_be_met", "will_provide"}


def test_no_needs_asks_nothing_more_and_is_not_positive() -> None:
    made = needs_decision(NeedsDecisionFacts(NeedsDecisionKind.PARENT_CARERS_NEEDS, {"has_needs": False}))

    assert (made.positive, made.missing) == (False, {})
    assert made.reasons == ("The parent carer does not have needs for support. (Children Act 1989 s.17ZF(a))",)


def test_the_first_question_is_always_needed() -> None:
    made = needs_decision(NeedsDecisionFacts(NeedsDecisionKind.YOUNG_CARERS_NEEDS, {"has_needs": None}))

    assert made.missing == {"has_needs": "Select yes or no"}


def test_a_transition_indication_needs_a_likelihood_and_is_positive_only_when_likely() -> None:
    unsure = transition_indication(TransitionFacts(Likelihood.NOT_SURE, "Help with money"))
    missing = transition_indication(TransitionFacts(None, ""))

    assert not unsure.positive
    assert unsure.answers == {"likely_eligible": "not_sure", "likely_eligible_needs": "Help with money"}
    assert unsure.reasons[-1] == "Needs likely to be eligible: Help with money"
    assert transition_indication(TransitionFacts(Likelihood.YES, "")).positive
    assert set(missing.missing) == {"likely_eligible"}
