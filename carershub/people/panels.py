"""Panels on a person's record, contributed by the apps above `people` (STYLE.md C7.3, Wagtail-style hooks).

`people` lists what the record shows without importing the apps that know it: each app registers a panel in its
`AppConfig.ready()`, and the record page asks every registered panel, in order, for what it has to show. A panel
returns None when it has nothing for this user (the same answer whether the rows are missing or not visible).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person


@dataclass(frozen=True)
class Panel:
    """One section of the person's record: a template and what it needs."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


PanelBuilder = Callable[["User", "Person"], Panel | None]

_registry: dict[str, tuple[int, PanelBuilder]] = {}


def register_panel(name: str, *, order: int, build: PanelBuilder) -> None:
    """Add (or replace, by name) a panel. Lower `order` shows first; the record's own details come before all."""
    _registry[name] = (order, build)


def panels_for(user: "User", person: "Person") -> list[Panel]:
    """Every registered panel with something to show this user about this person, in order."""
    built = (build(user, person) for _, build in sorted(_registry.values(), key=lambda entry: entry[0]))
    return [panel for panel in built if panel is not None]
