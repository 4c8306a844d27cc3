"""Authentication backend: django-allauth's email sign-in, loading what every page shows about the user at once."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from carershub.accounts.models import User


class StaffAuthenticationBackend(AuthenticationBackend):  # type: ignore[misc]  # allauth has no type hints
    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user with their organisation and roles, so no page queries for them again."""
        user = User.objects.select_related("organisation").prefetch_related("groups").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
