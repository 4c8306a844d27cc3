"""Routing rules are set up by administrators. Referrals are not in the admin: they hold personal data, so they are
seen through the audited staff pages, and changed only through the referral services."""

from django.contrib import admin

from carershub.referrals.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ("area", "cohort", "from_age", "to_age", "provider")
    list_filter = ("area", "cohort")
    list_select_related = ("area", "provider")
    ordering = ("area__name", "cohort")
