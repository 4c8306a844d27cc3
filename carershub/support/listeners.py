"""Other apps hear about new support groups here, so `support` never imports them (as `people.panels` does for the
record page). The directory registers in `DirectoryConfig.ready()` to list a new group at once; a listener runs in
the same transaction as the change, so a failure undoes both."""

from collections.abc import Callable

from carershub.support.models import SupportGroup

GroupListener = Callable[[SupportGroup], None]
_group_listeners: list[GroupListener] = []


def on_group_set_up(listener: GroupListener) -> None:
    if listener not in _group_listeners:
        _group_listeners.append(listener)


def group_set_up(group: SupportGroup) -> None:
    for listener in _group_listeners:
        listener(group)
