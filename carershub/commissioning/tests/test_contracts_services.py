"""Contract services: extension decisions in order, variations, status, and the reminders of decisions due."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.models import Contract, ExtensionDecision, FundingContribution
from carershub.commissioning.ocds import release_package
from carershub.commissioning.selectors.contracts import varied_terms
from carershub.commissioning.services.life_cycle import change_status, decide_extension, record_variation
from carershub.commissioning.services.reminders import remind_commissioners_of_extension_decisions
from carershub.commissioning.services.set_up import (
    ContractInvalid,
    ContractSetUp,
    ContributionDetails,
    LotDetails,
    set_up_contract,
    set_up_pooled_fund,
)
from carershub.commissioning.tests.factories import ContractFactory, ExtensionDecisionFactory
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.organisations.tests.factories import OrganisationFactory
from carershub.referrals.models import Cohort

pytestmark = pytest.mark.django_db
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def contract(council: Organisation, home_area: Area) -> Contract:
    contract = ContractFactory.create(reference="SVC-1", commissioner=council, areas=[home_area])
    ExtensionDecisionFactory.create(contract=contract, option_number=1, decision_due_on=date(2027, 9, 30))
    ExtensionDecisionFactory.create(contract=contract, option_number=2, decision_due_on=date(2028, 9, 30))
    return contract


def test_not_extending_closes_the_later_options_too(contract: Contract, commissioner: User) -> None:
    first = contract.extension_decisions.get(option_number=1)

    decide_extension(
        first, outcome="do_not_extend", decided_on=date(2025, 5, 1), decision_reference="KD-9", by=commissioner
    )

    assert list(contract.extension_decisions.values_list("option_number", "outcome")) == [
        (1, "do_not_extend"),
        (2, "do_not_extend"),
    ]
    contract.refresh_from_db()
    assert (contract.status, contract.extensions_taken) == (Contract.Status.LIVE, 0)


def test_extending_twice_takes_both_options_and_a_decided_option_cannot_be_decided_again(
    contract: Contract, commissioner: User
) -> None:
    for number in (1, 2):
        decide_extension(
            contract.extension_decisions.get(option_number=number),
            outcome="extend",
            decided_on=date(2025, 5, 1),
            decision_reference=f"KD-{number}",
            by=commissioner,
        )

    contract.refresh_from_db()
    assert (contract.status, contract.extensions_taken) == (Contract.Status.EXTENDED, 2)
    with pytest.raises(ContractInvalid) as again:
        decide_extension(
            contract.extension_decisions.get(option_number=2),
            outcome="extend",
            decided_on=date(2025, 5, 1),
            decision_reference="KD-3",
            by=commissioner,
        )
    assert "already been decided" in again.value.errors["outcome"]
    assert AuditEvent.objects.filter(subject_id=str(contract.pk), kind=AuditEvent.Kind.RECORD_CHANGED).count() == 2


def test_a_decision_needs_a_reference_and_a_date_not_in_the_future(contract: Contract, commissioner: User) -> None:
    with pytest.raises(ContractInvalid) as invalid:
        decide_extension(
            contract.extension_decisions.get(option_number=1),
            outcome="extend",
            decided_on=timezone.localdate() + timedelta(days=1),
            decision_reference=" ",
            by=commissioner,
        )

    assert set(invalid.value.errors) == {"decided_on", "decision_reference"}
    assert not contract.extension_decisions.exclude(outcome="").exists()


def test_a_variation_keeps_the_previous_value_and_refuses_a_value_above_the_maximum_price(
    contract: Contract, commissioner: User
) -> None:
    contract.maximum_price = Decimal("1000000.00")
    contract.save(update_fields=["maximum_price"])
    arguments = {
        "term_change_months": 0,
        "reason": "Reduction",
        "approved_by": "Director",
        "approved_on": date(2025, 5, 1),
        "effective_from": date(2025, 6, 1),
        "by": commissioner,
    }

    with pytest.raises(ContractInvalid) as too_much:
        record_variation(contract, new_annual_value=Decimal("1000000.01"), **arguments)  # type: ignore[arg-type]
    assert "maximum price" in too_much.value.errors["new_annual_value"]

    variation = record_variation(contract, new_annual_value=Decimal("949060.00"), **arguments)  # type: ignore[arg-type]

    assert (variation.previous_annual_value, variation.new_annual_value) == (Decimal("990930.00"), Decimal("949060.00"))


def test_a_term_variation_may_not_end_the_contract_before_it_starts(contract: Contract, commissioner: User) -> None:
    with pytest.raises(ContractInvalid) as invalid:
        record_variation(
            contract,
            new_annual_value=contract.annual_value,
            term_change_months=-40,
            reason="Ending early",
            approved_by="Director",
            approved_on=date(2025, 5, 1),
            effective_from=date(2025, 6, 1),
            by=commissioner,
        )

    assert "before the contract starts" in invalid.value.errors["term_change_months"]


def test_status_cannot_be_set_to_extended_by_hand(contract: Contract, commissioner: User) -> None:
    with pytest.raises(ContractInvalid):
        change_status(contract, status=Contract.Status.EXTENDED, by=commissioner)


def test_reminders_go_once_to_the_commissioners_staff_for_decisions_due_within_60_days(
    contract: Contract, commissioner: User, manager: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    today = date(2027, 8, 15)  # option 1 due 30 September 2027 (46 days); option 2 a year later

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_commissioners_of_extension_decisions(today=today) == 1
        assert remind_commissioners_of_extension_decisions(today=today) == 0

    assert [message.to for message in mail.outbox] == [[commissioner.email]]
    assert "SVC-1" in mail.outbox[0].subject
    assert "30 September 2027" in mail.outbox[0].subject
    reminded = ExtensionDecision.objects.filter(reminded_at__isnull=False)
    assert list(reminded.values_list("option_number", flat=True)) == [1]


def test_decided_and_distant_decisions_are_not_reminded(contract: Contract, commissioner: User) -> None:
    contract.extension_decisions.filter(option_number=1).update(outcome="extend")

    assert remind_commissioners_of_extension_decisions(today=date(2027, 8, 15)) == 0
    assert mail.outbox == []


def test_the_management_command_sends_the_reminders(
    contract: Contract, commissioner: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    contract.extension_decisions.filter(option_number=1).update(
        decision_due_on=timezone.localdate() + timedelta(days=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("contract_reminders", stdout=StringIO())

    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("regime", "route"),
    [
        (Contract.Regime.PCR_2015, Contract.Route.COMPETITIVE_FLEXIBLE),
        (Contract.Regime.PA_2023, Contract.Route.RESTRICTED),
        (Contract.Regime.PA_2023, Contract.Route.GRANT),
        (Contract.Regime.GRANT, Contract.Route.OPEN),
    ],
)
def test_a_procedure_the_regime_does_not_have_is_refused_at_the_field(
    regime: str, route: str, council: Organisation, home_area: Area, commissioner: User
) -> None:
    # Procurement Act 2023 s.20: the competitive procedures are the open and the competitive flexible procedure; the
    # restricted procedure belongs to the Public Contracts Regulations 2015; a grant is not a procurement.
    set_up = ContractSetUp(
        reference="X-1",
        title="Carers",
        commissioner=council,
        areas=(home_area,),
        regime=regime,
        route=route,
        start_date=date(2025, 4, 1),
        initial_term_years=3,
        annual_value=Decimal("1000.00"),
    )

    with pytest.raises(ContractInvalid) as invalid:
        set_up_contract(set_up, by=commissioner)

    assert set(invalid.value.errors) == {"route"}
    assert not Contract.objects.exists()


def test_a_pooled_fund_funds_a_contract_as_one_funder_and_its_members_see_it(
    council: Organisation, home_area: Area, commissioner: User
) -> None:
    # Seed 003 §29 and §33: "The budget for support is funded through the Better Care Fund, which is a pooled fund
    # with health ... In total £550k per annum has been made available", on 3+2 year contracts.
    ccg = OrganisationFactory.create(name="Tees Valley CCG", kind=Organisation.Kind.ICB, areas=[home_area])
    fund = set_up_pooled_fund("Better Care Fund", host=council, members=[ccg], agreement="s.75 2021", by=commissioner)
    set_up = ContractSetUp(
        reference="ST-CARERS-2022",
        title="South Tees carers offer",
        commissioner=council,
        areas=(home_area,),
        regime=Contract.Regime.PCR_2015,
        route=Contract.Route.OPEN,
        start_date=date(2022, 4, 1),
        initial_term_years=3,
        extension_years=(2,),
        annual_value=Decimal("550000.00"),
        contributions=(ContributionDetails(None, Decimal("550000.00"), pooled_fund=fund),),
    )

    contract = set_up_contract(set_up, by=commissioner)

    rows = FundingContribution.objects.filter(contract=contract).order_by("contract_year")
    assert [(row.contract_year, row.pooled_fund, row.funder, row.amount) for row in rows] == [
        (year, fund, None, Decimal("550000.00")) for year in range(1, 6)
    ]
    assert dict(contract.partners.values_list("organisation__name", "role")) == {
        "Home Council": "lead",
        "Tees Valley CCG": "funder",
    }


def test_a_contribution_from_both_a_funder_and_a_pooled_fund_is_refused(
    council: Organisation, home_area: Area, commissioner: User
) -> None:
    fund = set_up_pooled_fund("Better Care Fund", host=council, by=commissioner)
    set_up = ContractSetUp(
        reference="ST-2",
        title="Carers",
        commissioner=council,
        areas=(home_area,),
        regime=Contract.Regime.PA_2023,
        route=Contract.Route.OPEN,
        start_date=date(2025, 4, 1),
        initial_term_years=3,
        annual_value=Decimal("550000.00"),
        contributions=(ContributionDetails(council, Decimal("550000.00"), pooled_fund=fund),),
    )

    with pytest.raises(ContractInvalid) as invalid:
        set_up_contract(set_up, by=commissioner)

    assert invalid.value.errors == {"contributions": "Each contribution comes from one funder or one pooled fund"}
    assert not FundingContribution.objects.exists()


def test_two_lots_of_one_provider_serving_the_same_carers_are_refused(
    council: Organisation, home_area: Area, commissioner: User, carers_centre: Organisation
) -> None:
    # Each referral must count in exactly one lot's figures (seed 003's lots 1 and 2 share young adult carers, so
    # they must be routed to a provider in one lot or the other, never counted twice).
    set_up = ContractSetUp(
        reference="ST-3",
        title="Carers",
        commissioner=council,
        areas=(home_area,),
        regime=Contract.Regime.PA_2023,
        route=Contract.Route.OPEN,
        start_date=date(2025, 4, 1),
        initial_term_years=3,
        annual_value=Decimal("550000.00"),
        lots=(
            LotDetails(1, "Adult carers", (Cohort.ADULT, Cohort.YOUNG_ADULT), carers_centre),
            LotDetails(2, "Young carers", (Cohort.YOUNG, Cohort.YOUNG_ADULT), carers_centre),
        ),
    )

    with pytest.raises(ContractInvalid) as invalid:
        set_up_contract(set_up, by=commissioner)

    assert set(invalid.value.errors) == {"lots"}
    assert not Contract.objects.exists()


def test_seftons_two_years_of_extension_may_be_taken_as_a_single_extension(
    contract: Contract, commissioner: User
) -> None:
    # Seed 000, recommendation (3): "up to two years, (either as a single extension or via two separate
    # twelve-month extensions)". The latest end (OCDS maxExtentDate) does not move.
    decide_extension(
        contract.extension_decisions.get(option_number=1),
        outcome="extend",
        decided_on=date(2025, 5, 1),
        decision_reference="KD-2Y",
        years=2,
        by=commissioner,
    )

    contract.refresh_from_db()
    terms = varied_terms(contract)
    assert (contract.extensions_taken, contract.extension_parts_taken) == (1, [2])
    assert (terms.current_end_date, terms.latest_end_date) == (date(2030, 3, 31), date(2030, 3, 31))
    assert list(contract.extension_decisions.values_list("option_number", "outcome", "years")) == [(1, "extend", 2)]
    release = release_package(contract, uri="https://example.org/ocds.json", published=timezone.now())["releases"][0]
    assert release["tender"]["contractPeriod"]["maxExtentDate"][:10] == "2030-03-31"


def test_an_allowance_taken_in_parts_leaves_a_decision_for_the_rest(
    council: Organisation, home_area: Area, commissioner: User
) -> None:
    # Coventry's 3+2 (seed 001 §5.1) extended by one year, then by the one left.
    contract = set_up_contract(
        ContractSetUp(
            reference="COV-1",
            title="Carers",
            commissioner=council,
            areas=(home_area,),
            regime=Contract.Regime.PA_2023,
            route=Contract.Route.COMPETITIVE_FLEXIBLE,
            status=Contract.Status.LIVE,
            start_date=date(2025, 10, 1),
            initial_term_years=3,
            extension_years=(2,),
            annual_value=Decimal("598765.00"),
        ),
        by=commissioner,
    )

    decide_extension(
        contract.extension_decisions.get(),
        outcome="extend",
        decided_on=date(2025, 5, 1),
        decision_reference="D-1",
        years=1,
        by=commissioner,
    )

    second = contract.extension_decisions.get(option_number=2)
    assert (second.outcome, second.decision_due_on) == ("", date(2029, 3, 30))  # 6 months before 30 Sep 2029
    with pytest.raises(ContractInvalid) as invalid:
        decide_extension(
            second, outcome="extend", decided_on=date(2025, 5, 1), decision_reference="D-2", years=2, by=commissioner
        )
    assert invalid.value.errors == {"years": "Only 1 year of extension remains"}
    decide_extension(
        second, outcome="extend", decided_on=date(2025, 5, 1), decision_reference="D-2", years=1, by=commissioner
    )
    contract.refresh_from_db()
    assert contract.extension_parts_taken == [1, 1]
    assert varied_terms(contract).current_end_date == date(2030, 9, 30)
