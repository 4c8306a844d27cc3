"""The contacts panel on a carer's record: the quick log and the latest contacts."""

from typing import TYPE_CHECKING

from django.utils import timezone

from carershub.people.panels import Panel
from carershub.support.forms import AskForFeedbackForm, ContactForm
from carershub.support.selectors import (
    colleagues_of,
    contacts_of,
    enabled_contact_kinds,
    open_series_of,
    works_on_support,
)

if TYPE_CHECKING:
    from carershub.accounts.models import User
    from carershub.people.models import Person

# The record shows the latest few; the rest are a link away, paged (the record's query count stays constant).
LATEST_CONTACTS = 5


def contacts_panel(user: "User", person: "Person") -> Panel | None:
    """Only those who record support see it (the record itself is already audited as viewed)."""
    if not works_on_support(user):
        return None
    open_series = open_series_of(person)
    form = ContactForm(
        kinds=enabled_contact_kinds(),
        colleagues=colleagues_of(user),
        me=user,
        open_series=open_series,
        today=timezone.localdate(),
    )
    latest = list(contacts_of(person)[: LATEST_CONTACTS + 1])
    return Panel(
        "support/panels/contacts.html",
        {
            "form": form,
            "contacts": latest[:LATEST_CONTACTS],
            "has_more": len(latest) > LATEST_CONTACTS,
            "open_series": open_series,
            "feedback_form": AskForFeedbackForm(prefix="feedback"),
        },
    )
