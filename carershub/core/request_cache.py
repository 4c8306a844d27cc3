"""What a request works out once and keeps on its user object (a new one each request, from the session), so that
the selectors a page calls several times build it once: the areas the user's organisation serves, the people and the
assessments they may see."""

from collections.abc import Callable, Hashable


def kept_on[T](holder: object, attribute: str, build: Callable[[], T], *, key: Hashable = None) -> T:
    """`build()` the first time, then what it gave, for as long as `key` is the same (what the value depends on that
    could change within a request, such as the user's roles)."""
    kept: tuple[Hashable, T] | None = getattr(holder, attribute, None)
    if kept is None or kept[0] != key:
        kept = (key, build())
        setattr(holder, attribute, kept)
    return kept[1]
