"""The directory's set-up in the admin: taxonomies and terms (reference data, never deleted), organisations,
places and postcodes. Services are shown read-only here: their content changes through the directory pages, so
every change is checked by the council and kept in the entry's history."""

from django.contrib import admin
from django.http import HttpRequest

from carershub.directory.models import (
    DirectoryOrganisation,
    Location,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    Taxonomy,
    TaxonomyTerm,
)


class NoDeleteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Taxonomy)
class TaxonomyAdmin(NoDeleteAdmin):
    list_display = ("name", "version", "id")


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(NoDeleteAdmin):
    list_display = ("name", "code", "taxonomy", "order", "disabled_on")
    list_filter = ("taxonomy",)
    list_select_related = ("taxonomy",)
    search_fields = ("name", "code")
    readonly_fields = ("id",)


@admin.register(DirectoryOrganisation)
class DirectoryOrganisationAdmin(NoDeleteAdmin):
    list_display = ("name", "organisation", "imported_from")
    search_fields = ("name",)


@admin.register(Location)
class LocationAdmin(NoDeleteAdmin):
    list_display = ("name", "city", "postal_code", "location_type")
    search_fields = ("name", "city", "postal_code")


class ScheduleInline(admin.TabularInline[Schedule, Service]):
    model = Schedule
    extra = 0
    fields = ("freq", "interval", "byday", "bymonthday", "opens_at", "closes_at", "attending_type", "description")


class ServiceAtLocationInline(admin.TabularInline[ServiceAtLocation, Service]):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ("location",)


@admin.register(Service)
class ServiceAdmin(NoDeleteAdmin):
    list_display = ("name", "organisation", "area", "publication", "assured_on")
    list_filter = ("publication", "area")
    list_select_related = ("organisation", "area")
    search_fields = ("name",)
    inlines = (ServiceAtLocationInline, ScheduleInline)
    # Content goes through the directory's own pages (council check, history); places and times are set up here.
    readonly_fields = (
        "name",
        "description",
        "organisation",
        "area",
        "publication",
        "status",
        "assured_on",
        "content_modified_at",
        "version",
    )
    fields = readonly_fields


@admin.register(ServiceChange)
class ServiceChangeAdmin(NoDeleteAdmin):
    list_display = ("service", "status", "created_at", "decided_at")
    list_filter = ("status",)
    readonly_fields = (
        "service",
        "status",
        "proposed",
        "previous",
        "base_version",
        "proposed_by",
        "decided_by",
        "decided_at",
        "decision_note",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin[Postcode]):
    list_display = ("postcode", "district", "latitude", "longitude")
    search_fields = ("postcode",)
