"""Eligibility, weighted scoring, the budget and 360Giving identifiers, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from carershub.grants.rules.eligibility import ApplicationFacts, check_eligibility
from carershub.grants.rules.identifiers import IdentifierInvalid, grant_identifier, organisation_identifier
from carershub.grants.rules.scoring import fits_budget, panel_score, remaining_budget, weighted_percentage


def _facts(**changes: object) -> ApplicationFacts:
    values: dict[str, object] = {
        "amount_requested": Decimal(500),
        "maximum_award": Decimal(1000),
        "carers_benefiting": 10,
        "submitted_on": date(2026, 3, 1),
        "opens_on": date(2026, 2, 1),
        "closes_on": date(2026, 3, 31),
        "works_in_area": True,
        "is_not_for_profit": True,
        **changes,
    }
    return ApplicationFacts(**values)  # type: ignore[arg-type]


def test_an_eligible_application_has_no_reasons() -> None:
    assert check_eligibility(_facts()).reasons == ()


def test_every_reason_is_given_at_once() -> None:
    result = check_eligibility(_facts(amount_requested=Decimal(1500), carers_benefiting=0, is_not_for_profit=False))

    assert not result.is_eligible
    assert len(result.reasons) == 3
    assert "more than the most this round awards (£1,000.00)" in result.reasons[0]


def test_weights_count() -> None:
    # 5/5 on a criterion of weight 3 and 0/5 on one of weight 1: 15 of 20 possible.
    assert weighted_percentage({1: 5, 2: 0}, {1: 3, 2: 1}) == Decimal("75.0")
    assert weighted_percentage({1: 5}, {1: 3, 2: 1}) is None  # not every criterion scored


def test_the_panel_mean_and_spread_count_only_complete_scorers() -> None:
    panel = panel_score({10: {1: 5, 2: 5}, 11: {1: 3, 2: 1}, 12: {1: 4}}, {1: 3, 2: 1})

    assert [total.scorer_id for total in panel.totals] == [10, 11]
    assert panel.mean == Decimal("75.0")
    assert panel.spread == Decimal("50.0")
    assert panel.is_complete


def test_an_award_never_goes_past_the_budget() -> None:
    awards = [Decimal("4000.00"), Decimal("750.50")]

    assert remaining_budget(Decimal(5000), awards) == Decimal("249.50")
    assert fits_budget(Decimal("249.50"), budget=Decimal(5000), awards=awards)
    assert not fits_budget(Decimal("249.51"), budget=Decimal(5000), awards=awards)
    assert not fits_budget(Decimal(0), budget=Decimal(5000), awards=[])


@pytest.mark.parametrize(
    ("charity", "company", "expected"),
    [
        pytest.param("1123456", "", "GB-CHC-1123456", id="charity"),
        pytest.param("", "1234567", "GB-COH-01234567", id="company_with_its_leading_zero"),
        pytest.param("", "sc123456", "GB-COH-SC123456", id="scottish_company"),
        pytest.param("", "", "360G-carershub-ORG-R1-0007", id="unregistered_group"),
        pytest.param("12", "", "360G-carershub-ORG-R1-0007", id="not_a_charity_number"),
    ],
)
def test_organisation_identifiers_follow_org_id(charity: str, company: str, expected: str) -> None:
    identifier = organisation_identifier(
        "360G-carershub", charity_number=charity, company_number=company, internal_id="R1-0007"
    )
    assert identifier == expected


def test_grant_identifiers_use_the_registered_prefix() -> None:
    assert grant_identifier("360G-carershub", "R1-0007") == "360G-carershub-R1-0007"
    with pytest.raises(IdentifierInvalid):
        grant_identifier("carershub", "R1-0007")
    with pytest.raises(IdentifierInvalid):
        grant_identifier("360G-carershub", "R1 0007")
