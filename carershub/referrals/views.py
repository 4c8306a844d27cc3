"""Staff pages for referrals: the inbox, a referral, and the decisions on it (accept, reject, transfer, merge)."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.people.models import Person
from carershub.people.rules import age_on
from carershub.people.selectors import (
    consents_awaiting_competence_judgement,
    contact_channels_agreed,
    find_likely_duplicates,
    has_consent_to_share,
    people_visible_to,
)
from carershub.people.services import PersonDetailsInvalid, merge_people
from carershub.referrals.forms import (
    AcceptReferralForm,
    ConsentToShareForm,
    InboxFilterForm,
    OpenRecordWithoutConsentForm,
    RejectReferralForm,
    TransferReferralForm,
)
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.selectors import (
    CASEWORK_ROLES,
    can_decide,
    get_referral_for_user,
    get_referral_to_decide,
    inbox_counts,
    inbox_for,
    referrals_visible_to,
    transfer_destinations,
    transfers_of,
)
from carershub.referrals.services import (
    CompetenceJudgementNeeded,
    ConsentRequired,
    RecordNotOpen,
    ReferralInvalid,
    ReferralNotOpen,
    accept_referral,
    open_record_without_consent,
    record_consent_to_share,
    reject_referral,
    transfer_referral,
)

INBOX_PAGE_SIZE = 50
ACCEPT_PREFIX = "accept"
CONSENT_PREFIX = "consent"
OVERRIDE_PREFIX = "override"
REJECT_PREFIX = "reject"
TRANSFER_PREFIX = "transfer"


@dataclass(frozen=True)
class InboxRow:
    referral: Referral
    carer_age: int | None


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
    page = Paginator(inbox_for(user, **filters), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        # record_visible is annotated by inbox_for (people.selectors.whose_person_is_visible_to).
        InboxRow(referral, _age(referral.carer.date_of_birth, today) if referral.record_visible else None)  # type: ignore[attr-defined]
        for referral in page
    ]
    status = Referral.Status(filters["status"])
    # The inbox shows carers' names and ages: who looked at which page of it is recorded like any other view.
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        purpose="referral inbox",
        detail={"references": [row.referral.reference for row in rows]},
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


def _age(date_of_birth: date | None, today: date) -> int | None:
    if date_of_birth is None or date_of_birth > today:
        return None
    return age_on(date_of_birth, today)


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


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_for_user(request.user, reference)
    return _render_detail(request, referral)


def _render_detail(
    request: AuthenticatedHttpRequest,
    referral: Referral,
    *,
    accept_form: AcceptReferralForm | None = None,
    reject_form: RejectReferralForm | None = None,
    transfer_form: TransferReferralForm | None = None,
    consent_form: ConsentToShareForm | None = None,
    override_form: OpenRecordWithoutConsentForm | None = None,
) -> HttpResponse:
    """The referral page, with the forms as submitted when one of them had a problem. Showing it is audited.

    While the carer's record is closed to the provider (Referral.awaits_consent_to_share), its staff see the
    referral as it was sent and nothing from the record: not even whether the carer was already known."""
    user = request.user
    carer = referral.carer
    duplicates = [person for person in _likely_duplicates(carer) if person.pk != carer.pk]
    related_ids = [carer.pk, referral.cared_for_id, carer.merged_into_id, *(person.pk for person in duplicates)]
    visible_ids = set(
        people_visible_to(user).filter(pk__in=[pk for pk in related_ids if pk]).values_list("pk", flat=True)
    )
    # Shown from the record only while the user may see it: the council, which keeps the statutory duty, or a
    # provider working with the carer. Before consent opens it, and once the work has ended (rejected, case closed),
    # the page shows the carer as the referrer named them and nothing the record holds.
    record_closed = carer.pk not in visible_ids and carer.merged_into_id not in visible_ids
    if record_closed:
        duplicates, visible_ids = [], set()
    submitted_form: Form | None = None
    deciding = can_decide(user, referral)
    if deciding:
        accept_form = accept_form or _accept_form(referral)
        reject_form = reject_form or RejectReferralForm(prefix=REJECT_PREFIX)
        transfer_form = transfer_form or _transfer_form(user, referral)
        if referral.awaits_consent_to_share:
            consent_form = consent_form or ConsentToShareForm(prefix=CONSENT_PREFIX)
            if user.has_perm("referrals.override_consent"):
                override_form = override_form or OpenRecordWithoutConsentForm(prefix=OVERRIDE_PREFIX)
        forms = (accept_form, reject_form, transfer_form, consent_form, override_form)
        submitted_form = next((form for form in forms if form is not None and form.is_bound), None)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=carer,
        area=referral.area,
        purpose="referral review",
        detail={"referral": referral.reference} | ({"record_closed": True} if record_closed else {}),
    )
    today = timezone.localdate()
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "record_closed": record_closed,
            "contact_channels": [] if record_closed else contact_channels_agreed(carer),
            "carer_age": None if record_closed else _age(carer.date_of_birth, today),
            "cared_for_age": _age(referral.cared_for.date_of_birth, today)
            if referral.cared_for and not record_closed
            else None,
            "visible_ids": visible_ids,
            "can_decide": deciding,
            # Likely duplicates name other records: only those the user may already see are shown.
            "duplicates": [person for person in duplicates if person.pk in visible_ids],
            "may_merge": user.has_role(Role.MANAGER),
            "transfers": list(transfers_of(referral)),
            "accept_form": accept_form,
            "reject_form": reject_form,
            "transfer_form": transfer_form,
            "consent_form": consent_form,
            "override_form": override_form,
            "form": submitted_form,
        },
    )


def _likely_duplicates(carer: Person) -> list[Person]:
    if carer.is_merged():
        return []
    return find_likely_duplicates(
        carer.area,
        nhs_number=carer.nhs_number,
        given_name=carer.given_name,
        family_name=carer.family_name,
        date_of_birth=carer.date_of_birth,
        postcode=carer.postcode,
    )


def _accept_form(referral: Referral, data: QueryDict | None = None) -> AcceptReferralForm:
    return AcceptReferralForm(
        data,
        needs_competence_judgement=bool(consents_awaiting_competence_judgement(referral.carer)),
        prefix=ACCEPT_PREFIX,
    )


def _transfer_form(user: User, referral: Referral, data: QueryDict | None = None) -> TransferReferralForm:
    providers = transfer_destinations(referral)
    without_consent = frozenset(
        provider.pk for provider in providers if not has_consent_to_share(referral.carer, provider)
    )
    return TransferReferralForm(
        data,
        providers=providers,
        without_consent=without_consent,
        may_override=user.has_perm("referrals.override_consent"),
        prefix=TRANSFER_PREFIX,
    )


@login_required
@require_POST
@transaction.atomic
def accept(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    form = _accept_form(referral, request.POST)
    if not form.is_valid() and referral.is_open():
        return _render_detail(request, referral, accept_form=form)
    try:
        referral = accept_referral(
            referral,
            accepted_by=request.user,
            young_person_is_competent=form.cleaned_data.get("young_person_is_competent"),
        )
    except CompetenceJudgementNeeded:
        # The carer's consent changed between the page and the click: ask for the judgement now.
        return _render_detail(request, referral, accept_form=_accept_form(referral, request.POST))
    except RecordNotOpen:
        messages.error(request, "Record the carer's consent to share their record before accepting the referral")
    except ReferralNotOpen:
        messages.error(request, f"Referral {referral.reference} has already been decided")
    else:
        messages.success(request, f"Referral {referral.reference} accepted: {referral.provider} now has a case open")
    return redirect(referral)


@login_required
@require_POST
@transaction.atomic
def reject(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = RejectReferralForm(request.POST, prefix=REJECT_PREFIX)
    if form.is_valid():
        try:
            referral = reject_referral(referral, rejected_by=request.user, reason=form.cleaned_data["reason"])
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Referral {referral.reference} rejected")
            return redirect(referral)
    return _render_detail(request, referral, reject_form=form)


@login_required
@require_POST
@transaction.atomic
def transfer(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    referral = get_referral_to_decide(user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = _transfer_form(user, referral, request.POST)
    if form.is_valid():
        to_provider = form.cleaned_data["to_provider"]
        try:
            referral = transfer_referral(
                referral,
                to_provider=to_provider,
                transferred_by=user,
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ConsentRequired:
            form.add_error(
                "to_provider",
                f"The carer has not agreed to share their information with {to_provider}. "
                "Ask them, or a manager can override with a reason",
            )
        except ReferralInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Referral {referral.reference} transferred to {to_provider}")
            # Staff of the provider it came from can no longer see it.
            if referrals_visible_to(user).filter(pk=referral.pk).exists():
                return redirect(referral)
            return redirect("referrals:inbox")
    return _render_detail(request, referral, transfer_form=form)


@login_required
@require_POST
@transaction.atomic
def record_consent(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    referral = get_referral_to_decide(request.user, reference)
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = ConsentToShareForm(request.POST, prefix=CONSENT_PREFIX)
    if form.is_valid():
        try:
            referral = record_consent_to_share(referral, recorded_by=request.user, **form.cleaned_data)
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "Consent recorded: the carer's record is now open to you")
            return redirect(referral)
    return _render_detail(request, referral, consent_form=form)


@login_required
@require_POST
@transaction.atomic
def open_without_consent(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    referral = get_referral_to_decide(user, reference)
    # Without the override permission the form is not offered, and the answer is the same as for a missing page.
    if not user.has_perm("referrals.override_consent"):
        raise Http404("No referral found")
    if not referral.is_open():
        messages.error(request, f"Referral {referral.reference} has already been decided")
        return redirect(referral)
    form = OpenRecordWithoutConsentForm(request.POST, prefix=OVERRIDE_PREFIX)
    if form.is_valid():
        try:
            referral = open_record_without_consent(
                referral, opened_by=user, reason=form.cleaned_data["override_reason"]
            )
        except ReferralNotOpen:
            messages.error(request, f"Referral {referral.reference} has already been decided")
            return redirect(referral)
        except ReferralInvalid as invalid:
            _add_errors(form, invalid.errors)
        else:
            messages.success(request, "The carer's record is now open to you. Your reason has been recorded")
            return redirect(referral)
    return _render_detail(request, referral, override_form=form)


def _add_errors(form: Form, errors: dict[str, str]) -> None:
    """A service's errors beside the fields they are about; any other problem goes in the error summary."""
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


