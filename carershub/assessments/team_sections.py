"""Sections of the team's assessment list contributed by the apps above `assessments`.

The team's list shows overdue assessments beside other work falling due, such as support plan reviews (Care Act 2014
s.27), without `assessments` importing the apps that know it: each registers a section in its `AppConfig.ready()`.
A section says which records it shows, so the list's audit event names them too.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from carershub.accounts.models import User


@dataclass(frozen=True)
class TeamSection:
    """One section of the team's list: a template, what it needs, and the ids it shows (for the audit event)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    shown: Mapping[str, list[Any]] = field(default_factory=dict)


SectionBuilder = Callable[["User", date], TeamSection | None]

_registry: dict[str, tuple[int, SectionBuilder]] = {}


def register_team_section(name: str, *, order: int, build: SectionBuilder) -> None:
    """Add (or replace, by name) a section. Lower `order` shows first, after the assessments' own reviews."""
    _registry[name] = (order, build)


def team_sections_for(user: "User", today: date) -> list[TeamSection]:
    """Every registered section with something to show this user, in order."""
    built = (build(user, today) for _, build in sorted(_registry.values(), key=lambda entry: entry[0]))
    return [section for section in built if section is not None]
