"""Setting up a fund, its rounds, criteria and panel (administrators). Applications, scores and awards are made
through the fund's pages and their audited services, so here they are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.grants.models import Application, Criterion, Fund, FundingRound, PanelMember


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin[Fund]):
    list_display = ("name", "organisation", "area", "identifier_prefix")


class CriterionInline(admin.TabularInline[Criterion, FundingRound]):
    model = Criterion
    extra = 3


class PanelMemberInline(admin.TabularInline[PanelMember, FundingRound]):
    model = PanelMember
    extra = 2
    raw_id_fields = ("user",)


@admin.register(FundingRound)
class FundingRoundAdmin(admin.ModelAdmin[FundingRound]):
    list_display = ("name", "fund", "opens_on", "closes_on", "budget")
    inlines = (CriterionInline, PanelMemberInline)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ("reference", "organisation_name", "status", "amount_requested")
    list_filter = ("status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
