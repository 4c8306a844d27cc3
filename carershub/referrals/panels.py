"""The referrals panel on a person's record."""

from typing import TYPE_CHECKING

from carershub.people.panels import Panel
from carershub.referrals.selectors import referrals_about

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


def referrals_panel(user: "User", person: "Person") -> Panel:
    """The referrals about the person that the user may see (shown even when there are none)."""
    return Panel("referrals/panels/referrals.html", {"referrals": list(referrals_about(user, person))})
