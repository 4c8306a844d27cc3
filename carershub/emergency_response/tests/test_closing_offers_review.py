"""Closing an activation with a carer's assessment or a plan review offered is announced to the apps above
(`follow_ups`, ADR 0011), inside the closing's transaction: caseloads gives the carer's worker the task of keeping the
offer (its tests: caseloads/tests/test_follow_up_tasks.py). Nothing offered, nothing announced; a handler that fails
leaves the activation open."""

from decimal import Decimal

import pytest

from carershub.accounts.models import User
from carershub.emergency_response import follow_ups
from carershub.emergency_response.follow_ups import FollowUpOffered
from carershub.emergency_response.models import Activation, EmergencyCard
from carershub.emergency_response.services.activations import close_activation, open_activation


@pytest.fixture
def activation(card: EmergencyCard, responder: User) -> Activation:
    return open_activation(card, by=responder, reason="Carer taken to hospital").activation


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[FollowUpOffered]:
    """What the closing announces, to a handler registered alone (the apps' own handlers are set aside)."""
    heard: list[FollowUpOffered] = []
    monkeypatch.setattr(follow_ups, "_registry", {})
    follow_ups.register_follow_up_handler("test", order=1, handle=heard.append)
    return heard


@pytest.mark.parametrize(
    "follow_up",
    [Activation.FollowUp.BOTH, Activation.FollowUp.PLAN_REVIEW, Activation.FollowUp.CARERS_ASSESSMENT],
)
def test_closing_with_a_follow_up_offered_announces_it_once_with_who_closed_it(
    activation: Activation, responder: User, announced: list[FollowUpOffered], follow_up: str
) -> None:
    close_activation(activation, by=responder, outcome="hospital", follow_up=follow_up, support_hours=Decimal(3))

    assert len(announced) == 1
    offered = announced[0]
    assert (offered.activation.pk, offered.activation.follow_up, offered.closed_by) == (
        activation.pk,
        follow_up,
        responder,
    )
    assert offered.activation.closed_at is not None  # handlers see the activation as closed


def test_closing_with_nothing_offered_announces_nothing(
    activation: Activation, responder: User, announced: list[FollowUpOffered]
) -> None:
    close_activation(activation, by=responder, outcome="not_needed", follow_up=Activation.FollowUp.NONE)

    assert announced == []


def test_a_handler_that_fails_leaves_the_activation_open(
    activation: Activation, responder: User, announced: list[FollowUpOffered]
) -> None:
    def failing(offered: FollowUpOffered) -> None:
        raise RuntimeError("the task could not be written")

    follow_ups.register_follow_up_handler("failing", order=2, handle=failing)

    with pytest.raises(RuntimeError):
        close_activation(activation, by=responder, outcome="hospital", follow_up=Activation.FollowUp.BOTH)

    activation.refresh_from_db()
    assert (activation.closed_at, activation.outcome, activation.follow_up) == (None, "", "")
