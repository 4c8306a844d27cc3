"""The care packages panel on a young person's record: the packages bought for them, and a way to request one."""

from typing import TYPE_CHECKING

from carershub.people.panels import Panel
from carershub.procurement.selectors import may_request_package_for, packages_about

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


def care_packages_panel(user: "User", person: "Person") -> Panel | None:
    """The council's package requests for the person, and packages awarded to the user's organisation and shared
    with it; nothing (no panel) for anyone with neither and no way to request one."""
    packages = list(packages_about(user, person))
    can_request = may_request_package_for(user, person)
    if not packages and not can_request:
        return None
    return Panel(
        "procurement/panels/care_packages.html",
        # Only the council that asked opens the request's page; the provider sees the package listed here.
        {"packages": packages, "can_request": can_request, "council_id": user.organisation_id},
    )
