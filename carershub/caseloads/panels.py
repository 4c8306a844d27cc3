"""The case panel on a person's record: who in the user's organisation has the case, and closing or reopening it."""

from typing import TYPE_CHECKING

from carershub.accounts.models import Role
from carershub.caseloads.selectors import closed_cases, current_allocation, latest_closure, open_case
from carershub.caseloads.services import may_close_case
from carershub.people.panels import Panel

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


def allocation_panel(user: "User", person: "Person") -> Panel:
    allocation = current_allocation(person, user.organisation_id)
    case_open = open_case(person, user.organisation_id) is not None
    # A closed case stays visible on the record only where the organisation still sees it (a council's statutory
    # duty, or a new referral): then it says so, and a manager may reopen it from here.
    closure = None if case_open else latest_closure(person, user.organisation_id)
    return Panel(
        "caseloads/panels/allocation.html",
        {
            "allocation": allocation,
            "may_allocate": user.has_role(Role.MANAGER),
            "case_open": case_open,
            "may_close": case_open and may_close_case(user, allocation),
            "closure": closure,
            "may_reopen": closure is not None and closed_cases(user).filter(pk=closure.pk).exists(),
        },
    )
