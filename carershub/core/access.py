"""Typing for views that only signed-in staff reach."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from carershub.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required`: `user` is a member of staff, never AnonymousUser."""

    user: "User"
