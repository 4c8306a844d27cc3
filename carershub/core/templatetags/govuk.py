"""GOV.UK template tags, available in every template without {% load %} (a builtin in settings.TEMPLATES)."""

from typing import Any

from django import template
from django.forms import BaseForm, BoundField

from carershub.core.forms import GovukBoundField

register = template.Library()


@register.inclusion_tag("govuk/forms/error-summary.html")
def govuk_error_summary(form: BaseForm) -> dict[str, Any]:
    """GOV.UK error summary for the top of the page: every problem in the form, each linking to its input.

    Problems that belong to no visible input (the form's own, a hidden field's) are listed without a link.
    An unbound or valid form renders nothing.
    """
    errors = [{"text": message, "href": ""} for message in form.non_field_errors()]
    for bound_field in form:
        href = "" if bound_field.is_hidden else f"#{_error_target_id(bound_field)}"
        errors.extend({"text": message, "href": href} for message in bound_field.errors)
    return {"errors": errors}


def _error_target_id(bound_field: BoundField) -> str:
    if isinstance(bound_field, GovukBoundField):
        return bound_field.error_target_id
    # A form with its own renderer or bound field class: Django's idea of the field's first input.
    return bound_field.id_for_label or bound_field.auto_id
