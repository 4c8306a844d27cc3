"""What the public referral forms share (asking for support yourself, and referring a carer): the hidden field for
robots, the boxes for a person's contact details and address, and checking with the services.

A public referral form checks its own shape, then asks the people and referral services what they would refuse,
so every problem is shown at once, next to the field it is about, before the check-your-answers page.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from django import forms

from carershub.core.forms import GovukBoundField, GovukDateField
from carershub.identification.rules import relationship_problem
from carershub.organisations.models import Area
from carershub.people.rules import age_on
from carershub.people.services.details import EMAIL_MESSAGE, PersonDetailsInvalid, check_person_details
from carershub.referrals.services.submission import PersonDetails, ReferralInvalid, ReferralSubmission, check_submission

HONEYPOT_FIELD: Final = "website"
NAME_MAX_LENGTH: Final = 100
REASON_MAX_LENGTH: Final = 2000

CARER_DETAILS: Final = ("given_name", "family_name", "date_of_birth", "phone", "email")
ADDRESS: Final = ("address_line_1", "address_line_2", "town", "postcode")
# The cared-for person's details, by the people service's name for them.
CARED_FOR_DETAILS: Final = {
    "given_name": "cared_for_given_name",
    "family_name": "cared_for_family_name",
    "date_of_birth": "cared_for_date_of_birth",
}


def conditional_items(form: forms.Form, field_name: str, reveals: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """A radios field's answers for identification/forms/radios-with-conditionals.html, each with the follow-up
    fields (`reveals`: answer -> field names) shown beneath it while it is chosen."""
    radios = form[field_name]
    if not isinstance(radios, GovukBoundField):
        raise TypeError("The form needs the GOV.UK form renderer.")
    items = []
    for item in radios.choice_items:
        attrs = dict(item["attrs"])
        follow_ups = reveals.get(str(attrs.get("value", "")), ())
        conditional_id = f"conditional-{attrs['id']}" if follow_ups else ""
        if follow_ups:
            attrs["data-app-reveals"] = conditional_id
        items.append(
            {
                "label": item["label"],
                "attrs": attrs,
                "conditionals": [form[name] for name in follow_ups],
                "conditional_id": conditional_id,
            }
        )
    return items


class HoneypotField(forms.CharField):
    """A text box only robots fill in: hidden from people, and never required. Pages show it with the
    identification/forms/honeypot.html template, never with {{ form }}."""

    def __init__(self) -> None:
        super().__init__(label="Leave this field empty", required=False)


def honeypot_filled(data: Any) -> bool:
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())


class TelephoneInput(forms.TextInput):
    input_type = "tel"


def text_field(
    label: str,
    *,
    autocomplete: str,
    width: str = "",
    required_message: str = "",
    max_length: int = NAME_MAX_LENGTH,
    help_text: str = "",
) -> forms.CharField:
    """A short text box; optional unless it says what to do when it is left empty."""
    attrs = {"autocomplete": autocomplete, "spellcheck": "false"}
    if width:
        attrs["class"] = f"govuk-input--width-{width}"
    messages = {"max_length": f"{label.removesuffix(' (optional)')} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=max_length,
        widget=forms.TextInput(attrs=attrs),
        error_messages=messages,
    )


def phone_field(
    label: str = "Phone number", *, help_text: str = "", max_length: int = 30, required_message: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=max_length,
        widget=TelephoneInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={
            "max_length": f"{label.removesuffix(' (optional)')} must be {max_length} characters or fewer",
            **({"required": required_message} if required_message else {}),
        },
    )


def email_field(label: str = "Email address", *, help_text: str = "", required_message: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": EMAIL_MESSAGE,
            "max_length": f"{label.removesuffix(' (optional)')} must be 254 characters or fewer",
            **({"required": required_message} if required_message else {}),
        },
    )


def reason_field(label: str, *, help_text: str, required_message: str, subject: str) -> forms.CharField:
    """The free text saying why support is wanted. `subject` names it in the "too long" message."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": required_message,
            "max_length": f"{subject} must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )


