"""People in the admin. Changes go through the services, so the admin audits and validates like every other door;
nobody can delete a person or rewrite what was recorded. Staff other than superusers see only the people the
selectors let them see."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import pluralize
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.forms import add_errors
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area
from carershub.organisations.selectors import areas_of
from carershub.people.forms import search_query_kind
from carershub.people.models import CaringRelationship, Consent, EthnicCategory, Involvement, Person, TimelineEntry
from carershub.people.selectors import people_visible_to
from carershub.people.services.consent import check_consent, record_consent, withdraw_consent
from carershub.people.services.details import (
    CHANGEABLE_PERSON_FIELDS,
    PersonDetailsInvalid,
    check_person_details,
    register_person,
    update_person,
)
from carershub.people.services.involvement import end_involvement
from carershub.people.services.relationships import (
    RELATIONSHIP_DETAILS,
    add_caring_relationship,
    check_caring_relationship,
    end_caring_relationship,
)

PERSON_FOREIGN_KEYS = frozenset({"person", "carer", "cared_for"})


def _staff_member(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _visible_people(request: HttpRequest) -> QuerySet[Person]:
    user = _staff_member(request)
    return Person.objects.all() if user.is_superuser else people_visible_to(user)


class AuditedReadsAdmin[ModelT: Person | CaringRelationship | Consent | Involvement | TimelineEntry](
    admin.ModelAdmin[ModelT]
):
    """Every read of person data in the admin is audited like the same read on the staff pages: a list or search
    names the rows it showed (and what kind of thing was searched for, never the words: they are personal data);
    a change page and its history name their row."""

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        changelist = super().get_changelist_instance(request)
        if request.method == "GET":
            query = changelist.query
            record_event(
                AuditEvent.Kind.RECORD_VIEWED,
                actor=_staff_member(request),
                purpose="administration",
                detail={
                    "model": self.model._meta.label_lower,
                    "ids": [row.pk for row in changelist.result_list],
                    **({"query_kind": search_query_kind(query)} if query else {}),
                },
            )
        return changelist

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._record_view(request, object_id)
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._record_view(request, object_id)
        return response

    def _record_view(self, request: HttpRequest, object_id: str) -> None:
        row = self.get_object(request, object_id)
        if row is not None:
            record_event(
                AuditEvent.Kind.RECORD_VIEWED,
                actor=_staff_member(request),
                subject=row,
                area=row.area,
                purpose="administration",
            )


class PersonScopedAdmin[ModelT: CaringRelationship | Consent | Involvement | TimelineEntry](AuditedReadsAdmin[ModelT]):
    """Rows about people: listed only for people the member of staff may see, and never deleted."""

    person_field = "person"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModelT]:
        queryset = super().get_queryset(request)
        if _staff_member(request).is_superuser:
            return queryset
        return queryset.filter(**{f"{self.person_field}__in": people_visible_to(_staff_member(request))})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name in PERSON_FOREIGN_KEYS:
            kwargs["queryset"] = _visible_people(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PersonAdminForm(forms.ModelForm[Person]):
    # Longer than the stored values: people type spaces, which the service takes out ("943 476 5919").
    nhs_number = forms.CharField(label="NHS number", max_length=20, required=False)
    postcode = forms.CharField(max_length=20, required=False)
    phone = forms.CharField(max_length=30, required=False)

    class Meta:
        model = Person
        fields = ("area", *sorted(CHANGEABLE_PERSON_FIELDS))

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        names = CHANGEABLE_PERSON_FIELDS if self.instance.pk is None else set(self.changed_data)
        try:
            tidied = check_person_details({name: cleaned_data[name] for name in names if name in cleaned_data})
        except PersonDetailsInvalid as invalid:
            add_errors(self, invalid.errors)
        else:
            cleaned_data.update(tidied)
        return cleaned_data


@admin.register(Person)
class PersonAdmin(AuditedReadsAdmin[Person]):
    form = PersonAdminForm
    list_display = ("family_name", "given_name", "date_of_birth", "postcode", "area", "merged_into")
    list_filter = ("area",)
    search_fields = ("given_name", "family_name", "preferred_name", "nhs_number", "postcode")
    list_select_related = ("area",)
    readonly_fields = ("merged_into", "merged_at", "created_at", "created_by", "updated_at", "updated_by")
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return _visible_people(request)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "area" and not _staff_member(request).is_superuser:
            kwargs["queryset"] = areas_of(_staff_member(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> tuple[str, ...]:
        # A record never moves between areas (tenants).
        return (*self.readonly_fields, "area") if obj is not None else tuple(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Person, form: forms.ModelForm[Person], change: bool) -> None:
        user = _staff_member(request)
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in CHANGEABLE_PERSON_FIELDS}
            update_person(obj, changed_by=user, **changes)
            return
        details = {name: form.cleaned_data[name] for name in CHANGEABLE_PERSON_FIELDS}
        area: Area = form.cleaned_data["area"]
        obj.pk = register_person(area=area, registered_by=user, **details).pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a duplicate is merged, which can be undone; nobody's record is deleted


class CaringRelationshipAdminForm(forms.ModelForm[CaringRelationship]):
    class Meta:
        model = CaringRelationship
        fields = ("carer", "cared_for", "relationship", *sorted(RELATIONSHIP_DETAILS))

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        carer, cared_for = cleaned_data.get("carer"), cleaned_data.get("cared_for")
        if self.instance.pk is None and carer is not None and cared_for is not None:
            details = {name: cleaned_data[name] for name in RELATIONSHIP_DETAILS if name in cleaned_data}
            try:
                check_caring_relationship(
                    carer, cared_for, relationship=cleaned_data.get("relationship", ""), **details
                )
            except PersonDetailsInvalid as invalid:
                add_errors(self, invalid.errors)
        return cleaned_data


@admin.register(CaringRelationship)
class CaringRelationshipAdmin(PersonScopedAdmin[CaringRelationship]):
    form = CaringRelationshipAdminForm
    person_field = "carer"
    list_display = ("carer", "cared_for", "relationship", "hours_band", "caring_since", "ended_on")
    list_filter = ("area", "relationship")
    list_select_related = ("carer", "cared_for")
    raw_id_fields = ("carer", "cared_for")
    actions = ("end_today",)

    def get_readonly_fields(self, request: HttpRequest, obj: CaringRelationship | None = None) -> list[str]:
        # What was recorded stays as recorded; ending a relationship is the one change, through the action.
        if obj is None:
            return []
        return [field.name for field in self.model._meta.fields]

    def save_model(
        self,
        request: HttpRequest,
        obj: CaringRelationship,
        form: forms.ModelForm[CaringRelationship],
        change: bool,
    ) -> None:
        details = {name: form.cleaned_data[name] for name in RELATIONSHIP_DETAILS}
        caring = add_caring_relationship(
            form.cleaned_data["carer"],
            form.cleaned_data["cared_for"],
            relationship=form.cleaned_data["relationship"],
            added_by=_staff_member(request),
            **details,
        )
        obj.pk = caring.pk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description="End the selected caring relationships today", permissions=["change"])
    def end_today(self, request: HttpRequest, queryset: QuerySet[CaringRelationship]) -> None:
        relationships = list(queryset)
        for relationship in relationships:
            end_caring_relationship(relationship, ended_by=_staff_member(request), ended_on=timezone.localdate())
        count = len(relationships)
        self.message_user(request, f"Ended {count} caring relationship{pluralize(count)}.", messages.SUCCESS)


class ConsentAdminForm(forms.ModelForm[Consent]):
    class Meta:
        model = Consent
        fields = (
            "person",
            "scope",
            "organisation",
            "recipient_kind",
            "channel",
            "given_by",
            "given_by_name",
            "given_at",
        )

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        person, given_at = cleaned_data.get("person"), cleaned_data.get("given_at")
        if self.instance.pk is None and person is not None and given_at is not None:
            try:
                check_consent(
                    person,
                    scope=cleaned_data.get("scope", ""),
                    given_by=cleaned_data.get("given_by", ""),
                    given_at=given_at,
                    organisation=cleaned_data.get("organisation"),
                    recipient_kind=cleaned_data.get("recipient_kind", ""),
                    channel=cleaned_data.get("channel", ""),
                )
            except PersonDetailsInvalid as invalid:
                add_errors(self, invalid.errors)
        return cleaned_data


@admin.register(Consent)
class ConsentAdmin(PersonScopedAdmin[Consent]):
    form = ConsentAdminForm
    list_display = ("person", "scope", "organisation", "recipient_kind", "given_by", "given_at", "withdrawn_at")
    list_filter = ("area", "scope", "given_by")
    list_select_related = ("person", "organisation")
    raw_id_fields = ("person",)
    readonly_fields = ("withdrawn_at", "withdrawn_by")
    actions = ("withdraw",)

    def get_readonly_fields(self, request: HttpRequest, obj: Consent | None = None) -> list[str]:
        # Consent is a record of what was agreed, when and by whom: it is withdrawn, never rewritten.
        if obj is None:
            return list(self.readonly_fields)
        return [field.name for field in self.model._meta.fields]

    def save_model(self, request: HttpRequest, obj: Consent, form: forms.ModelForm[Consent], change: bool) -> None:
        data = form.cleaned_data
        consent = record_consent(
            data["person"],
            scope=data["scope"],
            given_by=data["given_by"],
            recorded_by=_staff_member(request),
            given_at=data["given_at"],
            organisation=data.get("organisation"),
            recipient_kind=data.get("recipient_kind", ""),
            channel=data.get("channel", ""),
            given_by_name=data.get("given_by_name", ""),
        )
        obj.pk = consent.pk

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description="Withdraw the selected consents", permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Consent]) -> None:
        consents = list(queryset)
        for consent in consents:
            withdraw_consent(consent, withdrawn_by=_staff_member(request))
        count = len(consents)
        self.message_user(request, f"Withdrew {count} consent{pluralize(count)}.", messages.SUCCESS)


@admin.register(EthnicCategory)
class EthnicCategoryAdmin(admin.ModelAdmin[EthnicCategory]):
    list_display = ("code", "name", "group", "order", "disabled_on")
    search_fields = ("code", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data is disabled, never deleted


@admin.register(Involvement)
class InvolvementAdmin(PersonScopedAdmin[Involvement]):
    """Involvements are opened by referrals and cases; here they can be read, and ended."""

    list_display = ("person", "organisation", "reason", "started_at", "ended_at")
    list_filter = ("area", "reason", "organisation")
    list_select_related = ("person", "organisation")
    actions = ("end_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description="End the selected involvements now", permissions=["change"])
    def end_now(self, request: HttpRequest, queryset: QuerySet[Involvement]) -> None:
        involvements = list(queryset.select_related("person", "organisation"))
        for involvement in involvements:
            end_involvement(
                involvement.person,
                involvement.organisation,
                reason=involvement.reason,
                ended_by=_staff_member(request),
            )
        count = len(involvements)
        self.message_user(request, f"Ended {count} involvement{pluralize(count)}.", messages.SUCCESS)


@admin.register(TimelineEntry)
class TimelineEntryAdmin(PersonScopedAdmin[TimelineEntry]):
    list_display = ("occurred_at", "person", "kind", "summary", "organisation", "actor")
    list_filter = ("area", "kind")
    list_select_related = ("person", "organisation", "actor")
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
