"""reverse() for the links every page shows (the layout's and the service navigation's), worked out once.

Every staff page reversed the same dozen or so URL names, at tens of microseconds each (issue 10). The answers
depend only on the URL configuration and the script prefix, so they are kept for the last pair seen: a test that
overrides ROOT_URLCONF gets a new resolver (Django clears its resolver cache when the setting changes), and with it
a fresh set. Only for names without arguments.
"""

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

_reversed: tuple[tuple[object, str], dict[str, str]] | None = None


def cached_reverse(url_name: str) -> str:
    """The path of a URL name that takes no arguments, as reverse() gives it."""
    global _reversed
    key = (get_resolver(get_urlconf()), get_script_prefix())
    if _reversed is None or _reversed[0] != key:
        _reversed = (key, {})
    hrefs = _reversed[1]
    href = hrefs.get(url_name)
    if href is None:
        href = hrefs[url_name] = reverse(url_name)
    return href


class RowUrl:
    """A URL pattern reversed once for a whole list: each row's link is its own arguments put where the markers were.
    A list of 200 rows asked the resolver hundreds of times (a `{% url %}` or get_absolute_url per link), most of some
    pages' cost. For arguments reverse() writes as they are (ids, slugs, references); each marker must fit its
    converter and appear nowhere else in the path. One argument by default; `markers` names one per argument."""

    def __init__(self, url_name: str, *, marker: str | int = 2147483647, markers: tuple[str | int, ...] = ()) -> None:
        markers = markers or (marker,)
        rest = reverse(url_name, args=list(markers))
        self._parts: list[str] = []
        for each in markers:
            before, _, rest = rest.partition(str(each))
            self._parts.append(before)
        self._last = rest

    def __call__(self, *arguments: str | int) -> str:
        return "".join(f"{part}{argument}" for part, argument in zip(self._parts, arguments, strict=True)) + self._last
