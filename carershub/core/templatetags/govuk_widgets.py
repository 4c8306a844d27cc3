"""Widget markup written in Python where a template loop costs too much (`{% load govuk_widgets %}`)."""

from typing import Any

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attributes(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html writes them: False leaves the attribute out, True writes its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


@register.simple_tag
def attributes(attrs: dict[str, Any]) -> SafeString:
    """An input's attributes, as django/forms/widgets/attrs.html writes them (the radios' and checkboxes' items)."""
    return mark_safe(_attributes(attrs))  # noqa: S308  # names and values are escaped


@register.simple_tag
def select_options(widget: dict[str, Any]) -> SafeString:
    """A select's options and option groups, the same HTML the template loop wrote: a select listing every colleague
    (150 at a county's provider) spent 25 ms of the quick log's 45 in that loop."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        parts.append("\n    ")
        parts.extend(
            f'<option value="{escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n    "
            for option in options
        )
        parts.append("\n  ")
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308  # every value above is escaped
