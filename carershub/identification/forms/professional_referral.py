"""Referring a carer without an account: staff at a school, a GP practice or a hospital, or a family member or
friend. One page in sections, checked like every public referral form (forms/public_referral.py)."""

from dataclasses import replace
from datetime import date
from typing import Any, Final

from django import forms
from django.db.models import Count, Window
from django.db.models.functions import Lower
from django.utils import timezone

from carershub.core.forms import GovukDateField
from carershub.identification.forms.public_referral import (
    ADDRESS,
    HONEYPOT_FIELD,
    PublicReferralForm,
    conditional_items,
    email_field,
    phone_field,
    reason_field,
    text_field,
)
from carershub.identification.selectors import gp_practices_in, schools_in
from carershub.organisations.models import Area, GPPractice, School
from carershub.people.models import CaringRelationship, Consent, Person
from carershub.people.rules import AGE_OF_CONSENT, age_on, is_valid_nhs_number, normalise_phone_number
from carershub.people.services.consent import check_consent
from carershub.people.services.details import PHONE_MESSAGE, PersonDetailsInvalid
from carershub.referrals.models import Referral
from carershub.referrals.services.submission import PersonDetails, ReferralSubmission

Source = Referral.Source

# Where the referrer is referring from, in their words: the referral's source.
WHERE_FROM: Final = [
    (Source.SCHOOL.value, "School"),
    (Source.GP_PRACTICE.value, "GP practice"),
    (Source.HOSPITAL.value, "Hospital ward or discharge team"),
    (Source.FAMILY.value, "Family member or friend"),
]
NHS_NUMBER_LENGTH: Final = 10
# The field that says which school, practice or hospital, revealed under its answer.
PLACE_FIELDS: Final = {
    Source.SCHOOL.value: "school",
    Source.GP_PRACTICE.value: "gp_practice",
    Source.HOSPITAL.value: "hospital_name",
}
CONSENT_LABEL: Final = (
    "The carer (or, for a child under 16, their parent or guardian) has agreed to this referral and to their "
    "information being shared with the carers' service"
)
WHO_AGREED: Final = [
    (Consent.GivenBy.SELF.value, "The carer"),
    (Consent.GivenBy.PARENT_OR_GUARDIAN.value, "A parent or guardian"),
    (Consent.GivenBy.COMPETENCE_JUDGEMENT.value, "The young person, judged able to decide"),
]

# Where a problem the services find is shown; problems not listed are shown at the field of the same name, in the
# service's own words (which already speak of "the carer").
_SERVICE_PROBLEM_FIELDS: Final = {
    "carer_contact": "phone",
    "cared_for": "cared_for_given_name",
    "given_by": "consent_by",
    "given_by_name": "consent_by_name",
    "given_by_relationship": "consent_by_relationship",
    "referring_school": "school",
    "referring_gp_practice": "gp_practice",
}


class PlaceChoiceField(forms.ModelChoiceField[School | GPPractice]):
    """A school or GP practice chosen from the area's list. Two places of the same name are told apart by their
    postcode, so no two options read the same."""

    def label_from_instance(self, obj: School | GPPractice) -> str:
        if getattr(obj, "sharing_its_name", 1) > 1:
            return f"{obj.name} ({obj.postcode})"
        return obj.name


