"""The audit log in the admin: readable and searchable, never editable or deletable; and the admin every council
code list (ReferenceData, docs/code-lists.md) shares."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.core.events import event_label
from carershub.core.models import AuditEvent, ReferenceData


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = (
        "occurred_at",
        "kind",
        "what_happened",
        "actor",
        "organisation",
        "area",
        "subject_type",
        "subject_id",
        "purpose",
    )
    list_filter = ("kind", "event", "area")
    search_fields = ("subject_id", "request_id", "actor__email")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor", "organisation", "area")
    actions = None

    @admin.display(description="Event", ordering="event")
    def what_happened(self, event: AuditEvent) -> str:
        return event_label(event.event) if event.event else ""

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEvent | None = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReferenceDataAdmin[M: ReferenceData](admin.ModelAdmin[M]):
    """A council's code list (ADR 0010): renamed, reordered or switched off with `disabled_on`, never deleted, because
    records point at the entry they used. Each list registers its own subclass."""

    list_display: tuple[str, ...] = ("name", "code", "order", "disabled_on")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Records, audit details, KPIs, the seed data and the demo name an entry by its code: once it exists, it is
        # fixed.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is switched off, never deleted
