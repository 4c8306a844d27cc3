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
    """A URL pattern with one argument, reversed once for a whole list: each row's link is its own argument put where
    the marker was. A list of 200 rows asked the resolver hundreds of times (a `{% url %}` or get_absolute_url per
    link), most of some pages' cost. For arguments reverse() writes as they are (ids, slugs, references); the marker
    must fit the pattern's converter and appear nowhere else in the path."""

    def __init__(self, url_name: str, *, marker: str | int = 2147483647) -> None:
        self._prefix, _, self._suffix = reverse(url_name, args=[marker]).partition(str(marker))

    def __call__(self, argument: str | int) -> str:
        return f"{self._prefix}{argument}{self._suffix}"