class ProfessionalReferralForm(PublicReferralForm):
    """Someone else referring a carer in `area`. They say who they are (the service emails them the outcome) and
    where they are referring from; a school or GP practice must be one of the area's."""

    # --- Who you are
    referrer_name = text_field(
        "Your full name", autocomplete="name", required_message="Enter your full name", max_length=150
    )
    referrer_role = text_field(
        "Your role",
        autocomplete="organization-title",
        required_message="Enter your role",
        help_text="For example, pastoral lead, practice nurse or discharge coordinator. If you are a family member "
        "or friend, say how you know the carer.",
    )
    referrer_email = email_field(
        "Your work email address",
        help_text="We will email you when the carers' service has decided about the referral. Family members and "
        "friends can give their own email address.",
        required_message="Enter your work email address",
    )
    referrer_phone = phone_field("Your phone number (optional)", max_length=20)

    # --- Where you are referring from
    source = forms.ChoiceField(
        label="Where are you referring from?",
        choices=WHERE_FROM,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where you are referring from",
            "invalid_choice": "Select where you are referring from",
        },
    )
    school = PlaceChoiceField(
        label="Your school",
        queryset=School.objects.none(),
        to_field_name="urn",
        required=False,
        empty_label="Select a school",
    )
    gp_practice = PlaceChoiceField(
        label="Your GP practice",
        queryset=GPPractice.objects.none(),
        to_field_name="ods_code",
        required=False,
        empty_label="Select a GP practice",
    )
    hospital_name = text_field(
        "Hospital and ward or team",
        autocomplete="off",
        max_length=150,
        help_text="For example, Vale General Hospital, Ward 12",
    )

    # --- The carer
    given_name = text_field(
        "First name", autocomplete="off", width="20", required_message="Enter the carer's first name"
    )
    family_name = text_field(
        "Last name", autocomplete="off", width="20", required_message="Enter the carer's last name"
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        subject="The carer's date of birth",
        required=False,
        help_text="You must give this if you are referring from a school. For example, 27 3 2012",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        help_text="If you know it. It is 10 digits, like 943 476 5919.",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    phone = phone_field(help_text="For a child, this can be a parent's or guardian's phone number.")

    # --- The person they care for
    cared_for_given_name = text_field(
        "First name",
        autocomplete="off",
        width="20",
        required_message="Enter the first name of the person they care for",
    )
    cared_for_family_name = text_field(
        "Last name", autocomplete="off", width="20", required_message="Enter the last name of the person they care for"
    )
    relationship = forms.ChoiceField(
        label="Who is this person to the carer?",
        help_text="They are the carer's:",
        choices=CaringRelationship.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the person they care for is to the carer"},
    )

    # --- Why they need support
    reason = reason_field(
        "Why does the carer need support?",
        help_text="For example, what caring involves for them, how it affects their health, school or work, and "
        "anything the service should know before contacting them.",
        required_message="Enter why the carer needs support",
        subject="Why the carer needs support",
    )
    urgency = forms.ChoiceField(
        label="How urgent is this?",
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent this is", "invalid_choice": "Select how urgent this is"},
    )

    # --- Agreement
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": "Select the box to confirm that the carer, or their parent or guardian, agreed"},
    )
    consent_by = forms.ChoiceField(
        label="Who agreed?",
        help_text="A child under 16 can agree for themselves if you judge they understand what the referral means. "
        "From 16, the carer agrees for themselves.",
        choices=WHO_AGREED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who agreed", "invalid_choice": "Select who agreed"},
    )
    consent_by_name = text_field("If a parent or guardian agreed: their full name", autocomplete="off", max_length=150)
    consent_by_relationship = text_field(
        "If a parent or guardian agreed: who they are to the carer",
        autocomplete="off",
        max_length=100,
        help_text="For example, mother, father, grandparent or foster carer",
    )

    field_order = (
        "referrer_name",
        "referrer_role",
        "referrer_email",
        "referrer_phone",
        "source",
        "school",
        "gp_practice",
        "hospital_name",
        "given_name",
        "family_name",
        "date_of_birth",
        "nhs_number",
        "phone",
        "email",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "cared_for_given_name",
        "cared_for_family_name",
        "cared_for_date_of_birth",
        "relationship",
        "reason",
        "urgency",
        "consent",
        "consent_by",
        "consent_by_name",
        "consent_by_relationship",
        HONEYPOT_FIELD,
    )

    def __init__(self, data: Any = None, *, area: Area, **kwargs: Any) -> None:
        super().__init__(data, area=area, **kwargs)
        # The carer's contact details are not the referrer's: the browser must not fill in the referrer's own.
        for name in ("phone", "email", *ADDRESS):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        # Only the area's own schools and practices: a URN or ODS code from elsewhere is refused at the field.
        places = (("school", schools_in(area), "a school"), ("gp_practice", gp_practices_in(area), "a GP practice"))
        for name, queryset, what in places:
            field = self.fields[name]
            if isinstance(field, PlaceChoiceField):
                # How many of the list share each name, counted in the same query that reads the list.
                field.queryset = queryset.annotate(sharing_its_name=Window(Count("pk"), partition_by=[Lower("name")]))
                field.error_messages["invalid_choice"] = f"Select {what} in {area.name}"

    def where_from_items(self) -> list[dict[str, Any]]:
        """The "Where are you referring from?" radios, each with the field saying which school, practice or
        hospital beneath it."""
        return conditional_items(self, "source", {source: [name] for source, name in PLACE_FIELDS.items()})

    def who_agreed_items(self) -> list[dict[str, Any]]:
        """The "Who agreed?" radios, with the parent's or guardian's name and relationship beneath their answer."""
        return conditional_items(
            self,
            "consent_by",
            {Consent.GivenBy.PARENT_OR_GUARDIAN.value: ["consent_by_name", "consent_by_relationship"]},
        )

    # --- Checks ----------------------------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        self._check_dates_in_the_past(today)
        self._check_relationship(today)
        self._check_nhs_number()
        self._check_where_from()
        self._check_address()
        self._check_referrer_phone()
        self._check_consent(today)
        self._check_with_services(today)
        return cleaned

    def _check_where_from(self) -> None:
        """Which school, practice or hospital; and a pupil's date of birth, which routes them to young carers."""
        source = self.cleaned_data.get("source")
        if source == Source.SCHOOL:
            if self.cleaned_data.get("school") is None:
                self._problem("school", "Select your school")
            if self.cleaned_data.get("date_of_birth") is None:
                self._problem("date_of_birth", "Enter the carer's date of birth")
        elif source == Source.GP_PRACTICE and self.cleaned_data.get("gp_practice") is None:
            self._problem("gp_practice", "Select your GP practice")
        elif source == Source.HOSPITAL and not self._text("hospital_name"):
            self._problem("hospital_name", "Enter the hospital and the ward or team")

    def _check_nhs_number(self) -> None:
        """Optional; when given, 10 digits whose last is the check digit the others give (people.rules)."""
        typed = self._text("nhs_number")
        if not typed:
            return
        digits = "".join(typed.replace("-", " ").split())  # written 3-3-4: "485 777 3456"
        if len(digits) != NHS_NUMBER_LENGTH or not digits.isascii() or not digits.isdigit():
            self._problem("nhs_number", "NHS number must be 10 digits")
        elif not is_valid_nhs_number(digits):
            self._problem("nhs_number", "Enter a valid NHS number: check each digit against a letter from the NHS")
        else:
            self.cleaned_data["nhs_number"] = digits

    def _carer(self) -> PersonDetails:
        return replace(super()._carer(), nhs_number=self._text("nhs_number") if "nhs_number" not in self.errors else "")

    def _check_referrer_phone(self) -> None:
        phone = self._text("referrer_phone")
        if not phone:
            return
        try:
            self.cleaned_data["referrer_phone"] = normalise_phone_number(phone)
        except ValueError:
            self._problem("referrer_phone", PHONE_MESSAGE)

    def _check_consent(self, today: date) -> None:
        """From 16 the carer agrees for themselves; under 16 the people service says who may agree for them."""
        given_by = self.cleaned_data.get("consent_by")
        date_of_birth = self.cleaned_data.get("date_of_birth")
        if not given_by:
            return
        if date_of_birth is None or date_of_birth > today:
            self._check_who_agreed_on_their_behalf(given_by)
            return
        if age_on(date_of_birth, today) >= AGE_OF_CONSENT:
            if given_by != Consent.GivenBy.SELF:
                self._problem("consent_by", "The carer is 16 or over, so they need to agree for themselves")
            return
        self._check_who_agreed_on_their_behalf(given_by)
        try:
            check_consent(
                Person(area=self.area, date_of_birth=date_of_birth),
                scope=Consent.Scope.REGISTRATION,
                given_by=given_by,
                given_at=timezone.now(),
            )
        except PersonDetailsInvalid as invalid:
            if "given_by" in invalid.errors:
                self._problem("consent_by", invalid.errors["given_by"])

    def _on_behalf(self, name: str) -> str:
        return self._text(name) if self._text("consent_by") == Consent.GivenBy.PARENT_OR_GUARDIAN else ""

    def _check_who_agreed_on_their_behalf(self, given_by: str) -> None:
        """A parent or guardian agreeing for a child is named, with who they are to the child."""
        if given_by == Consent.GivenBy.PARENT_OR_GUARDIAN:
            if not self._text("consent_by_name"):
                self._problem("consent_by_name", "Enter the name of the parent or guardian who agreed")
            if not self._text("consent_by_relationship"):
                self._problem(
                    "consent_by_relationship", "Enter who the parent or guardian is to the carer, like mother"
                )

    def service_problem(self, key: str, message: str) -> tuple[str, str]:
        return _SERVICE_PROBLEM_FIELDS.get(key, key), message

    # --- The referral ----------------------------------------------------------------------------------------------

    def place(self) -> School | GPPractice | str | None:
        """The school, GP practice or hospital referring, for the chosen answer (none for family and friends)."""
        source = self.cleaned_data.get("source")
        if source == Source.SCHOOL:
            school: School | None = self.cleaned_data.get("school")
            return school
        if source == Source.GP_PRACTICE:
            gp_practice: GPPractice | None = self.cleaned_data.get("gp_practice")
            return gp_practice
        if source == Source.HOSPITAL:
            return self._text("hospital_name")
        return None

    def _submission(self, *, idempotency_key: str) -> ReferralSubmission:
        place = self.place()
        return ReferralSubmission(
            area=self.area,
            source=self._text("source"),
            carer=self._carer(),
            cared_for=self._cared_for(),
            relationship=self._text("relationship"),
            reason=self._text("reason"),
            urgency=self._text("urgency") or Referral.Urgency.ROUTINE,
            consent_given_by=self._text("consent_by"),
            consent_given_by_name=self._on_behalf("consent_by_name"),
            consent_given_by_relationship=self._on_behalf("consent_by_relationship"),
            referrer_name=self._text("referrer_name"),
            referrer_role=self._text("referrer_role"),
            referrer_email=self._text("referrer_email"),
            referrer_phone=self._text("referrer_phone"),
            referring_school=place if isinstance(place, School) else None,
            referring_gp_practice=place if isinstance(place, GPPractice) else None,
            hospital_name=place if isinstance(place, str) else "",
            idempotency_key=idempotency_key,
        )
