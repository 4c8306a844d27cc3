"""The audit log in the admin: readable and searchable, never editable or deletable."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.core.events import event_label
from carershub.core.models import AuditEvent


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
