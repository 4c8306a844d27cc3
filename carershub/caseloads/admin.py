"""The council's list of reasons for closing a case (docs/code-lists.md, ADR 0010): renamed, reordered or switched
off with `disabled_on`, never deleted, because closures point at the entry they used."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.caseloads.models import CaseClosureReason


@admin.register(CaseClosureReason)
class CaseClosureReasonAdmin(admin.ModelAdmin[CaseClosureReason]):
    list_display = ("name", "code", "order", "disabled_on")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Closures, audit details and the seed data name an entry by its code: once it exists, it is fixed.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is switched off, never deleted
