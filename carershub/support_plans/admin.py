"""Support plans, direct payments, plan reviews and short breaks are not in the admin: they hold personal data, so
they are seen through the audited pages and changed only through the services (as contingency plans are).

The admin holds only the council's own code lists (docs/code-lists.md): renamed, reordered and switched off with
`disabled_on`, never deleted, because records point at the entry they used."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carershub.core.admin import ReferenceDataAdmin
from carershub.support_plans.models import PaymentHolding, ShortBreakKind


@admin.register(PaymentHolding)
class PaymentHoldingAdmin(ReferenceDataAdmin[PaymentHolding]):
    pass


@admin.register(ShortBreakKind)
class ShortBreakKindAdmin(ReferenceDataAdmin[ShortBreakKind]):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The emergency activation screen opens an emergency break: that kind may be renamed, not switched off.
        if obj is not None and obj.is_emergency():
            return ("code", "disabled_on")
        return super().get_readonly_fields(request, obj)
