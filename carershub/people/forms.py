"""Forms for the people pages. They check the shape of what was sent; selectors and services do the rest."""

import re
from typing import Any, Literal

from django import forms

from carershub.core.forms import GovukDateField
from carershub.organisations.models import GPPractice, School
from carershub.people.models import CaringRelationship, ContactMethod, EthnicCategory, Person
from carershub.people.rules import is_valid_nhs_number, normalise_postcode
from carershub.people.selectors import ISO_DATE, PHONE_QUERY, UK_DATE, gp_practices_for, schools_for

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


def _text(label: str, *, max_length: int, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class PersonDetailsForm(forms.Form):
    """A carer's details as staff correct them. The people service checks the rules (the NHS number's check digit,
    no date of birth in the future) and says which field is wrong; `version` catches two people editing at once."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their given name"},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter their family name"},
    )
    preferred_name = _text("Name they like to be called (optional)", max_length=100, spellcheck="false")
    date_of_birth = GovukDateField(label="Date of birth", subject="Their date of birth", required=False)
    nhs_number = _text("NHS number (optional)", max_length=20, inputmode="numeric", spellcheck="false")
    phone = _text("Phone number (optional)", max_length=30, type="tel")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    address_line_1 = _text("Address line 1 (optional)", max_length=100)
    address_line_2 = _text("Address line 2 (optional)", max_length=100)
    town = _text("Town or city (optional)", max_length=60)
    postcode = _text("Postcode (optional)", max_length=10)
    preferred_contact_method = forms.ChoiceField(
        label="How would they rather be contacted? (optional)",
        choices=[("", "No preference recorded"), *ContactMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    preferred_language = _text("Preferred language (optional)", max_length=60)
    needs_interpreter = forms.BooleanField(label="They need an interpreter", required=False)
    communication_needs = forms.CharField(
        label="Communication needs (optional)",
        help_text="For example, large print, British Sign Language, or an easy read version.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gp_practice = forms.ModelChoiceField(
        label="GP practice (optional)", queryset=GPPractice.objects.none(), required=False, empty_label="Not recorded"
    )
    school = forms.ModelChoiceField(
        label="School or college (optional)",
        help_text="For a young carer: their school's young carers' lead can help.",
        queryset=School.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    sex = forms.ChoiceField(label="Sex (optional)", choices=[("", "Not recorded"), *Person.Sex.choices], required=False)
    ethnic_category = forms.ModelChoiceField(
        label="Ethnic group (optional)",
        queryset=EthnicCategory.objects.filter(disabled_on__isnull=True).order_by("order", "pk"),
        required=False,
        empty_label="Not recorded",
    )
    disability = forms.ChoiceField(
        label="Do they consider themselves disabled? (optional)",
        choices=[("", "Not recorded"), *Person.Disability.choices],
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        gp_practice = self.fields["gp_practice"]
        school = self.fields["school"]
        if not isinstance(gp_practice, forms.ModelChoiceField) or not isinstance(school, forms.ModelChoiceField):
            raise TypeError("the place fields are model choices")
        gp_practice.queryset = gp_practices_for(person.area)
        school.queryset = schools_for(person.area)

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}

    def changes(self) -> dict[str, Any]:
        """What was sent, as the people service takes it (every detail; the service saves only what differs)."""
        changes = {name: value for name, value in self.cleaned_data.items() if name != "version"} | {
            name: self.cleaned_data[name] or "" for name in ("sex", "disability", "preferred_contact_method")
        }
        if changes["date_of_birth"] is not None:
            changes["date_of_birth_precision"] = Person.DateOfBirthPrecision.DAY  # a whole date was entered
        return changes


class CaredForDetailsForm(forms.Form):
    """What the carer's record says about someone they care for: their date of birth and disability or condition
    decide which assessment the law points to (a disabled child's parent: Children Act 1989 s.17ZD)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    date_of_birth = GovukDateField(label="Date of birth", subject="Their date of birth", required=False)
    disability = forms.ChoiceField(
        label="Are they disabled?",
        choices=[("", "Not recorded"), *Person.Disability.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    conditions = forms.MultipleChoiceField(
        label="Their conditions (optional)",
        choices=CaringRelationship.Condition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AddCaredForForm(forms.Form):
    """Someone else the carer looks after, recorded from their record: registered, then the caring relationship."""

    given_name = forms.CharField(
        label="Given name", max_length=100, error_messages={"required": "Enter their given name"}
    )
    family_name = forms.CharField(
        label="Family name", max_length=100, error_messages={"required": "Enter their family name"}
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", subject="Their date of birth", required=False)
    relationship = forms.ChoiceField(
        label="Who are they to the carer?",
        choices=CaringRelationship.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are to the carer"},
    )
    has_parental_responsibility = forms.BooleanField(
        label="The carer has parental responsibility for them", required=False
    )
    conditions = forms.MultipleChoiceField(
        label="Their conditions (optional)",
        choices=CaringRelationship.Condition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EndCaringForm(forms.Form):
    ended_on = GovukDateField(label="When did they stop caring?", subject="The date they stopped caring")
