"""Contracts and population estimates in the admin, for oversight only. They are set up, decided, varied and moved
through their life cycle on the commissioning pages through the services, which check the rules (contributions that
add up, extensions within the allowance) and write the audit record; so the admin neither adds, changes nor
deletes them. Pooled funds (the Better Care Fund) are set up here by administrators, like routing rules. Monitoring
returns, KPIs and extension decisions are left to those pages too. Nothing here shows a person: contracts and
estimates hold organisations, money and aggregate figures only (who created or changed a row is not shown either)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.commissioning.models import (
    Contract,
    ContractPartner,
    FundingContribution,
    Lot,
    PooledFund,
    PopulationEstimate,
)


class ReadOnlyAdminMixin:
    """Listed and opened for oversight; changed only through the audited services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContractPartnerInline(ReadOnlyAdminMixin, admin.TabularInline[ContractPartner, Contract]):
    model = ContractPartner
    fields = ("organisation", "role")
    extra = 0


class LotInline(ReadOnlyAdminMixin, admin.TabularInline[Lot, Contract]):
    model = Lot
    fields = ("number", "title", "cohorts", "provider", "annual_value")
    extra = 0


class FundingContributionInline(ReadOnlyAdminMixin, admin.TabularInline[FundingContribution, Contract]):
    model = FundingContribution
    fields = ("contract_year", "funder", "pooled_fund", "amount", "standing")
    ordering = ("contract_year", "pk")
    extra = 0


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[Contract]):
    list_display = ("reference", "title", "commissioner", "status", "start_date", "annual_value")
    list_filter = ("status", "regime", "light_touch", "areas")
    list_select_related = ("commissioner",)
    search_fields = ("reference", "title", "ocid")
    date_hierarchy = "start_date"
    ordering = ("reference",)
    fields = (
        ("reference", "ocid"),
        "title",
        "description",
        "commissioner",
        "areas",
        "status",
        ("regime", "route", "light_touch"),
        ("start_date", "initial_term_years", "extension_years", "extensions_taken", "extension_notice_months"),
        "decision_maker",
        ("annual_value", "annual_uplift_percent", "maximum_price"),
    )
    inlines = (ContractPartnerInline, LotInline, FundingContributionInline)


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[PopulationEstimate]):
    list_display = ("area", "measure", "value", "source", "as_of")
    list_filter = ("area", "measure")
    list_select_related = ("area",)
    search_fields = ("source",)
    ordering = ("area__name", "measure", "-as_of")


@admin.register(PooledFund)
class PooledFundAdmin(admin.ModelAdmin[PooledFund]):
    """A pooled budget (such as the Better Care Fund, NHS Act 2006 s.75) that the contract set-up offers as a
    funder once it exists. Organisations and money only."""

    list_display = ("name", "host", "agreement")
    list_select_related = ("host",)
    search_fields = ("name", "agreement")
    filter_horizontal = ("members",)
    fields = ("name", "host", "members", "agreement")
    ordering = ("name",)
