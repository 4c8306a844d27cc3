"""Sessions end when the browser closes, and after a period without activity, without a write on every page view."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "carershub_last_seen"
# The last-seen time is written at most this often, so a session may end up to this much earlier than the idle period.
REFRESH_EVERY_SECONDS = 60


def idle_seconds_allowed() -> int:
    """How long a signed-in session may go unused (SESSION_IDLE_MINUTES, kept in SESSION_COOKIE_AGE)."""
    return int(settings.SESSION_COOKIE_AGE)


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
            elif not isinstance(last_seen, int) or now - last_seen >= REFRESH_EVERY_SECONDS or last_seen > now:
                request.session[LAST_SEEN_KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)
