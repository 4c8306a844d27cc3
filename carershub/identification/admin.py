"""Engagement activities in the admin, for oversight only: they are recorded on the partner pages through
`record_engagement`, which checks and audits them, so the admin neither adds, changes nor deletes them."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.identification.models import EngagementActivity


@admin.register(EngagementActivity)
class EngagementActivityAdmin(admin.ModelAdmin[EngagementActivity]):
    list_display = ("occurred_on", "kind", "gp_practice", "school", "organisation", "carers_identified", "area")
    list_filter = ("area", "kind", "organisation")
    list_select_related = ("gp_practice", "school", "organisation", "area")
    search_fields = ("gp_practice__name", "gp_practice__ods_code", "school__name", "school__urn")
    date_hierarchy = "occurred_on"
    ordering = ("-occurred_on", "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
