"""Forms for finding support, editing an entry, deciding on a change and signposting a carer. They check the shape
of what was sent; the services enforce the rules."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from carershub.directory.models import Service
from carershub.directory.rules.places import METRES_PER_MILE, read_place
from carershub.directory.selectors.search import ServiceFilters, find_origin, term_choices, terms_by_taxonomy
from carershub.organisations.models import Area
from carershub.support.models import Contact

DISTANCE_CHOICES = [
    ("", "Any distance"),
    ("1", "Within 1 mile"),
    ("3", "Within 3 miles"),
    ("5", "Within 5 miles"),
    ("10", "Within 10 miles"),
]


class FindSupportForm(forms.Form):
    """ "Find support for carers": every field optional, sent by GET so a search is a link."""

    q = forms.CharField(
        label="Search by words",
        help_text="For example, dementia, breaks or benefits",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search words must be 100 characters or fewer"},
    )
    need = forms.MultipleChoiceField(
        label="What do you need help with?", required=False, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.MultipleChoiceField(label="Who is it for?", required=False, widget=forms.CheckboxSelectMultiple)
    age = forms.IntegerField(
        label="Age of the carer (optional)",
        help_text="Young carers: enter your age to see groups for your age",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Age must be a number, like 12",
            "min_value": "Age must be 0 or more",
            "max_value": "Age must be 120 or less",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    place = forms.CharField(
        label="Town or postcode",
        help_text="A town, a full postcode or the first part of one, like MV1",
        required=False,
        max_length=60,
        error_messages={"max_length": "Town or postcode must be 60 characters or fewer"},
    )
    distance = forms.ChoiceField(label="Distance", choices=DISTANCE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = term_choices("needs", "audiences")  # one query for both, with the ids the search filters by
        cast(forms.ChoiceField, self.fields["need"]).choices = terms.choices["needs"]
        cast(forms.ChoiceField, self.fields["audience"]).choices = terms.choices["audiences"]
        self._term_ids = terms.ids
        self.distance_known = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._origin = None
        place = read_place(cleaned.get("place") or "")
        if place is not None and place.kind != "town":
            self._origin = find_origin(place)
            if self._origin is None:
                self.add_error("place", f"We do not know the postcode {place.value}. Check it, or enter a town")
        if cleaned.get("distance") and self._origin is None and "place" not in self.errors:
            self.add_error("place", "Enter a postcode to search by distance")
        return cleaned

    def filters(self, *, area_id: int | None = None) -> ServiceFilters:
        data = self.cleaned_data
        codes = list(data.get("need") or []) + list(data.get("audience") or [])
        # Only offered codes pass validation, so each has an id; sorted, so a search is the same whatever the order.
        term_ids = tuple(self._term_ids[code] for code in sorted(set(codes)))
        place = read_place(data.get("place") or "")
        distance = data.get("distance")
        return ServiceFilters(
            words=tuple((data.get("q") or "").split()[:10]),
            term_ids=term_ids,
            age=data.get("age"),
            origin=self._origin,
            within_metres=float(distance) * METRES_PER_MILE if distance and self._origin else None,
            town=place.value if place is not None and place.kind == "town" else "",
            area_id=area_id,
        )


class ServiceEntryForm(forms.Form):
    """A provider's change to its entry; `version` is the one the editor started from (stale edits are refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Name of the service", max_length=200, error_messages={"required": "Enter the name of the service"}
    )
    description = forms.CharField(
        label="What the service does",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Enter what the service does"},
    )
    alert = forms.CharField(
        label="Notice (optional)",
        help_text="A short notice shown at the top, such as a change of venue",
        required=False,
        max_length=300,
    )
    status = forms.ChoiceField(
        label="Is the service running?", choices=Service.Status.choices, widget=forms.RadioSelect
    )
    url = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    email = forms.EmailField(label="Email address (optional)", required=False)
    minimum_age = forms.IntegerField(label="Youngest age (optional)", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Oldest age (optional)", required=False, min_value=0, max_value=120)
    eligibility_description = forms.CharField(
        label="Who can use it (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    is_free = forms.TypedChoiceField(
        label="Is it free?",
        choices=[("True", "Yes, it is free"), ("False", "No, there is a charge")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    cost_amount = forms.DecimalField(
        label="Charge in pounds (optional)", required=False, min_value=Decimal("0"), max_digits=8, decimal_places=2
    )
    fees_description = forms.CharField(label="About the cost (optional)", required=False, max_length=300)
    access = forms.ChoiceField(label="How do carers get it?", choices=Service.Access.choices, widget=forms.RadioSelect)
    access_description = forms.CharField(
        label="How to get it, in your words (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    terms = forms.MultipleChoiceField(
        label="What it offers and who it is for", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped = terms_by_taxonomy()
        cast(forms.ChoiceField, self.fields["terms"]).choices = [
            (str(term.pk), term.name) for key in ("needs", "audiences", "conditions") for term in grouped[key]
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "Oldest age must be the same as or more than the youngest age")
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "name",
                "description",
                "alert",
                "status",
                "url",
                "email",
                "minimum_age",
                "maximum_age",
                "eligibility_description",
                "is_free",
                "fees_description",
                "access",
                "access_description",
            )
        }
        values["cost_amount"] = None if data["cost_amount"] is None else str(data["cost_amount"])
        values["taxonomy_term_ids"] = sorted(data["terms"])
        return values


class NewEntryForm(ServiceEntryForm):
    """A new entry: which of the organisation's areas lists it, and no version yet."""

    area = forms.ModelChoiceField(
        label="Which council area's directory?",
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the area", "invalid_choice": "Select one of your areas"},
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        cast(forms.ModelChoiceField[Area], self.fields["area"]).queryset = areas
        self.order_fields(["area"])


def initial_for(service: Service, values: dict[str, Any]) -> dict[str, Any]:
    initial = {name: value for name, value in values.items() if name != "taxonomy_term_ids"}
    initial["is_free"] = str(values["is_free"])
    initial["terms"] = values["taxonomy_term_ids"]
    initial["version"] = service.version
    return initial


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Can this change be published?",
        choices=[("approve", "Yes, publish it"), ("reject", "No, send it back")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the change can be published"},
    )
    note = forms.CharField(
        label="Note for the provider",
        help_text="Needed when you send it back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Say why the change cannot be published")
        return cleaned


class SignpostForm(forms.Form):
    # The signposting is also logged as an information-and-advice contact, which records how it was made.
    channel = forms.ChoiceField(
        label="How are you talking to the carer?",
        choices=Contact.Channel.choices,
        initial=Contact.Channel.PHONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you are talking to the carer"},
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="Why this service, and anything agreed with the carer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    send_email = forms.BooleanField(label="Email the service's details to the carer", required=False)
    email = forms.EmailField(label="Carer's email address", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("send_email") and not cleaned.get("email"):
            self.add_error("email", "Enter the carer's email address, or do not send the details")
        return cleaned
