"""Forms for the community carers fund: the public application, and the panel's and the fund team's steps. They check
the shape of what was sent; the services enforce the rules."""

import uuid
from decimal import Decimal
from typing import Any

from django import forms

from carershub.core.forms import GovukDateField
from carershub.grants.models import Criterion
from carershub.grants.rules.identifiers import is_charity_number, is_company_number
from carershub.grants.rules.scoring import MAXIMUM_SCORE
from carershub.grants.services.applications import ApplicationDetails

# A field people never see or fill in (hidden with CSS and from assistive technology); robots fill in everything.
HONEYPOT_FIELD = "website"


def money(label: str, *, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"{label} must be an amount of money, like 750 or 1250.50",
            "min_value": f"{label} must be more than £0",
            "max_decimal_places": f"{label} must be in pounds and pence",
            "max_digits": f"{label} is too large",
            "max_whole_digits": f"{label} is too large",
        },
    )


def whole_number(label: str, *, minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=1_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {minimum} or more",
            "max_value": f"{label} is too large",
        },
    )


class ApplicationForm(forms.Form):
    """The public application. Everything typed comes back on error; nothing is stored until it is all valid."""

    organisation_name = forms.CharField(
        label="Name of your group", max_length=200, error_messages={"required": "Enter the name of your group"}
    )
    charity_number = forms.CharField(label="Charity number (if you have one)", max_length=12, required=False)
    company_number = forms.CharField(label="Company number (if you have one)", max_length=12, required=False)
    postcode = forms.CharField(
        label="Your group's postcode",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        error_messages={"required": "Enter your group's postcode"},
    )
    contact_name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    contact_email = forms.EmailField(
        label="Your email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    contact_phone = forms.CharField(
        label="Your phone number (optional)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    project_title = forms.CharField(
        label="Project name", max_length=150, error_messages={"required": "Enter a name for your project"}
    )
    purpose = forms.CharField(
        label="What the money is for",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what the money is for",
            "max_length": "What the money is for must be 3000 characters or fewer",
        },
    )
    amount_requested = money("Amount you are asking for", help_text="In pounds, for example 750")
    carers_benefiting = whole_number("How many carers will benefit", minimum=1)
    works_in_area = forms.BooleanField(
        label="Our group works with carers in this area",
        error_messages={"required": "Confirm that your group works with carers in this area"},
    )
    is_not_for_profit = forms.BooleanField(
        label="We are a not-for-profit community group",
        error_messages={"required": "Confirm that your group is not for profit"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, initial={"submission_key": uuid.uuid4()})
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_charity_number(self) -> str:
        number: str = self.cleaned_data["charity_number"].strip()
        if number and not is_charity_number(number):
            raise forms.ValidationError("Charity number must be 6 or 7 digits, like 1123456")
        return number

    def clean_company_number(self) -> str:
        number: str = self.cleaned_data["company_number"].strip()
        if number and not is_company_number(number):
            raise forms.ValidationError("Company number must be 8 characters, like 01234567 or SC123456")
        return number

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            organisation_name=data["organisation_name"],
            charity_number=data["charity_number"],
            company_number=data["company_number"],
            postcode=data["postcode"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            project_title=data["project_title"],
            purpose=data["purpose"],
            amount_requested=data["amount_requested"],
            carers_benefiting=data["carers_benefiting"],
            works_in_area=data["works_in_area"],
            is_not_for_profit=data["is_not_for_profit"],
        )


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this application?",
        help_text="For example, you or a relative run, work for or sit on the board of the group.",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a conflict of interest"},
    )
    note = forms.CharField(label="What is the conflict?", max_length=300, required=False)


class ScoreForm(forms.Form):
    """One 0 to 5 score for each of the round's criteria."""

    comment = forms.CharField(label="Comment", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data: Any = None, *, criteria: list[Criterion], initial: dict[str, int]) -> None:
        super().__init__(data, initial=initial)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight})",
                choices=[("", "Choose a score"), *((n, str(n)) for n in range(MAXIMUM_SCORE + 1))],
                coerce=int,
                error_messages={"required": f"Score {criterion.name.lower()}"},
            )
        self.order_fields([f"criterion_{criterion.pk}" for criterion in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"] for criterion in self.criteria}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[("award", "Award"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select award or decline"},
    )
    amount = money("Amount awarded")
    reasons = forms.CharField(
        label="Reasons", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reasons"}
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["amount"].required = False


class PaymentForm(forms.Form):
    amount = money("Amount paid")
    paid_on = GovukDateField(label="Date paid")
    reference = forms.CharField(label="Payment reference", max_length=50, required=False)


class ReturnForm(forms.Form):
    spent = money("Amount spent")
    carers_reached = whole_number("Carers reached")
    what_changed = forms.CharField(
        label="What changed for carers",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what changed for carers"},
    )
    received_on = GovukDateField(label="Date received")
