"""Staff pages about people: finding a person, and a carer's record."""

from dataclasses import dataclass
from typing import Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carershub.accounts.models import Role, User
from carershub.core.access import AuthenticatedHttpRequest
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.people.forms import (
    AddCaredForForm,
    CaredForDetailsForm,
    EndCaringForm,
    PersonDetailsForm,
    PersonSearchForm,
    UndoMergeForm,
    search_query_kind,
)
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.people.panels import panels_for
from carershub.people.rules import CarerCategory, carer_categories
from carershub.people.selectors import (
    PERSON_RECORD_ROLES,
    carer_facts,
    get_person_for_user,
    merged_into,
    people_visible_to,
    pin_same_person_ids,
    same_person_ids,
    search_people,
    timeline_for,
)
from carershub.people.services.details import PersonDetailsInvalid, StaleEdit, register_person, update_person
from carershub.people.services.merges import unmerge_person
from carershub.people.services.relationships import (
    add_caring_relationship,
    end_caring_relationship,
    update_cared_for_details,
)

TIMELINE_PAGE_SIZE = 50
SEARCH_LIMIT = 50
# In the order a practitioner thinks of them: by age first, then the kind of caring, then work.
CARER_CATEGORY_LABELS: Final = {
    CarerCategory.YOUNG_CARER: "Young carer",
    CarerCategory.YOUNG_ADULT_CARER: "Young adult carer",
    CarerCategory.ADULT_CARER: "Adult carer",
    CarerCategory.PARENT_CARER: "Parent carer",
    CarerCategory.KINSHIP_CARER: "Kinship carer",
    CarerCategory.WORKING_CARER: "Working carer",
}
_CARE_TASKS: Final = dict(CaringRelationship.CareTask.choices)
_CONDITIONS: Final = dict(CaringRelationship.Condition.choices)


@dataclass(frozen=True)
class CaringRow:
    """One caring relationship seen from the record's person: the other person, and whether the user may see them."""

    other: Person
    may_see_other: bool
    relationship: CaringRelationship
    care_tasks: list[str]
    conditions: list[str]


@login_required
@require_GET
@transaction.atomic
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    # Only caseworkers look people up; for anyone else (commissioners, responders) the page does not exist.
    if not user.roles & PERSON_RECORD_ROLES:
        raise Http404
    form = PersonSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    people = search_people(user, query, limit=SEARCH_LIMIT) if query else []
    if query:
        # Who searched and for what kind of thing, but never the words: they are personal data.
        record_event(
            AuditEvent.Kind.RECORD_VIEWED,
            actor=user,
            purpose="person search",
            detail={"query_kind": search_query_kind(query), "results": len(people)},
        )
    return render(
        request,
        "people/search.html",
        {"form": form, "query": query, "people": people, "limit_reached": len(people) == SEARCH_LIMIT},
    )


@login_required
@require_GET
@transaction.atomic
def detail(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = get_person_for_user(user, person_id)
    # Relationships and consents recorded on duplicates merged into this record belong to the same person. The
    # page only reads, so the ids are read once for it and every panel (each would otherwise ask again).
    this_person = pin_same_person_ids(person)
    today = timezone.localdate()
    facts = carer_facts(person, on=today)
    categories = carer_categories(facts)
    caring_for = list(
        CaringRelationship.objects.filter(area=person.area_id, carer_id__in=this_person)
        .select_related("cared_for")
        .order_by("ended_on", "pk")
    )
    cared_for_by = list(
        CaringRelationship.objects.filter(area=person.area_id, cared_for_id__in=this_person)
        .select_related("carer")
        .order_by("ended_on", "pk")
    )
    others = {relationship.cared_for_id for relationship in caring_for} | {r.carer_id for r in cared_for_by}
    visible_ids = set(people_visible_to(user).filter(pk__in=others).values_list("pk", flat=True))
    consents = (
        Consent.objects.filter(area=person.area_id, person_id__in=this_person)
        .select_related("organisation", "recorded_by", "withdrawn_by")
        .order_by("withdrawn_at", "-given_at", "-pk")
    )
    timeline = Paginator(timeline_for(person), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    record_event(AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=person, area=person.area, purpose="person record")
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "age": facts.age,
            "categories": [label for category, label in CARER_CATEGORY_LABELS.items() if category in categories],
            "caring_for": [_caring_row(r, r.cared_for, visible_ids) for r in caring_for],
            "cared_for_by": [_caring_row(r, r.carer, visible_ids) for r in cared_for_by],
            "consents": list(consents),
            "panels": panels_for(user, person),
            "may_undo_merges": user.has_role(Role.MANAGER),
            "timeline": timeline,
            "page": timeline,
            "page_range": timeline.paginator.get_elided_page_range(timeline.number, on_each_side=1, on_ends=1),
        },
    )


