"""Purchasing arrangements and suppliers in the admin, for oversight only. Every change goes through the audited
services on the procurement pages, so the admin neither adds, changes nor deletes. Package requests, bids and spot
purchases are not registered at all: a package request is about a child, and bids are commercially confidential."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.procurement.models import ArrangementParticipant, Category, PurchasingArrangement, Supplier


class ReadOnlyAdminMixin:
    """Listed and opened for oversight; changed only through the audited services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParticipantInline(ReadOnlyAdminMixin, admin.TabularInline[ArrangementParticipant, PurchasingArrangement]):
    model = ArrangementParticipant
    fields = ("organisation", "kind", "joined_on", "left_on")
    extra = 0


class CategoryInline(ReadOnlyAdminMixin, admin.TabularInline[Category, PurchasingArrangement]):
    model = Category
    fields = ("name", "order")
    extra = 0


@admin.register(PurchasingArrangement)
class PurchasingArrangementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[PurchasingArrangement]):
    list_display = ("reference", "title", "regime", "lead_authority", "status", "start_date")
    list_filter = ("regime", "status", "admission")
    search_fields = ("reference", "title")
    inlines = (ParticipantInline, CategoryInline)


@admin.register(Supplier)
class SupplierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Supplier]):
    list_display = ("organisation", "is_sole_trader", "regulator", "regulator_reference")
    list_filter = ("is_sole_trader", "regulator")
    search_fields = ("organisation__name",)
