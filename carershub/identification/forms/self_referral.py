"""The self-referral form ("Ask for support") at the end of the "Am I a carer?" questions: one page in sections,
checked like every public referral form (forms/public_referral.py): every problem is shown at once, next to its field.
Under-18s get the young carer wording."""

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from django import forms
from django.utils import timezone

from carershub.core.forms import GovukDateField
from carershub.identification.forms.public_referral import (
    HONEYPOT_FIELD,
    PublicReferralForm,
    conditional_items,
    reason_field,
    text_field,
)
from carershub.identification.rules import ConsentAnswer, consent_given_by, relationships_for
from carershub.organisations.models import Area
from carershub.people.models import CaringRelationship, Consent
from carershub.people.rules import age_on, is_adult
from carershub.referrals.models import Referral
from carershub.referrals.services.submission import ReferralSubmission

# Where a problem the services find is shown, and how it is said to someone asking for themselves.
# (field, adult wording, young carer wording); problems not listed keep the service's own words.
_SERVICE_PROBLEMS: Final[dict[str, tuple[str, str, str]]] = {
    "carer_contact": (
        "phone",
        "Enter a phone number, an email address or a postal address, so that we can contact you",
        "Give us a phone number, an email address or an address, so we can get in touch",
    ),
    "reason": ("reason", "Enter what support you would like", "Tell us what help you would like"),
    "cared_for": (
        "cared_for_given_name",
        "The person you look after must be someone other than you",
        "The person you help must be someone other than you",
    ),
    "relationship": ("relationship", "Select who they are to you", "Select who they are to you"),
    "given_by_name": (
        "consent_by_name",
        "Enter the name of the person who agrees for you",
        "Enter the name of the grown-up who agrees for you",
    ),
    "given_by_relationship": (
        "consent_by_relationship",
        "Enter who the person who agrees is to you",
        "Enter who the grown-up who agrees is to you, like mum",
    ),
    "given_by": (
        "consent_by",
        "Select who agrees to this",
        "You are under 16, so a parent or grown-up needs to agree, or you need to say you understand and agree",
    ),
}


CONTACT_CHANNELS: Final = [
    (Consent.Channel.PHONE.value, "Phone call"),
    (Consent.Channel.SMS.value, "Text message"),
    (Consent.Channel.EMAIL.value, "Email"),
    (Consent.Channel.LETTER.value, "Letter"),
]

# Labels and hints for the young carer form: short sentences, no jargon. (field: (label, hint)); "" keeps the hint.
_YOUNG_WORDING: Final[dict[str, tuple[str, str]]] = {
    "given_name": ("Your first name", ""),
    "family_name": ("Your last name", ""),
    "date_of_birth": ("When were you born?", "For example, 27 3 2012"),
    "phone": ("Phone number", "This can be your phone or a grown-up's phone."),
    "email": ("Email address", "This can be your email or a grown-up's email."),
    "contact_channels": ("How should we get in touch?", "Choose all the ways that are OK."),
    "cared_for_given_name": ("Their first name", ""),
    "cared_for_family_name": ("Their last name", ""),
    "cared_for_date_of_birth": ("When were they born? (optional)", "Leave this empty if you do not know."),
    "relationship": ("Who are they to you?", "For example, if you help your mum, choose 'Parent'."),
    "reason": (
        "What help would you like?",
        "For example, someone to talk to, help at school, time to have fun, or meeting other young carers.",
    ),
}
_FIELD_ORDER: Final = [
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "contact_channels",
    "cared_for_given_name",
    "cared_for_family_name",
    "cared_for_date_of_birth",
    "relationship",
    "reason",
    "consent",
    "consent_by",
    "consent_by_name",
    "consent_by_relationship",
    HONEYPOT_FIELD,
]


