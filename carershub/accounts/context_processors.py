"""What every signed-in page needs to warn before the idle sign-out (accounts.sessions)."""

from typing import Any

from django.http import HttpRequest

from carershub.accounts.sessions import seconds_left, warning_seconds


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"session_timeout": {"seconds_left": seconds_left(request), "warn_before": warning_seconds()}}
