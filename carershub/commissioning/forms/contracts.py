"""Forms for a contract once set up: deciding an extension, varying it, moving it on, and its demand figures.

They check the shape of what was sent and say what to fix at the field; the services enforce the rules (and the
views put a service's errors back at the fields with `core.forms.add_errors`).
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from carershub.commissioning.forms.fields import (
    LONGEST_TERM_YEARS,
    MoneyField,
)
from carershub.commissioning.models import (
    Contract,
    ExtensionDecision,
    PopulationEstimate,
)
from carershub.commissioning.services.life_cycle import STATUS_CHANGES
from carershub.core.forms import GovukDateField
from carershub.organisations.models import Area


class ExtensionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=ExtensionDecision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to extend the contract"},
    )
    years = forms.IntegerField(
        label="Extend by (years)",
        help_text="Any whole number of years up to the extension left, in one go or in parts",
        required=False,
        min_value=1,
        max_value=LONGEST_TERM_YEARS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the extension as a whole number of years, like 2",
            "min_value": "An extension is at least 1 year",
            "max_value": f"An extension must be {LONGEST_TERM_YEARS} years or less",
        },
    )
    decided_on = GovukDateField(label="Date of the decision", help_text="For example, 27 3 2025")
    decision_reference = forms.CharField(
        label="Decision reference",
        help_text="The key decision, delegation or record of the officer decision",
        max_length=100,
        error_messages={"required": "Enter the reference of the decision"},
    )


class VariationForm(forms.Form):
    new_annual_value = MoneyField(label="New annual value (£)", subject="the new annual value")
    term_change_months = forms.IntegerField(
        label="Change to the term (months)",
        help_text="Positive to lengthen, negative to shorten, 0 for no change",
        initial=0,
        min_value=-600,
        max_value=600,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the change to the term in months, or 0",
            "invalid": "Enter the change to the term as a whole number of months, like 6 or -3",
            "min_value": "Enter a change of 600 months or less",
            "max_value": "Enter a change of 600 months or less",
        },
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter the reason for the variation"},
    )
    approved_by = forms.CharField(
        label="Approved by",
        help_text="Who approved it, under which delegation",
        max_length=200,
        error_messages={"required": "Enter who approved the variation"},
    )
    approved_on = GovukDateField(label="Date approved")
    effective_from = GovukDateField(label="Takes effect from")


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Select the new status"}
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - set up in this class
        field.choices = [(s, Contract.Status(s).label) for s in sorted(STATUS_CHANGES[contract.status])]


class PopulationEstimateForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Area", queryset=Area.objects.none(), empty_label=None, error_messages={"required": "Select the area"}
    )
    measure = forms.ChoiceField(
        label="What the figure measures",
        choices=PopulationEstimate.Measure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the figure measures"},
    )
    value = forms.DecimalField(
        label="Figure",
        help_text="A number of people, or a percentage for prevalence (8 for 8%)",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the figure",
            "invalid": "Enter the figure as a number, like 35000",
            "min_value": "The figure must not be negative",
            "max_decimal_places": "Enter the figure to 2 decimal places at most",
        },
    )
    source = forms.CharField(
        label="Source",
        help_text="Where the figure comes from, like Census 2021 (ONS) or the January 2024 school census",
        max_length=300,
        error_messages={"required": "Enter where the figure comes from"},
    )
    as_of = GovukDateField(label="Date of the figure")

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - set up in this class
        field.queryset = areas


class DemandForecastForm(forms.Form):
    """The forecast's assumptions, sent by GET so a forecast can be bookmarked."""

    growth_percent = forms.DecimalField(
        label="Growth in demand each year (%)",
        min_value=Decimal("-100"),
        max_value=Decimal("500"),
        max_digits=5,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the growth in demand each year",
            "invalid": "Enter the growth as a percentage, like 30",
            "min_value": "Growth must be more than -100%",
            "max_value": "Growth must be 500% or less",
            "max_decimal_places": "Enter the growth to 1 decimal place at most",
        },
    )
    capacity = forms.IntegerField(
        label="Capacity (carers a year, optional)",
        help_text="Used when the contract has no target for carers supported",
        min_value=0,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": "Enter the capacity as a whole number of carers",
            "min_value": "Capacity must not be negative",
        },
    )