def _caring_row(relationship: CaringRelationship, other: Person, visible_ids: set[int]) -> CaringRow:
    return CaringRow(
        other=other,
        may_see_other=other.pk in visible_ids,
        relationship=relationship,
        care_tasks=[str(_CARE_TASKS.get(task, task)) for task in relationship.care_tasks],
        conditions=[str(_CONDITIONS.get(condition, condition)) for condition in relationship.conditions],
    )


def _person_for_manager(user: User, person_id: int) -> Person:
    """The surviving record, for a manager who may see it; for anyone else the same 404 as a missing person."""
    if not user.has_role(Role.MANAGER):
        raise Http404("No person found")
    return get_person_for_user(user, person_id)


def _render_merges(
    request: AuthenticatedHttpRequest, person: Person, *, failed: tuple[int, UndoMergeForm] | None = None
) -> HttpResponse:
    duplicates = merged_into(person)
    forms = {duplicate.pk: UndoMergeForm(prefix=f"undo-{duplicate.pk}") for duplicate in duplicates}
    if failed is not None:
        forms[failed[0]] = failed[1]
    record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=request.user,
        subject=person,
        area=person.area,
        purpose="merged records",
        detail={"merged": [duplicate.pk for duplicate in duplicates]},
    )
    return render(
        request,
        "people/merges.html",
        {
            "person": person,
            "merges": [(duplicate, forms[duplicate.pk]) for duplicate in duplicates],
            "form": failed[1] if failed is not None else None,
        },
        status=400 if failed is not None else 200,
    )


