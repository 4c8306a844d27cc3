"""Support plans, direct payments, plan reviews and short breaks are not in the admin: they hold personal data, so
they are seen through the audited pages and changed only through the services (as contingency plans are).

The admin holds only the council's own code lists (docs/code-lists.md): renamed, reordered and switched off with
`disabled_on`, never deleted, because records point at the entry they used."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.support_plans.models import PaymentHolding, ShortBreakKind


class CodeListAdmin[M: PaymentHolding | ShortBreakKind](admin.ModelAdmin[M]):
    list_display = ("name", "code", "order", "disabled_on")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Records, audit details, the seed data and the demo name an entry by its code: once it exists, it is fixed.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is switched off, never deleted


@admin.register(PaymentHolding)
class PaymentHoldingAdmin(CodeListAdmin[PaymentHolding]):
    pass


@admin.register(ShortBreakKind)
class ShortBreakKindAdmin(CodeListAdmin[ShortBreakKind]):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The emergency activation screen opens an emergency break: that kind may be renamed, not switched off.
        if obj is not None and obj.is_emergency():
            return ("code", "disabled_on")
        return super().get_readonly_fields(request, obj)
