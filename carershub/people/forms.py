"""Forms for the people pages. They check the shape of what was sent; selectors and services do the rest."""

import re
from typing import Literal

from django import forms

from carershub.people.rules import is_valid_nhs_number, normalise_postcode
from carershub.people.selectors import ISO_DATE, PHONE_QUERY, UK_DATE

QueryKind = Literal["nhs_number", "postcode", "date_of_birth", "phone", "name"]
SEARCH_MAX_LENGTH = 100


class SearchInput(forms.TextInput):
    input_type = "search"


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, NHS number, postcode or phone number",
        help_text="For a date of birth, use the format 27/3/2007.",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": f"Search must be {SEARCH_MAX_LENGTH} characters or fewer"},
    )


def search_query_kind(query: str) -> QueryKind:
    """What a search was for, in the order `people.selectors.search_people` tries: the audit log records this, never
    the words searched for, which are personal data."""
    text = query.strip()
    if is_valid_nhs_number("".join(text.split())):
        return "nhs_number"
    try:
        normalise_postcode(text)
    except ValueError:
        pass
    else:
        return "postcode"
    if UK_DATE.fullmatch(text) or ISO_DATE.fullmatch(text):
        return "date_of_birth"
    if PHONE_QUERY.fullmatch(text) and 10 <= len(re.sub(r"\D", "", text)) <= 13:
        return "phone"
    return "name"


UNMERGE_REASON_MAX_LENGTH = 2000


class UndoMergeForm(forms.Form):
    """Why a merged duplicate is not the same person after all: the audit log keeps the reason."""

    reason = forms.CharField(
        label="Why are these not the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=UNMERGE_REASON_MAX_LENGTH,
        error_messages={
            "required": "Enter why these records are not the same person",
            "max_length": f"Reason must be {UNMERGE_REASON_MAX_LENGTH} characters or fewer",
        },
    )
