"""Forms for contingency plans and the emergency line. They check the shape of what was sent; the services enforce
the rules (and raise PlanInvalid with messages for the fields)."""

from collections.abc import Sequence
from typing import Any, Final, cast

from django import forms

from carershub.core.forms import GovukDateField
from carershub.emergency_response.models import Activation, ContactAttempt, ContingencyPlan, EmergencyContact
from carershub.people.models import Person

TEXT_MAX_LENGTH = 2000


def _text(label: str, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label} must be {TEXT_MAX_LENGTH} characters or fewer"},
    )


# Fields holding the key safe: Django's error reports replace what was posted in them with stars.
KEY_SAFE_FIELDS: Final = ("key_safe",)


class PlanDetailsForm(forms.Form):
    """What the cared-for person needs in the next 72 hours, who else knows them, and how to get in."""

    personal_care = _text("Personal care", "Washing, dressing, toileting: what help they need and when.")
    medication = _text("Medication", "What they take, when, and where it is kept.")
    mobility = _text("Mobility", "Walking aids, hoists, transfers, falls risk.")
    communication = _text("Communication", "How they communicate, and anything that helps or distresses them.")
    routines = _text("Daily routines", "Meals, sleep, activities, visits.")
    allergies = _text("Allergies", "Allergies and dietary needs.", rows=2)
    pets = _text("Pets", "Animals at home and who can look after them.", rows=2)
    professionals = _text("GP and key professionals", "Names and phone numbers.")
    replacement_care = _text("Pre-agreed replacement care", "What has been agreed if no contact can step in.")
    home_access = _text("Access to the home", "How to get in. Do not write key safe codes here.", rows=2)
    key_safe = forms.CharField(
        label="Key safe details",
        help_text="Stored encrypted and shown only to the emergency line during an activation. "
        "Leave empty to keep what is recorded.",
        required=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Key safe details must be 200 characters or fewer"},
    )
    remove_key_safe = forms.BooleanField(label="Remove the recorded key safe details", required=False)

    def plan_details(self) -> dict[str, str]:
        return {
            name: value.strip()
            for name, value in self.cleaned_data.items()
            if name not in {"key_safe", "remove_key_safe", "cared_for"}
        }

    def key_safe_change(self) -> str | None:
        """The key safe to store: None keeps it, "" removes it."""
        if self.cleaned_data.get("remove_key_safe"):
            return ""
        return self.cleaned_data.get("key_safe") or None


class NewPlanForm(PlanDetailsForm):
    """A plan for one of the people the carer cares for."""

    cared_for = forms.TypedChoiceField(
        label="Who is this plan for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the plan is for", "invalid_choice": "Choose who the plan is for"},
    )
    field_order = ("cared_for",)

    def __init__(self, *args: Any, cared_for: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["remove_key_safe"]  # nothing is recorded yet
        field = cast(forms.TypedChoiceField, self.fields["cared_for"])
        field.choices = [(person.pk, person.full_name) for person in cared_for]


class EditPlanForm(PlanDetailsForm):
    @classmethod
    def for_plan(cls, plan: ContingencyPlan) -> "EditPlanForm":
        return cls(initial={name: getattr(plan, name) for name in cls.base_fields if hasattr(plan, name)})


class EmergencyContactForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=150, error_messages={"required": "Enter the contact's name"})
    relationship = forms.CharField(
        label="Relationship to the carer",
        max_length=100,
        help_text="For example, sister, neighbour, friend.",
        error_messages={"required": "Enter who they are to the carer"},
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
        error_messages={"required": "Enter a phone number"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    availability = forms.CharField(
        label="When can they step in? (optional)", max_length=300, required=False, help_text="For example, evenings."
    )
    may_text = forms.BooleanField(label="They agree to a text message when the plan is activated", required=False)
    may_email = forms.BooleanField(label="They agree to an email when the plan is activated", required=False)
    consent_given = forms.BooleanField(
        label="They agree to their details being held on this plan and to being contacted in an emergency",
        error_messages={"required": "The contact must agree to their details being held and to being contacted"},
    )
    accepted_role = forms.BooleanField(
        label="They have accepted the role of emergency contact",
        error_messages={"required": "The contact must accept the role of emergency contact"},
    )


class ConfirmPlanForm(forms.Form):
    review_date = GovukDateField(
        label="Review date",
        help_text="Plans are reviewed at least once a year. For example, 27 3 2027.",
    )


class CardLookupForm(forms.Form):
    number = forms.CharField(
        label="Card number",
        max_length=20,
        help_text="10 digits, on the back of the card.",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autofocus": True,
                "spellcheck": "false",
                "class": "govuk-input--width-10 govuk-!-font-size-36",
            }
        ),
        error_messages={"required": "Enter the card number"},
    )


class OpenPlanForm(forms.Form):
    """Why the responder is opening the plan: recorded with every view ("break the glass")."""

    number = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are you opening this plan?",
        help_text="For example: the carer was taken to hospital; call from a paramedic. This is recorded.",
        max_length=255,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
        error_messages={
            "required": "Enter why you are opening this plan",
            "max_length": "Reason must be 255 characters or fewer",
        },
    )


class ActivationDetailsForm(forms.Form):
    call_received_at = forms.DateTimeField(
        label="When the call came in",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter when the call came in",
            "invalid": "Enter when the call came in as a date and time",
        },
    )
    caller_name = forms.CharField(label="Who called", max_length=150, required=False)
    caller_phone = forms.CharField(label="Caller's phone number", max_length=20, required=False)
    what_happened = _text("What happened")
    replacement_provider = forms.CharField(label="Replacement care provider", max_length=200, required=False)
    replacement_starts_at = forms.DateTimeField(
        label="Replacement care starts",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter when replacement care starts as a date and time"},
    )
    replacement_ends_at = forms.DateTimeField(
        label="Replacement care ends",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter when replacement care ends as a date and time"},
    )
    support_hours = forms.DecimalField(
        label="Hours of emergency support so far",
        min_value=0,
        max_value=999,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter hours as a number, like 2.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 999 or fewer",
            "max_decimal_places": "Enter hours to 2 decimal places or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "details")
        super().__init__(*args, **kwargs)

    @classmethod
    def for_activation(cls, activation: Activation) -> "ActivationDetailsForm":
        return cls(initial={name: getattr(activation, name) for name in cls.base_fields})

    def details(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        if values.get("support_hours") is None:
            values.pop("support_hours", None)
        return values


class ContactAttemptForm(forms.Form):
    contact = forms.TypedChoiceField(
        label="Who did you call?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you called", "invalid_choice": "Choose who you called"},
    )
    result = forms.ChoiceField(
        label="What happened?",
        choices=ContactAttempt.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened when you called"},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, contacts: Sequence[EmergencyContact], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "attempt")
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["contact"])
        field.choices = [
            (contact.pk, f"{contact.order}. {contact.name} ({contact.relationship})") for contact in contacts
        ]


class CloseActivationForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Activation.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    follow_up = forms.ChoiceField(
        label="Follow-up offered",
        choices=Activation.FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the follow-up offered"},
    )
    support_hours = forms.DecimalField(
        label="Total hours of emergency support",
        min_value=0,
        max_value=999,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the hours of emergency support, or 0",
            "invalid": "Enter hours as a number, like 2.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 999 or fewer",
            "max_decimal_places": "Enter hours to 2 decimal places or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
