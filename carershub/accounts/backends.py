"""Authentication backend: django-allauth's email sign-in, loading what every page shows about the user at once."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.models import Group
from django.db.models import OuterRef, StringAgg, Subquery, Value

from carershub.accounts.models import User

# Between group names read in one column; no group name contains it (names are roles' values and admin-typed words).
_NAME_SEPARATOR = "\x1f"


class StaffAuthenticationBackend(AuthenticationBackend):  # type: ignore[misc]  # allauth has no type hints
    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user with their organisation and roles, so no page queries for them again: one query on
        every request, the group names read beside the user rather than by a second query."""
        group_names = (
            Group.objects.filter(user=OuterRef("pk"))
            .order_by()
            .values("user")
            .annotate(names=StringAgg("name", delimiter=Value(_NAME_SEPARATOR)))
            .values("names")
        )
        user = (
            User.objects.select_related("organisation")
            .annotate(group_names=Subquery(group_names))
            .filter(pk=user_id)
            .order_by()
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        names: str | None = user.group_names
        user.remember_roles(names.split(_NAME_SEPARATOR) if names else [])
        return user