class PublicReferralForm(forms.Form):
    """A referral made on a public page, without an account, for a carer in `area`.

    Subclasses declare the names, the date of birth, the relationship and the reason in their own words, say where
    the services' problems are shown (`service_problem`), and build the submission (`_submission`).
    """

    phone = phone_field()
    email = email_field()
    address_line_1 = text_field("Address line 1", autocomplete="address-line1")
    address_line_2 = text_field("Address line 2 (optional)", autocomplete="address-line2")
    town = text_field("Town or city", autocomplete="address-level2", width="20")
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        error_messages={"max_length": "Enter a real postcode"},
    )
    cared_for_date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        subject="Their date of birth",
        required=False,
        help_text="For example, 27 3 1950",
    )
    website = HoneypotField()

    def __init__(self, data: Any = None, *, area: Area, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.area = area

    # --- Checks ----------------------------------------------------------------------------------------------------

    def _problem(self, field: str, message: str) -> None:
        """Show one problem per field: the first found, which is the most basic."""
        if field in self.fields and field not in self.errors:
            self.add_error(field, message)
        elif field not in self.fields:
            self.add_error(None, message)

    def _check_dates_in_the_past(self, today: date) -> None:
        for name in ("date_of_birth", "cared_for_date_of_birth"):
            field = self.fields.get(name)
            value = self.cleaned_data.get(name)
            if isinstance(field, GovukDateField) and value is not None and value > today:
                self._problem(name, f"{field.subject} must be in the past")

    def _check_relationship(self, today: date) -> None:
        """Who the person cared for is to the carer fits the carer's age and which of them is older."""
        relationship = self._text("relationship")
        carer_born = self.cleaned_data.get("date_of_birth")
        cared_for_born = self.cleaned_data.get("cared_for_date_of_birth")
        if not relationship or (carer_born is not None and carer_born > today):
            return
        carer_is_older = None
        if carer_born is not None and cared_for_born is not None and cared_for_born <= today:
            carer_is_older = carer_born < cared_for_born
        problem = relationship_problem(
            relationship,
            carer_age=age_on(carer_born, today) if carer_born is not None else None,
            carer_is_older=carer_is_older,
        )
        if problem:
            self._problem("relationship", problem)

    def _check_address(self) -> None:
        """GOV.UK's address pattern: a postal address has its first line, its town and its postcode."""
        given = {name: self.cleaned_data.get(name, "") for name in ADDRESS}
        if not any(given.values()):
            return
        if not given["address_line_1"]:
            self._problem("address_line_1", "Enter address line 1, typically the building and street")
        if not given["town"]:
            self._problem("town", "Enter town or city")
        if not given["postcode"]:
            self._problem("postcode", "Enter postcode")

    def _check_with_services(self, today: date) -> None:
        """What the people and referral services would refuse, shown now at the right field rather than after
        the check-your-answers page."""
        data = self.cleaned_data
        carer = {name: data.get(name) for name in (*CARER_DETAILS, *ADDRESS) if data.get(name)}
        cared_for = {name: data.get(field) for name, field in CARED_FOR_DETAILS.items() if data.get(field)}
        for details, field_names in ((carer, {name: name for name in carer}), (cared_for, CARED_FOR_DETAILS)):
            try:
                check_person_details(details, today=today)
            except PersonDetailsInvalid as invalid:
                for name, message in invalid.errors.items():
                    self._problem(field_names.get(name, name), message)
        try:
            check_submission(self._submission(idempotency_key=""))
        except ReferralInvalid as invalid:
            self.add_service_problems(invalid.errors)

    def add_service_problems(self, errors: dict[str, str]) -> None:
        """Show problems the services found (keyed by their own names) at this form's fields, in its wording."""
        for key, message in errors.items():
            self._problem(*self.service_problem(key, message))

    def service_problem(self, key: str, message: str) -> tuple[str, str]:
        """The field to show a service's problem at, and what to say. By default: its own name and words."""
        return key, message

    # --- The referral ----------------------------------------------------------------------------------------------

    def submission(self, *, idempotency_key: str) -> ReferralSubmission:
        """The referral to make from a valid form."""
        if self.errors:
            raise ValueError("Only a valid referral form can be submitted.")
        return self._submission(idempotency_key=idempotency_key)

    def _submission(self, *, idempotency_key: str) -> ReferralSubmission:
        raise NotImplementedError

    def _text(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "").strip()

    def _carer(self) -> PersonDetails:
        return PersonDetails(
            given_name=self._text("given_name"),
            family_name=self._text("family_name"),
            date_of_birth=self.cleaned_data.get("date_of_birth"),
            phone=self._text("phone"),
            email=self._text("email"),
            address_line_1=self._text("address_line_1"),
            address_line_2=self._text("address_line_2"),
            town=self._text("town"),
            postcode=self._text("postcode"),
        )

    def _cared_for(self) -> PersonDetails:
        return PersonDetails(
            given_name=self._text("cared_for_given_name"),
            family_name=self._text("cared_for_family_name"),
            date_of_birth=self.cleaned_data.get("cared_for_date_of_birth"),
        )


class SubmitForm(forms.Form):
    """The check-your-answers page's button. The token, made when the page was first shown, makes a double click
    or a resubmitted page give the same referral."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = HoneypotField()
