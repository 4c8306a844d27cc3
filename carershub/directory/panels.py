"""The signposting panel on a person's record: services the carer was pointed to, and a way to signpost more."""

from typing import TYPE_CHECKING

from carershub.directory.selectors.signposting import signpostings_of
from carershub.people.panels import Panel

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


def signposting_panel(user: "User", person: "Person") -> Panel:
    """The record page only asks panels for people the user may see; signposting is part of working with them."""
    return Panel("directory/panels/signposting.html", {"signpostings": signpostings_of(person)})
