"""Sessions end when the browser closes, and after a period without activity, without a write on every page view.

Pages tell a signed-in person before that happens and let them stay signed in (WCAG 2.2 success criterion 2.2.1,
Timing Adjustable): `session_status` answers how long is left without counting as use, and a POST to it counts as
use at once (the "Stay signed in" button of the time-out warning, assets/js/timeout-warning.js).
"""

import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

LAST_SEEN_KEY = "carershub_last_seen"
# The last-seen time is written at most this often, so a session may end up to this much earlier than the idle period.
REFRESH_EVERY_SECONDS = 60


def idle_seconds_allowed() -> int:
    """How long a signed-in session may go unused (SESSION_IDLE_MINUTES, kept in SESSION_COOKIE_AGE)."""
    return int(settings.SESSION_COOKIE_AGE)


def warning_seconds() -> int:
    """How long before the idle sign-out a page warns. WCAG 2.2.1 asks for at least 20 seconds to respond; GOV.UK
    services give 2 minutes. Never more than half the idle period, so a short period still allows some use."""
    return min(int(settings.SESSION_TIMEOUT_WARNING_SECONDS), idle_seconds_allowed() // 2)


def seconds_left(request: HttpRequest) -> int:
    """How long the signed-in session has before it ends for want of use (0 when it is not signed in)."""
    if not request.user.is_authenticated:
        return 0
    last_seen = request.session.get(LAST_SEEN_KEY)
    now = int(time.time())
    if not isinstance(last_seen, int) or last_seen > now:
        return idle_seconds_allowed()
    return max(0, idle_seconds_allowed() - (now - last_seen))


def note_use(request: HttpRequest) -> None:
    """Count the session as used now (saved with a fresh expiry)."""
    request.session[LAST_SEEN_KEY] = int(time.time())


@cache
def _status_path() -> str:
    return reverse("session_status")


def _is_status_check(request: HttpRequest) -> bool:
    # A page asking how long is left is not someone using the service: counting it would keep an unattended
    # session alive for as long as the tab stayed open.
    return request.method in {"GET", "HEAD"} and request.path == _status_path()


class IdleSessionMiddleware:
    """Sign out a session unused for longer than the idle period; otherwise note (at most once a minute) its use.

    The cookie stays a browser-session cookie (no expiry date is ever set on it, so it goes when the browser closes).
    The idle limit is enforced here from the last-seen time kept in the session, and each write of that time also
    pushes the stored session's own expiry forward, so an abandoned session is removed from the store as well.
    Django's SESSION_SAVE_EVERY_REQUEST would instead turn every page view into a write and a commit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > idle_seconds_allowed():
                logout(request)  # the page then answers as for anyone not signed in: sign in first
            elif _is_status_check(request):
                pass
            elif not isinstance(last_seen, int) or now - last_seen >= REFRESH_EVERY_SECONDS or last_seen > now:
                request.session[LAST_SEEN_KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)
