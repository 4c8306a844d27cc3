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
