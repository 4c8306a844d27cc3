"""People who work here: staff accounts, each in one organisation, with roles."""

from collections.abc import Iterable
from functools import cached_property
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """What a member of staff does here. Each role is a Django group of the same name, holding its permissions."""

    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    COMMISSIONER = "commissioner", "Commissioner"
    EMERGENCY_RESPONDER = "emergency_responder", "Emergency responder"
    SUPPLIER = "supplier", "Supplier"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that look across the organisations serving their own areas (to administer or commission them).
AREA_WIDE_ROLES = frozenset({Role.ADMINISTRATOR, Role.COMMISSIONER})


def roles_named(group_names: Iterable[str]) -> frozenset[Role]:
    """The roles among these group names (a role is a group of the same name)."""
    names = set(group_names)
    return frozenset(role for role in Role if role.value in names)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Signs in with an email address, a password and (always, outside demo) MFA."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    is_active = models.BooleanField(default=True)
    # Gives access to the Django admin screens; roles decide what the service itself allows.
    is_staff = models.BooleanField("admin site access", default=False)
    # Seeded demonstration accounts. Only these, and only with CARERSHUB_DEMO on, may skip MFA.
    is_demo_account = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = "staff account"
        ordering: ClassVar[list[str]] = ["full_name", "email"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # Everyone but a platform superuser works for exactly one organisation.
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="staff_belong_to_an_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read from their groups (one query, cached on the instance)."""
        return roles_named(group.name for group in self.groups.all())

    def remember_roles(self, group_names: Iterable[str]) -> None:
        """Keep the roles of group names read with the user (by the sign-in backend, in the same query)."""
        self.__dict__["roles"] = roles_named(group_names)

    @property
    def role_labels(self) -> list[str]:
        """Role names for display, in a stable order."""
        return sorted(role.label for role in self.roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def works_across_areas(self) -> bool:
        """Administrators and commissioners see every organisation serving their own organisation's areas."""
        return bool(self.roles & AREA_WIDE_ROLES)
