"""Reference data for everyday support, edited by a council's administrators: disabled, never deleted. Contacts,
groups and sessions are recorded through the service's pages (and their audited services), not here."""

from django.contrib import admin

from carershub.core.admin import ReferenceDataAdmin
from carershub.support.models import ContactKind, GroupKind


@admin.register(ContactKind)
class ContactKindAdmin(ReferenceDataAdmin[ContactKind]):
    list_display = ("name", "code", "order", "is_one_to_one", "is_information_and_advice", "disabled_on")


@admin.register(GroupKind)
class GroupKindAdmin(ReferenceDataAdmin[GroupKind]):
    pass
