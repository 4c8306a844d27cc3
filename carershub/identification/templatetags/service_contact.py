"""`{% service_contact area young=False %}`: how to reach the carers' support service, on every confirmation page
of a public form (settings.CARERSHUB_SERVICE_CONTACT)."""

from typing import Any

from django import template
from django.conf import settings

from carershub.organisations.models import Area

register = template.Library()


@register.inclusion_tag("identification/includes/service-contact.html")
def service_contact(area: Area, *, young: bool = False) -> dict[str, Any]:
    contact = dict(settings.CARERSHUB_SERVICE_CONTACT)
    return {"area": area, "young": young, **contact, "given": bool(contact.get("phone") or contact.get("email"))}
