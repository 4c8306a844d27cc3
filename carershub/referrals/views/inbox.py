"""The provider's inbox of referrals: filtered by status, cohort and urgency, sorted by column, a page at a time."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.links import RowUrl
from carershub.core.models import AuditEvent
from carershub.people.models import NAME_NOT_KNOWN, full_name_columns
from carershub.referrals.forms import InboxFilterForm
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.selectors import CASEWORK_ROLES, inbox_counts, inbox_for
from carershub.referrals.views.detail import age_or_none

INBOX_PAGE_SIZE = 50


# The columns the inbox shows: a whole referral and carer row is about 60 columns, and building them for 50 rows
# was a fifth of the page's time (issue 10).
_INBOX_COLUMNS = (
    "reference",
    "carer_name_as_referred",
    "awaits_consent_to_share",
    "cohort",
    "urgency",
    "source",
    "received_at",
    "status",
    "carer",
    *full_name_columns("carer"),
    "carer__date_of_birth",
)


@dataclass(frozen=True)
class InboxRow:
    """One referral as its row shows it, worked out once in the view (no per-row template lookups or reverse())."""

    referral: Referral
    reference: str
    url: str
    # The carer's name from their record when it is open to the user, otherwise as the referrer gave it.
    carer_name: str
    record_not_open: bool
    carer_age: int | None
    cohort: str
    urgency: str  # shown by the {% urgency_tag %} tag, as on the referral page and My work
    source: str
    received_at: datetime
    status: str


@dataclass(frozen=True)
class SortableColumn:
    """A column header that sorts the inbox: the ?sort= its link asks for, and its aria-sort state now."""

    label: str
    sort: str
    aria_sort: str


@dataclass(frozen=True)
class SelectedFilter:
    label: str
    remove_href: str


@login_required
@require_GET
@transaction.atomic
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # Only caseworkers have an inbox; for anyone else (commissioners, responders) the page does not exist.
    if not user.roles & CASEWORK_ROLES:
        raise Http404
    counts = inbox_counts(user)
    filter_form = InboxFilterForm(request.GET, counts=counts)
    filters = filter_form.filters()
    referrals = inbox_for(user, **filters).only(*_INBOX_COLUMNS)
    page = Paginator(referrals, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(page, today=timezone.localdate())
    status = Referral.Status(filters["status"])
    # The inbox shows carers' names and ages: who looked at which page of it is recorded like any other view.
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="referral inbox",
        detail={"references": [row.reference for row in rows]},
    )
    return render(
        request,
        "referrals/inbox.html",
        {
            "filter_form": filter_form,
            "status": status,
            "status_count": page.paginator.count,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "rows": rows,
            "columns": _sortable_columns(filters["sort"]),
            "selected_filters": _selected_filters(filters),
            "clear_filters_query": urlencode({"status": status.value, "sort": filters["sort"]}),
        },
    )


def _rows(referrals: Iterable[Referral], *, today: date) -> list[InboxRow]:
    referral_url = RowUrl("referrals:detail", marker="REFERENCEMARKER")
    cohorts = {value: str(label) for value, label in Cohort.choices}
    sources = {value: str(label) for value, label in Referral.Source.choices}
    statuses = {value: str(label) for value, label in Referral.Status.choices}
    rows = []
    for referral in referrals:
        # record_visible is annotated by inbox_for (people.selectors.whose_person_is_visible_to).
        record_visible: bool = referral.record_visible  # type: ignore[attr-defined]
        carer = referral.carer
        rows.append(
            InboxRow(
                referral=referral,
                reference=referral.reference,
                url=referral_url(referral.reference),
                carer_name=carer.full_name if record_visible else referral.carer_name_as_referred or NAME_NOT_KNOWN,
                record_not_open=not record_visible and referral.awaits_consent_to_share,
                carer_age=age_or_none(carer.date_of_birth, today) if record_visible else None,
                cohort=cohorts.get(referral.cohort, referral.cohort),
                urgency=referral.urgency,
                source=sources.get(referral.source, referral.source),
                received_at=referral.received_at,
                status=statuses.get(referral.status, referral.status),
            )
        )
    return rows


# Per column: (label, the sort its header asks for first, the other direction). "urgency" is most urgent first,
# which is a descending order of urgency.
_COLUMN_SORTS = (
    ("Carer", "family_name", "-family_name"),
    ("Urgency", "urgency", "-urgency"),
    ("Received", "-received_at", "received_at"),
)
_ARIA_SORT = {
    "family_name": "ascending",
    "-family_name": "descending",
    "urgency": "descending",
    "-urgency": "ascending",
    "received_at": "ascending",
    "-received_at": "descending",
}


def _sortable_columns(current: str) -> dict[str, SortableColumn]:
    columns = {}
    for label, first, second in _COLUMN_SORTS:
        if current == first:
            columns[label] = SortableColumn(label, second, _ARIA_SORT[first])
        elif current == second:
            columns[label] = SortableColumn(label, first, _ARIA_SORT[second])
        else:
            columns[label] = SortableColumn(label, first, "none")
    return columns


def _selected_filters(filters: dict[str, Any]) -> list[tuple[str, list[SelectedFilter]]]:
    """MOJ "selected filters": each chosen cohort and urgency, with a link to the list without it."""
    data = QueryDict(mutable=True)
    for name in ("status", "cohort", "urgency", "sort"):
        data.setlist(name, filters[name] if isinstance(filters[name], list) else [filters[name]])
    categories = []
    for name, heading, labels in (
        ("cohort", "Cohort", dict(Cohort.choices)),
        ("urgency", "Urgency", dict(Referral.Urgency.choices)),
    ):
        chosen: list[str] = filters[name]
        items = []
        for value in chosen:
            query = data.copy()
            query.setlist(name, [other for other in chosen if other != value])
            items.append(SelectedFilter(str(labels[value]), "?" + query.urlencode()))
        if items:
            categories.append((heading, items))
    return categories