def _duplicate_for_manager(user: User, referral: Referral, person_id: int) -> Person:
    """A likely duplicate of the referral's carer that this manager may see, or a 404 like any record they may not
    see. Only managers merge records, and only into one found as a likely duplicate."""
    if not user.has_role(Role.MANAGER):
        raise Http404("No person found")
    duplicates = [person for person in _likely_duplicates(referral.carer) if person.pk == person_id]
    if not duplicates or person_id == referral.carer_id:
        raise Http404("No person found")
    if not people_visible_to(user).filter(pk=person_id).exists():
        raise Http404("No person found")
    return duplicates[0]


@login_required
@require_GET
@transaction.atomic
def confirm_merge(request: AuthenticatedHttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, reference)
    existing = _duplicate_for_manager(user, referral, person_id)
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=user,
        subject=existing,
        area=referral.area,
        purpose="duplicate check",
        detail={"referral": referral.reference},
    )
    return render(request, "referrals/confirm_merge.html", {"referral": referral, "existing": existing})


@login_required
@require_POST
def merge(request: AuthenticatedHttpRequest, reference: str, person_id: int) -> HttpResponse:
    user = request.user
    referral = get_referral_for_user(user, reference)
    existing = _duplicate_for_manager(user, referral, person_id)
    try:
        merge_people(referral.carer, into=existing, merged_by=user)
    except PersonDetailsInvalid as invalid:
        for message in invalid.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, f"The carer's record from referral {referral.reference} was merged into {existing}")
    return redirect(referral)
