"""Template context every page needs: demo flag and the service navigation for the signed-in person's roles."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from carershub.core.links import cached_reverse


def service(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    navigation: list[dict[str, Any]] = []
    if user.is_authenticated:
        roles = {role.value for role in getattr(user, "roles", frozenset())}
        for label, url_name, allowed_roles in settings.CARERSHUB_NAVIGATION:
            if allowed_roles and not (roles & set(allowed_roles)) and not user.is_superuser:
                continue
            href = cached_reverse(url_name)
            navigation.append({"label": label, "href": href, "active": _is_current(request.path, href)})
    return {"DEMO_MODE": settings.DEMO_MODE, "service_navigation": navigation}


def _is_current(path: str, href: str) -> bool:
    return path == href if href == "/" else path.startswith(href)
