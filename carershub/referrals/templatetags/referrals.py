"""A referral's urgency as a GOV.UK tag: the words carry the meaning, the colour only repeats it. A tag rather than an
included template, because lists show one per row and an include costs a template render each time."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# The tag's words and colour for each urgency (Referral.Urgency); anything else is routine.
_TAGS = {"urgent": ("Urgent", "govuk-tag--red"), "soon": ("Within a week", "govuk-tag--orange")}
_ROUTINE = ("Routine", "govuk-tag--grey")


@register.simple_tag
def urgency_tag(urgency: str) -> SafeString:
    words, colour = _TAGS.get(urgency, _ROUTINE)
    return format_html('<strong class="govuk-tag {}">{}</strong>', colour, words)
