"""Idle sign-out without a database write on every page view."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "carershub_last_seen"
# Expiry is pushed forward at most this often, so a session may end up to this much earlier than the idle period.
REFRESH_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """Keep a signed-in session alive while it is used: refresh its expiry at most once a minute.

    Django's SESSION_SAVE_EVERY_REQUEST would turn every page view into a write and a commit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, 0)
            if now - last_seen >= REFRESH_EVERY_SECONDS or last_seen > now:
                request.session[LAST_SEEN_KEY] = now  # marks the session modified, so it is saved with a new expiry
                request.session.set_expiry(settings.SESSION_COOKIE_AGE)
        return self.get_response(request)
