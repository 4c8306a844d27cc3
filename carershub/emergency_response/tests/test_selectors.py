"""Reads: plans visible to staff, lines a responder answers, and the figures the commissioning KPIs use."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from carershub.accounts.models import User
from carershub.emergency_response.models import ContingencyPlan, EmergencyCard, EmergencyLine
from carershub.emergency_response.selectors import (
    emergency_response_figures,
    lines_run_by,
    plans_visible_to,
)
from carershub.emergency_response.services.activations import close_activation, open_activation
from carershub.emergency_response.services.plans import withdraw_plan
from carershub.emergency_response.tests.factories import carer_worked_with, draft_plan
from carershub.organisations.models import Area, Organisation


def test_plans_are_visible_to_staff_who_may_see_the_carer(
    plan: ContingencyPlan, practitioner: User, other_team_practitioner: User, responder: User, commissioner: User
) -> None:
    assert list(plans_visible_to(practitioner)) == [plan]
    assert not plans_visible_to(other_team_practitioner).exists()
    assert not plans_visible_to(responder).exists()
    assert not plans_visible_to(commissioner).exists()


def test_a_responder_answers_the_lines_their_organisation_runs(
    line: EmergencyLine, responder: User, neighbour_responder: User, practitioner: User
) -> None:
    assert lines_run_by(responder) == [line]
    assert lines_run_by(neighbour_responder) == []
    assert lines_run_by(practitioner) == []


def test_emergency_response_figures_count_plans_activations_and_hours(
    home_area: Area,
    carers_centre: Organisation,
    practitioner: User,
    responder: User,
    plan: ContingencyPlan,
    card: EmergencyCard,
) -> None:
    draft_plan(carer_worked_with(home_area, carers_centre), by=practitioner)  # a draft is not yet managed
    activation = open_activation(card, by=responder, reason="Carer in hospital").activation
    close_activation(activation, by=responder, outcome="hospital", follow_up="none", support_hours=Decimal("4.5"))
    second = open_activation(card, by=responder, reason="Carer unwell again").activation
    close_activation(second, by=responder, outcome="replacement_care", follow_up="both", support_hours=Decimal(20))
    now = timezone.now()
    figures = emergency_response_figures(home_area, now - timedelta(days=1), now + timedelta(days=1))
    assert (figures.plans_managed, figures.activations, figures.support_hours) == (1, 2, Decimal("24.5"))
    before = emergency_response_figures(home_area, now - timedelta(days=30), now - timedelta(days=1))
    assert (before.activations, before.support_hours) == (0, Decimal(0))


def test_a_plan_withdrawn_before_the_period_is_not_managed_in_it(
    home_area: Area, practitioner: User, plan: ContingencyPlan
) -> None:
    withdraw_plan(plan, by=practitioner)
    later = timezone.now() + timedelta(days=1)
    assert emergency_response_figures(home_area, later, later + timedelta(days=30)).plans_managed == 0
