"""Actions on an emergency activation contributed by the apps above `emergency_response` (STYLE.md C7.3, the same
registration hooks as `people.panels`).

The responder's screen offers what other apps can do from the emergency without importing them: each app registers
a builder in its `AppConfig.ready()`, and the screen asks every builder, in order, for an action. A builder returns
None when this user may not take it, so nobody is shown a link to a page that would be a 404 for them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.emergency_response.models import Activation


@dataclass(frozen=True)
class ActivationAction:
    """A link from the activation to another app's page: what it does, and where."""

    label: str
    url: str


ActionBuilder = Callable[["User", "Activation"], ActivationAction | None]

_registry: dict[str, tuple[int, ActionBuilder]] = {}


def register_activation_action(name: str, *, order: int, build: ActionBuilder) -> None:
    """Add (or replace, by name) an action. Lower `order` shows first."""
    _registry[name] = (order, build)


def actions_for(user: "User", activation: "Activation") -> list[ActivationAction]:
    """Every registered action this user may take from this activation, in order."""
    built = (build(user, activation) for _, build in sorted(_registry.values(), key=lambda entry: entry[0]))
    return [action for action in built if action is not None]
