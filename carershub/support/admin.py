"""Reference data for everyday support, edited by a council's administrators: disabled, never deleted. Contacts,
groups and sessions are recorded through the service's pages (and their audited services), not here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.support.models import ContactKind, GroupKind


class ReferenceDataAdmin[M: ContactKind | GroupKind](admin.ModelAdmin[M]):
    list_display: tuple[str, ...] = ("name", "code", "order", "disabled_on")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # KPIs count by the code: once a kind exists, its code is fixed.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is disabled, never deleted


@admin.register(ContactKind)
class ContactKindAdmin(ReferenceDataAdmin[ContactKind]):
    list_display = ("name", "code", "order", "is_one_to_one", "is_information_and_advice", "disabled_on")


@admin.register(GroupKind)
class GroupKindAdmin(ReferenceDataAdmin[GroupKind]):
    pass