@login_required
@require_GET
@transaction.atomic
def merges(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """The records merged into this one, each with "Undo this merge". Managers only."""
    return _render_merges(request, _person_for_manager(request.user, person_id))


@login_required
@require_POST
@transaction.atomic
def undo_merge(request: AuthenticatedHttpRequest, person_id: int, duplicate_id: int) -> HttpResponse:
    person = _person_for_manager(request.user, person_id)
    duplicate = next((record for record in merged_into(person) if record.pk == duplicate_id), None)
    if duplicate is None:
        raise Http404("No person found")
    form = UndoMergeForm(request.POST, prefix=f"undo-{duplicate.pk}")
    if not form.is_valid():
        return _render_merges(request, person, failed=(duplicate.pk, form))
    try:
        unmerge_person(duplicate, unmerged_by=request.user, reason=form.cleaned_data["reason"])
    except PersonDetailsInvalid as invalid:
        add_errors(form, invalid.errors)
        return _render_merges(request, person, failed=(duplicate.pk, form))
    messages.success(request, f"The record of {duplicate.full_name} is separate again")
    return redirect("people:merges", person_id=person.pk)


STALE_EDIT_MESSAGE = (
    "Someone else changed these details while you were editing. Their version is shown under each field you "
    "changed; check it, then save again"
)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def edit_details(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Correct or add a carer's details. Staff of an organisation working with the carer (and the council)."""
    user = request.user
    person = get_person_for_user(user, person_id)
    current: Person | None = None
    if request.method == "POST":
        form = PersonDetailsForm(request.POST, person=person)
        if form.is_valid():
            try:
                update_person(person, changed_by=user, expected_version=form.cleaned_data["version"], **form.changes())
            except StaleEdit as stale:
                current = stale.current
                form.add_error(None, STALE_EDIT_MESSAGE)
            except PersonDetailsInvalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, "Details saved")
                return redirect(person)
    else:
        form = PersonDetailsForm(initial=PersonDetailsForm.initial_for(person), person=person)
        record_event(
            AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=person, area=person.area, purpose="correct details"
        )
    if current is not None:
        # Keep what they typed, on top of the version now saved, so nothing is lost and the next save is not stale.
        data = request.POST.copy()
        data["version"] = str(current.version)
        form.data = data
    return render(request, "people/edit_details.html", {"person": person, "form": form, "current": current})


def _carers_relationship(carer: Person, relationship_id: int) -> CaringRelationship:
    """One of the carer's caring relationships (or a merged duplicate's); any other is a 404."""
    relationship = (
        CaringRelationship.objects.filter(area=carer.area_id, carer_id__in=same_person_ids(carer), pk=relationship_id)
        .select_related("cared_for")
        .first()
    )
    if relationship is None:
        raise Http404("No caring relationship found")
    return relationship


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def add_cared_for(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Record someone else the carer looks after, from the carer's record."""
    user = request.user
    carer = get_person_for_user(user, person_id)
    form = AddCaredForForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cared_for = register_person(
                area=carer.area,
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
                registered_by=user,
            )
            add_caring_relationship(
                carer,
                cared_for,
                relationship=data["relationship"],
                added_by=user,
                has_parental_responsibility=data["has_parental_responsibility"],
                conditions=list(data["conditions"]),
            )
        except PersonDetailsInvalid as invalid:
            transaction.set_rollback(True)  # the person is not registered without the relationship
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"{cared_for.full_name} added")
            return redirect(carer)
    return render(request, "people/add_cared_for.html", {"carer": carer, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def end_caring(request: AuthenticatedHttpRequest, person_id: int, relationship_id: int) -> HttpResponse:
    """Record the day the carer stopped caring for someone; the relationship is kept, ended."""
    user = request.user
    carer = get_person_for_user(user, person_id)
    relationship = _carers_relationship(carer, relationship_id)
    form = EndCaringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end_caring_relationship(relationship, ended_by=user, ended_on=form.cleaned_data["ended_on"])
        except PersonDetailsInvalid as invalid:
            add_errors(form, invalid.errors)
        else:
            messages.success(request, f"Caring for {relationship.cared_for.full_name} ended")
            return redirect(carer)
    return render(request, "people/end_caring.html", {"carer": carer, "relationship": relationship, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def edit_cared_for(request: AuthenticatedHttpRequest, person_id: int, relationship_id: int) -> HttpResponse:
    """Correct what a carer's record says about someone they care for (date of birth, disability, conditions)."""
    user = request.user
    carer = get_person_for_user(user, person_id)
    relationship = _carers_relationship(carer, relationship_id)
    cared_for = relationship.cared_for
    stale = False
    if request.method == "POST":
        form = CaredForDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update_cared_for_details(
                    relationship,
                    changed_by=user,
                    expected_version=data["version"],
                    date_of_birth=data["date_of_birth"],
                    disability=data["disability"] or "",
                    conditions=list(data["conditions"]),
                )
            except StaleEdit as edit:
                stale = True
                form.add_error(None, STALE_EDIT_MESSAGE)
                posted = request.POST.copy()
                posted["version"] = str(edit.current.version)
                form.data = posted
            except PersonDetailsInvalid as invalid:
                add_errors(form, invalid.errors)
            else:
                messages.success(request, f"Details of {cared_for.full_name} saved")
                return redirect(carer)
    else:
        form = CaredForDetailsForm(
            initial={
                "version": cared_for.version,
                "date_of_birth": cared_for.date_of_birth,
                "disability": cared_for.disability,
                "conditions": relationship.conditions,
            }
        )
        record_event(
            AuditEvent.Kind.RECORD_VIEWED, actor=user, subject=cared_for, area=carer.area, purpose="correct details"
        )
    return render(
        request,
        "people/edit_cared_for.html",
        {"carer": carer, "cared_for": cared_for, "relationship": relationship, "form": form, "stale": stale},
    )
