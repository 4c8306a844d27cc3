from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.organisations.models import ApiKey, Area, GPPractice, Organisation, School


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ("name", "ons_code")
    search_fields = ("name", "ons_code")
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "ods_code", "is_active")
    list_filter = ("kind", "is_active", "areas")
    search_fields = ("name", "ods_code")
    filter_horizontal = ("areas",)
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012


@admin.register(GPPractice)
class GPPracticeAdmin(admin.ModelAdmin[GPPractice]):
    list_display = ("name", "ods_code", "postcode", "area", "disabled_on")
    list_filter = ("area",)
    search_fields = ("name", "ods_code", "postcode")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is disabled, never deleted


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name", "urn", "phase", "postcode", "area", "disabled_on")
    list_filter = ("area", "phase")
    search_fields = ("name", "urn", "postcode")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is disabled, never deleted


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    """Keys are listed for oversight; they are created with `manage.py create_api_key` so the secret is shown once."""

    list_display = ("name", "organisation", "scope", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", "organisation")
    readonly_fields = (
        "organisation",
        "name",
        "scope",
        "prefix",
        "secret_hash",
        "created_at",
        "created_by",
        "last_used_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
