"""The allocation panel on a person's record: who in the user's organisation has the case."""

from typing import TYPE_CHECKING

from carershub.accounts.models import Role
from carershub.caseloads.selectors import current_allocation
from carershub.people.panels import Panel

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


def allocation_panel(user: "User", person: "Person") -> Panel:
    return Panel(
        "caseloads/panels/allocation.html",
        {
            "allocation": current_allocation(person, user.organisation_id),
            "may_allocate": user.has_role(Role.MANAGER),
        },
    )
