"""Tags for the page layout (base.html)."""

from django import template

from carershub.core.links import cached_reverse

register = template.Library()


@register.simple_tag
def layout_url(url_name: str) -> str:
    """{% url %} for a link without arguments that every page shows, reversed once rather than on every page."""
    return cached_reverse(url_name)
