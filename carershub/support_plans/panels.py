"""The support plans and short breaks panel on a person's record."""

from typing import TYPE_CHECKING

from carershub.people.panels import Panel
from carershub.support_plans.selectors import assessments_to_plan, breaks_about, plans_about

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
