"""What support plans contribute to pages of the apps below: the panel on a person's record, and the plan reviews
due on the team's assessment list."""

from datetime import date
from typing import TYPE_CHECKING, Final

from django.urls import reverse

from carershub.assessments.team_sections import TeamSection
from carershub.emergency_response.actions import ActivationAction
from carershub.people.panels import Panel
from carershub.support_plans.selectors import (
    assessments_to_plan,
    breaks_about,
    may_request_break,
    plan_reviews_due,
    plans_about,
)

REVIEWS_SHOWN: Final = 5

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.emergency_response.models import Activation
    from carershub.people.models import Person


def support_panel(user: "User", person: "Person") -> Panel:
    """The person's plans (each plan's newest version), the assessments a plan can be started from, and their short
    breaks: all that the user may see (shown even when there are none)."""
    return Panel(
        "support_plans/panels/support.html",
        {
            "plans": plans_about(user, person),
            "plannable": assessments_to_plan(user, person),
            "breaks": breaks_about(user, person),
        },
    )


def plan_reviews_section(user: "User", today: date) -> TeamSection:
    """The team's plan reviews overdue or due soon (Care Act 2014 s.27), beside its overdue assessments."""
    reviews = list(plan_reviews_due(user, today=today)[:REVIEWS_SHOWN])
    return TeamSection(
        "support_plans/team_sections/plan_reviews.html",
        {"reviews": reviews, "today": today},
        {"plan_reviews": [review.pk for review in reviews]},
    )


def emergency_break_action(user: "User", activation: "Activation") -> ActivationAction | None:
    """On an emergency activation: request an emergency short break for the carer (issue 13 item 4), for those
    who may request one; the request page opens with this activation chosen."""
    carer = activation.plan.carer
    if not may_request_break(user, carer):
        return None
    url = reverse("support_plans:short_break_new", args=[carer.pk])
    return ActivationAction("Request an emergency short break for the carer", f"{url}?activation={activation.pk}")
