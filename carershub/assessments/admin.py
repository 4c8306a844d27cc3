"""Delegations (Care Act 2014 s.79) are set up by administrators from the council's decision or contract.
Assessments, their sections and safety alerts are not in the admin: they hold personal data, so they are seen
through the audited staff pages and changed only through the assessment services."""

from django.contrib import admin

from carershub.assessments.models import Delegation


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    list_display = ("reference", "area", "council", "provider", "scope", "starts_on", "ends_on")
    list_filter = ("area", "scope")
    list_select_related = ("area", "council", "provider")
    search_fields = ("reference",)
    ordering = ("area__name", "-starts_on")
