"""The fields the contract forms share: money to the penny, whole years, organisations by name, and the rows
and kinds the set-up form offers."""

from decimal import Decimal
from typing import Any, Final

from django import forms

from carershub.organisations.models import Organisation

# Rows offered on the one-page set-up form (it works without JavaScript, so the rows are there from the start).
FUNDER_ROWS: Final = 4
LOT_ROWS: Final = 3
COMMISSIONING_KINDS: Final = (
    Organisation.Kind.COUNCIL_ADULT_SOCIAL_CARE,
    Organisation.Kind.COUNCIL_CHILDRENS_SERVICES,
    Organisation.Kind.ICB,
)
LONGEST_TERM_YEARS: Final = 50


class MoneyField(forms.DecimalField):
    """Pounds to the penny, never negative. Accepts "£990,930" and "990930.00" alike."""

    def __init__(self, *, label: str, subject: str, required: bool = True, help_text: str = "") -> None:
        super().__init__(
            label=label,
            help_text=help_text,
            required=required,
            max_digits=14,
            decimal_places=2,
            min_value=Decimal("0"),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
            error_messages={
                "required": f"Enter {subject}",
                "invalid": f"Enter {subject} in pounds, like 990930.00",
                "min_value": f"{subject[:1].upper()}{subject[1:]} must not be negative",
                "max_decimal_places": f"Enter {subject} to the penny (2 decimal places at most)",
                "max_digits": f"Enter {subject} of less than a trillion pounds",
                "max_whole_digits": f"Enter {subject} of less than a trillion pounds",
            },
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: DecimalField(IntegerField)
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        result: Decimal | None = super().to_python(value)
        return result


def years_field(label: str, subject: str, *, help_text: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=1,
        max_value=LONGEST_TERM_YEARS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter {subject}",
            "invalid": f"Enter {subject} as a whole number of years, like 3",
            "min_value": f"{subject[:1].upper()}{subject[1:]} must be at least 1 year",
            "max_value": f"{subject[:1].upper()}{subject[1:]} must be {LONGEST_TERM_YEARS} years or less",
        },
    )


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class OrganisationsChoiceField(forms.ModelMultipleChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name
