"""Choosing the routing rule that takes a referral, by cohort preference and age. No database."""

from carershub.referrals.rules import RouteRule, choose_route

YOUNG_CARERS, CARERS_CENTRE = 1, 2
RULES = (
    RouteRule("adult", CARERS_CENTRE),
    RouteRule("young", YOUNG_CARERS),
    RouteRule("young_adult", YOUNG_CARERS, 16, 17),
    RouteRule("young_adult", CARERS_CENTRE, 18, 25),
)


def test_one_cohort_goes_to_a_provider_in_each_lot_by_age() -> None:
    # Seed 003 §12: young adult carers "will form part of both contracts".
    assert choose_route(("young_adult", "young"), 17, RULES) == RULES[2]
    assert choose_route(("young_adult", "adult"), 18, RULES) == RULES[3]


def test_a_rule_by_age_comes_before_one_for_every_age_and_an_unknown_age_fits_only_the_latter() -> None:
    rules = (RouteRule("young_adult", CARERS_CENTRE), RouteRule("young_adult", YOUNG_CARERS, 16, 17))

    assert choose_route(("young_adult",), 16, rules) == rules[1]
    assert choose_route(("young_adult",), None, rules) == rules[0]


def test_no_rule_fits() -> None:
    assert choose_route(("kinship",), 40, RULES) is None
