"""What happens after an emergency, for the apps above `emergency_response` (the registration hooks of ADR 0005,
used for a change rather than a page; ADR 0011).

Closing an activation with a carer's assessment or a plan review offered is a promise made to the carer by the
emergency line; someone who works with the carer has to keep it. `emergency_response` cannot know who (caseloads
knows the carer's worker, and sits above it), so it announces the offer: each app registers a handler in its
`AppConfig.ready()`, and `close_activation` calls every handler inside its own transaction, so the work the offer
creates is written with the closing or not at all. Not Django signals: a handler here is typed, named, runs in
order, and an error in it undoes the closing rather than being lost (STYLE.md C2.9).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.emergency_response.models import Activation


@dataclass(frozen=True)
class FollowUpOffered:
    """An activation just closed with a follow-up offered (`Activation.FollowUp`, never "none"), and who closed it."""

    activation: "Activation"
    closed_by: "User"


FollowUpHandler = Callable[[FollowUpOffered], object]

_registry: dict[str, tuple[int, FollowUpHandler]] = {}


def register_follow_up_handler(name: str, *, order: int, handle: FollowUpHandler) -> None:
    """Add (or replace, by name) a handler. Lower `order` runs first."""
    _registry[name] = (order, handle)


def announce_follow_up_offered(offered: FollowUpOffered) -> None:
    """Call every registered handler, in order, in the caller's transaction (an error undoes the caller's change)."""
    for _, handle in sorted(_registry.values(), key=lambda entry: entry[0]):
        handle(offered)