class SelfReferralForm(PublicReferralForm):
    """A carer asking for support for themselves. Under-18s (by their answer to "How old are you?") get the young
    carer wording, and are asked who agrees to the referral instead of ticking a box."""

    given_name = text_field(
        "First name", autocomplete="given-name", width="20", required_message="Enter your first name"
    )
    family_name = text_field(
        "Last name", autocomplete="family-name", width="20", required_message="Enter your last name"
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 1980")
    contact_channels = forms.MultipleChoiceField(
        label="How would you like us to contact you?",
        help_text="Select all that apply.",
        choices=CONTACT_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select how you would like us to contact you"},
    )
    cared_for_given_name = text_field(
        "First name",
        autocomplete="off",
        width="20",
        required_message="Enter the first name of the person you look after",
    )
    cared_for_family_name = text_field(
        "Last name", autocomplete="off", width="20", required_message="Enter the last name of the person you look after"
    )
    relationship = forms.ChoiceField(
        label="Who are they to you?",
        help_text="They are your:",
        choices=CaringRelationship.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are to you"},
    )
    reason = reason_field(
        "What support would you like?",
        help_text="For example, someone to talk to, a break from caring, help with money, or a carer's assessment.",
        required_message="Enter what support you would like",
        subject="What support you would like",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        area: Area,
        young: bool,
        conditions: Sequence[str] = (),
        care_tasks: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, area=area, **kwargs)
        self.young = young
        self.conditions = tuple(conditions)
        self.care_tasks = tuple(care_tasks)
        relationship = self.fields["relationship"]
        if isinstance(relationship, forms.ChoiceField):
            relationship.choices = relationships_for(CaringRelationship.Relationship.choices, young=young)
        if young:
            for name, (label, hint) in _YOUNG_WORDING.items():
                self.fields[name].label = label
                if hint:
                    self.fields[name].help_text = hint
            self.fields["given_name"].error_messages["required"] = "Enter your first name"
            self.fields["cared_for_given_name"].error_messages["required"] = (
                "Enter the first name of the person you help"
            )
            self.fields["cared_for_family_name"].error_messages["required"] = (
                "Enter the last name of the person you help"
            )
            self.fields["reason"].error_messages["required"] = "Tell us what help you would like"
            date_of_birth = self.fields["date_of_birth"]
            if isinstance(date_of_birth, GovukDateField):
                date_of_birth.subject = "Your date of birth"
            self.fields["consent_by"] = forms.ChoiceField(
                label="Who agrees to this?",
                help_text="If you are under 16, a parent or another grown-up who looks after you can agree for you. "
                "If you are 16 or over, you need to agree yourself.",
                choices=[
                    (ConsentAnswer.SELF.value, "I understand what this means, and I agree"),
                    (ConsentAnswer.PARENT_OR_CARER.value, "My parent, or another grown-up who looks after me, agrees"),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": "Select who agrees"},
            )
            self.fields["consent_by_name"] = text_field(
                "If a grown-up agrees for you: their full name", autocomplete="off", max_length=150
            )
            self.fields["consent_by_relationship"] = text_field(
                "If a grown-up agrees for you: who they are to you",
                autocomplete="off",
                max_length=100,
                help_text="For example, mum, dad, grandparent or foster carer",
            )
        else:
            self.fields["consent"] = forms.BooleanField(
                label=f"I agree to Carers Hub and the carers' support services in {area.name} holding my information "
                "and contacting me",
                error_messages={"required": "Select the box to say you agree, so that we can help you"},
            )
        self.order_fields(_FIELD_ORDER)

    def who_agrees_items(self) -> list[dict[str, Any]]:
        """A young carer's "Who agrees to this?" radios, with the grown-up's name and who they are beneath their
        answer."""
        return conditional_items(
            self, "consent_by", {ConsentAnswer.PARENT_OR_CARER.value: ["consent_by_name", "consent_by_relationship"]}
        )

    # --- Checks ----------------------------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        self._check_dates_of_birth(today)
        self._check_relationship(today)
        self._check_address()
        self._check_contact_channels()
        self._check_consent(today)
        self._check_with_services(today)
        return cleaned

    def _check_dates_of_birth(self, today: date) -> None:
        """In the past, and on the right side of 18 for the answer to "How old are you?"."""
        self._check_dates_in_the_past(today)
        date_of_birth = self.cleaned_data.get("date_of_birth")
        if date_of_birth is None or date_of_birth > today:
            return
        if self.young and is_adult(age_on(date_of_birth, today)):
            self._problem("date_of_birth", "Check when you were born: you told us you are under 18")
        elif not self.young and not is_adult(age_on(date_of_birth, today)):
            self._problem("date_of_birth", "Check your date of birth: you told us you are 18 or over")

    def _check_contact_channels(self) -> None:
        """Each way they choose to be contacted needs its details. With no details at all, the referral service
        says so (carer_contact), once."""
        data = self.cleaned_data
        if not (data.get("phone") or data.get("email") or data.get("address_line_1")):
            return
        channels = set(data.get("contact_channels") or ())
        another_way = "or choose another way for us to contact you"
        if channels & {Consent.Channel.PHONE, Consent.Channel.SMS} and not data.get("phone"):
            self._problem("phone", f"Enter a phone number, {another_way}")
        if Consent.Channel.EMAIL in channels and not data.get("email"):
            self._problem("email", f"Enter an email address, {another_way}")
        if Consent.Channel.LETTER in channels and not data.get("address_line_1"):
            self._problem("address_line_1", f"Enter your address, {another_way}")

    def _check_consent(self, today: date) -> None:
        """Who agreed: the carer themselves from 16; under 16, a parent or carer, or the child (Gillick)."""
        if not self.young:
            self.cleaned_data["consent_given_by"] = Consent.GivenBy.SELF.value
            return
        answer = self.cleaned_data.get("consent_by")
        date_of_birth = self.cleaned_data.get("date_of_birth")
        if not answer or date_of_birth is None or date_of_birth > today:
            return
        given_by = consent_given_by(age_on(date_of_birth, today), answer)
        if given_by is None:
            self._problem("consent_by", "You are 16 or over, so you need to agree yourself")
            return
        self.cleaned_data["consent_given_by"] = given_by
        if answer == ConsentAnswer.PARENT_OR_CARER:
            if not self._text("consent_by_name"):
                self._problem("consent_by_name", "Enter the name of the grown-up who agrees for you")
            if not self._text("consent_by_relationship"):
                self._problem("consent_by_relationship", "Enter who the grown-up who agrees is to you, like mum")

    def _on_behalf(self, name: str) -> str:
        # Only a grown-up agreeing for the child is named; a name typed and then "I agree" chosen is not kept.
        return self._text(name) if self._text("consent_by") == ConsentAnswer.PARENT_OR_CARER else ""

    def service_problem(self, key: str, message: str) -> tuple[str, str]:
        field, adult_wording, young_wording = _SERVICE_PROBLEMS.get(key, (key, message, message))
        return field, young_wording if self.young else adult_wording

    # --- The referral ----------------------------------------------------------------------------------------------

    def _submission(self, *, idempotency_key: str) -> ReferralSubmission:
        data = self.cleaned_data
        return ReferralSubmission(
            area=self.area,
            source=Referral.Source.SELF,
            carer=self._carer(),
            cared_for=self._cared_for(),
            relationship=self._text("relationship"),
            conditions=self.conditions,
            care_tasks=self.care_tasks,
            reason=self._text("reason"),
            consent_given_by=self._text("consent_given_by"),
            # The person agreeing ticked the boxes on this form themselves.
            consent_how_given=Consent.HowGiven.ONLINE_FORM,
            consent_given_by_name=self._on_behalf("consent_by_name"),
            consent_given_by_relationship=self._on_behalf("consent_by_relationship"),
            contact_channels=tuple(data.get("contact_channels") or ()),
            idempotency_key=idempotency_key,
        )
