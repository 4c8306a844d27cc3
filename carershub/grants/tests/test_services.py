"""The fund's rules: one application per submission, eligibility, conflicts of interest enforced, two scorers before
a decision, never over the round's budget, payments within the award."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.models import AuditEvent
from carershub.grants.events import GrantsEvent
from carershub.grants.models import Application, Award, FundingRound, Score
from carershub.grants.services import GrantsInvalid
from carershub.grants.services.applications import check_application_eligibility, submit_application
from carershub.grants.services.awards import decide_application, record_payment, record_return
from carershub.grants.services.panel import declare_interest, score_application
from carershub.grants.tests.factories import application_in, details, fund_of, open_round, seat
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round(carers_centre: Organisation, home_area: Area) -> FundingRound:
    return open_round(fund_of(carers_centre, home_area))


def _scores(funding_round: FundingRound, value: int) -> dict[int, int]:
    return {criterion.pk: value for criterion in funding_round.scoring_criteria.all()}


def _ready_for_decision(
    funding_round: FundingRound, manager: User, practitioner: User, **changes: object
) -> Application:
    application = check_application_eligibility(application_in(funding_round, **changes), by=manager)
    seat(funding_round, manager, moderator=True)
    seat(funding_round, practitioner)
    for member, value in ((manager, 4), (practitioner, 3)):
        declare_interest(application, by=member, has_conflict=False)
        score_application(application, by=member, scores=_scores(funding_round, value))
    return application


def test_a_double_submission_is_one_application(funding_round: FundingRound) -> None:
    key = uuid.uuid4()

    first = submit_application(funding_round, submission_key=key, details=details())
    again = submit_application(funding_round, submission_key=key, details=details())

    assert (first.was_new, again.was_new) == (True, False)
    assert again.application == first.application
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(event=GrantsEvent.APPLICATION_SUBMITTED).count() == 1


def test_a_closed_round_takes_no_applications(funding_round: FundingRound) -> None:
    funding_round.closes_on = timezone.localdate() - timedelta(days=1)
    funding_round.save(update_fields=["closes_on"])

    with pytest.raises(GrantsInvalid, match="not taking applications"):
        application_in(funding_round)
    assert not Application.objects.exists()


def test_eligibility_records_every_reason(funding_round: FundingRound, manager: User) -> None:
    checked = check_application_eligibility(
        application_in(funding_round, amount_requested=Decimal(2000), works_in_area=False), by=manager
    )

    assert checked.status == Application.Status.INELIGIBLE
    assert len(checked.eligibility_reasons) == 2


def test_a_member_with_a_conflict_can_neither_score_nor_decide(
    funding_round: FundingRound, manager: User, practitioner: User
) -> None:
    application = check_application_eligibility(application_in(funding_round), by=manager)
    seat(funding_round, manager, moderator=True)
    declare_interest(application, by=manager, has_conflict=True, note="I chair this group")

    with pytest.raises(GrantsInvalid, match="conflict of interest"):
        score_application(application, by=manager, scores=_scores(funding_round, 5))
    with pytest.raises(GrantsInvalid, match="conflict of interest"):
        decide_application(application, by=manager, award=True, amount=Decimal(500), reasons="Good")
    assert not Score.objects.exists()
    assert not Award.objects.exists()


def test_scoring_needs_a_declaration_first(funding_round: FundingRound, manager: User) -> None:
    application = check_application_eligibility(application_in(funding_round), by=manager)
    seat(funding_round, manager)

    with pytest.raises(GrantsInvalid, match="Declare any conflict"):
        score_application(application, by=manager, scores=_scores(funding_round, 5))


def test_a_decision_needs_two_scorers(funding_round: FundingRound, manager: User) -> None:
    application = check_application_eligibility(application_in(funding_round), by=manager)
    seat(funding_round, manager, moderator=True)
    declare_interest(application, by=manager, has_conflict=False)
    score_application(application, by=manager, scores=_scores(funding_round, 5))

    with pytest.raises(GrantsInvalid, match="At least 2 panel members"):
        decide_application(application, by=manager, award=True, amount=Decimal(500), reasons="Good")


def test_an_award_within_the_budget_and_never_past_it(
    carers_centre: Organisation, home_area: Area, manager: User, practitioner: User
) -> None:
    funding_round = open_round(fund_of(carers_centre, home_area), budget="1000", maximum_award="800")
    first = _ready_for_decision(funding_round, manager, practitioner)
    decided = decide_application(first, by=manager, award=True, amount=Decimal("700.00"), reasons="Strong reach")
    second = check_application_eligibility(application_in(funding_round), by=manager)
    for member in (manager, practitioner):
        declare_interest(second, by=member, has_conflict=False)
        score_application(second, by=member, scores=_scores(funding_round, 4))

    with pytest.raises(GrantsInvalid) as refused:
        decide_application(second, by=manager, award=True, amount=Decimal("300.01"), reasons="Good")

    assert decided.remaining_budget == Decimal("300.00")
    assert "no more than the £300.00 left" in refused.value.errors["amount"]
    assert Award.objects.count() == 1


def test_payments_never_add_up_to_more_than_the_award(
    funding_round: FundingRound, manager: User, practitioner: User
) -> None:
    application = _ready_for_decision(funding_round, manager, practitioner)
    award = decide_application(application, by=manager, award=True, amount=Decimal(600), reasons="Good").award
    assert award is not None
    today = timezone.localdate()
    record_payment(award, by=manager, amount=Decimal(400), paid_on=today)

    with pytest.raises(GrantsInvalid, match=r"£200\.00 unpaid"):
        record_payment(award, by=manager, amount=Decimal("200.01"), paid_on=today)
    record_payment(award, by=manager, amount=Decimal(200), paid_on=today)
    grant_return = record_return(
        award, by=manager, spent=Decimal(590), carers_reached=31, what_changed="A new group", received_on=today
    )

    assert award.paid() == Decimal(600)
    assert grant_return.carers_reached == 31
