"""Creating and changing staff accounts."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from carershub.accounts.events import AccountEvent
from carershub.accounts.models import Role, User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation

# Roles that only make sense in certain kinds of organisation. Suppliers bid for care packages, so they work
# for providers; commissioners buy services, so they work for councils, ICBs or a consortium lead.
ROLE_ORGANISATION_KINDS: dict[Role, frozenset[str]] = {
    Role.SUPPLIER: frozenset({Organisation.Kind.PROVIDER}),
    Role.COMMISSIONER: frozenset(
        {
            Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
            Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
            Organisation.Kind.ICB,
            Organisation.Kind.CONSORTIUM_LEAD,
        }
    ),
}


class RoleNotAllowedHere(Exception):
    """The role does not fit the kind of organisation the person works for."""


class EmailAlreadyUsed(Exception):
    """Each person has their own account; an email address identifies exactly one."""


def check_roles_fit(organisation: Organisation, roles: Iterable[Role]) -> None:
    for role in roles:
        allowed_kinds = ROLE_ORGANISATION_KINDS.get(role)
        if allowed_kinds is not None and organisation.kind not in allowed_kinds:
            raise RoleNotAllowedHere(f"{role.label} is not a role in a {organisation.get_kind_display().lower()}.")


@transaction.atomic
def create_staff_user(
    organisation: Organisation,
    *,
    email: str,
    full_name: str,
    roles: Iterable[Role],
    created_by: User | None,
    password: str | None = None,
    job_title: str = "",
    is_demo_account: bool = False,
) -> User:
    """Create a named member of staff in an organisation with their roles. Without a password they must reset one."""
    roles = list(roles)
    check_roles_fit(organisation, roles)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise EmailAlreadyUsed(email)
    user = User(
        email=email,
        full_name=full_name,
        organisation=organisation,
        job_title=job_title,
        is_demo_account=is_demo_account,
    )
    user.set_password(password)  # None gives an unusable password
    user.save()
    user.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
    record_event(
        AuditEvent.Kind.STAFF_ACCOUNT_CREATED,
        actor=created_by,
        organisation=organisation,
        subject=user,
        detail={"roles": sorted(role.value for role in roles)},
        event=AccountEvent.STAFF_ACCOUNT_CREATED,
    )
    return user
