"""Forms for the referral pages. They check the shape of what was sent; the services enforce the rules."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from carershub.organisations.models import Organisation
from carershub.people.models import Consent
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.selectors import DEFAULT_INBOX_SORT, INBOX_SORTS

REASON_MAX_LENGTH = 2000


class AcceptReferralForm(forms.Form):
    """Accepting a referral. A carer under 16 who agreed alone needs the practitioner's judgement of whether they
    understand enough to consent for themselves (Gillick competence); the field is there only then."""

    young_person_is_competent = forms.TypedChoiceField(
        label="Does the young person understand enough to agree for themselves?",
        help_text="They agreed to this referral on their own, and they are under 16. Record your judgement of "
        "their competence to consent. If they do not, a parent or guardian needs to agree.",
        choices=[("yes", "Yes, they are competent to decide"), ("no", "No, a parent or guardian needs to agree")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the young person understands enough to agree for themselves"},
    )

    def __init__(self, *args: Any, needs_competence_judgement: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_competence_judgement:
            del self.fields["young_person_is_competent"]


class InboxFilterForm(forms.Form):
    """The inbox's filters, sent by GET so that a filtered list can be bookmarked and works without JavaScript."""

    status = forms.ChoiceField(
        label="Status",
        choices=Referral.Status.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    cohort = forms.MultipleChoiceField(
        label="Cohort",
        choices=Cohort.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    urgency = forms.MultipleChoiceField(
        label="Urgency",
        choices=Referral.Urgency.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    sort = forms.ChoiceField(choices=[(sort, sort) for sort in INBOX_SORTS], required=False, widget=forms.HiddenInput)

    def __init__(self, query: QueryDict, *, counts: Mapping[str, int]) -> None:
        # A value that is not one of the choices (a hand-edited address) is dropped rather than shown as an error:
        # the list is still worth showing. With no status chosen, the inbox shows what waits for a decision.
        data = QueryDict(mutable=True)
        statuses = [value for value in query.getlist("status") if value in Referral.Status.values]
        data.setlist("status", statuses[:1] or [Referral.Status.OPEN])
        data.setlist("cohort", [value for value in query.getlist("cohort") if value in Cohort.values])
        data.setlist("urgency", [value for value in query.getlist("urgency") if value in Referral.Urgency.values])
        sorts = [value for value in query.getlist("sort") if value in INBOX_SORTS]
        data.setlist("sort", sorts[:1] or [DEFAULT_INBOX_SORT])
        super().__init__(data)
        status_field = cast(forms.ChoiceField, self.fields["status"])
        status_field.choices = [
            (status.value, f"{status.label} ({counts[status]})" if status in counts else status.label)
            for status in Referral.Status
        ]

    def filters(self) -> dict[str, Any]:
        """The filters to apply, as keyword arguments of `inbox_for`."""
        if not self.is_valid():  # cannot happen: the data holds only valid choices
            raise ValueError(self.errors.as_json())
        return dict(self.cleaned_data)


class RejectReferralForm(forms.Form):
    """Why the referral is rejected: the referrer is told."""

    reason = forms.CharField(
        label="Why are you rejecting this referral?",
        help_text="The referrer is told this reason.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": "Enter why the referral is being rejected",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )


class ProviderChoiceField(forms.ModelChoiceField[Organisation]):
    """A provider, labelled with whether the carer has agreed to share their information with it."""

    def __init__(self, *args: Any, without_consent: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.without_consent = without_consent

    def label_from_instance(self, obj: Organisation) -> str:
        if obj.pk in self.without_consent:
            return f"{obj.name} (the carer has not agreed to share with them)"
        return obj.name


class TransferReferralForm(forms.Form):
    """Where the referral goes and why. The consent override reason is asked for only from someone who may
    override, and only when the carer has not agreed to share with one of the providers offered."""

    to_provider = ProviderChoiceField(
        label="Which provider should this referral go to?",
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the provider to transfer the referral to",
            "invalid_choice": "Select a provider that works in this area",
        },
    )
    reason = forms.CharField(
        label="Why are you transferring this referral?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": "Enter why the referral is being transferred",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )
    override_reason = forms.CharField(
        label="Reason to share without the carer's consent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer"},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        providers: QuerySet[Organisation],
        without_consent: frozenset[int],
        may_override: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        # Evaluated once here; the template asks this rather than running the providers query again.
        self.has_providers = bool(providers)
        provider_field = cast(ProviderChoiceField, self.fields["to_provider"])
        provider_field.queryset = providers
        provider_field.without_consent = without_consent
        if may_override and without_consent:
            self.fields["override_reason"].help_text = (
                "Only if the provider you select is one the carer has not agreed to share with. Say why sharing is "
                "needed without their consent, for example a risk to their safety."
            )
        else:
            del self.fields["override_reason"]


class ConsentToShareForm(forms.Form):
    """The carer's agreement to share their record with this provider: who agreed, and how it reached staff."""

    given_by = forms.ChoiceField(
        label="Who agreed?",
        choices=[
            (Consent.GivenBy.SELF.value, "The carer themselves"),
            (Consent.GivenBy.PARENT_OR_GUARDIAN.value, "A parent or guardian on their behalf"),
            (Consent.GivenBy.COMPETENCE_JUDGEMENT.value, "The young person, judged competent to decide"),
            (Consent.GivenBy.REPRESENTATIVE.value, "A legal representative"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who agreed to share the carer's record"},
    )
    given_by_name = forms.CharField(
        label="Name of the person who agreed on the carer's behalf",
        help_text="Only if a parent, guardian or representative agreed.",
        required=False,
        max_length=150,
    )
    given_by_relationship = forms.CharField(
        label="What are they to the carer?",
        help_text="For example, mother or attorney.",
        required=False,
        max_length=100,
    )
    how_given = forms.ChoiceField(
        label="How did they agree?",
        choices=[
            (Consent.HowGiven.IN_PERSON.value, "In person"),
            (Consent.HowGiven.PHONE.value, "By phone"),
            (Consent.HowGiven.IN_WRITING.value, "In writing (letter or email)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they agreed"},
    )


class OpenRecordWithoutConsentForm(forms.Form):
    """A manager's reason to open the carer's record without their consent, kept with the referral and audited."""

    override_reason = forms.CharField(
        label="Why must the record be opened without the carer's consent?",
        help_text="For example, a risk to their safety or someone else's. This is kept with the referral.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": "Enter why the record must be opened without consent",
            "max_length": f"Reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )
