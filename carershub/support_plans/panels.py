"""What support plans contribute to pages of the apps below: the panel on a person's record, and the plan reviews
due on the team's assessment list."""

from datetime import date
from typing import TYPE_CHECKING, Final

from carershub.assessments.team_sections import TeamSection
from carershub.people.panels import Panel
from carershub.support_plans.selectors import assessments_to_plan, breaks_about, plan_reviews_due, plans_about

REVIEWS_SHOWN: Final = 5

if TYPE_CHECKING:
    from carershub.accounts.models import User
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
