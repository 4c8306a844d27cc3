"""The one-page form to set up a contract: its terms, lots, partners and funders.

It checks the shape of what was sent and says what to fix at the field; the services enforce the rules (the view
puts a service's errors back at the fields with `core.forms.add_errors`, renaming by `SERVICE_FIELDS`).
"""

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet

from carershub.accounts.models import User
from carershub.commissioning.forms.fields import (
    COMMISSIONING_KINDS,
    FUNDER_ROWS,
    LONGEST_TERM_YEARS,
    LOT_ROWS,
    MoneyField,
    OrganisationChoiceField,
    OrganisationsChoiceField,
    years_field,
)
from carershub.commissioning.models import (
    Contract,
    FundingContribution,
    PooledFund,
)
from carershub.commissioning.services.set_up import ContractSetUp, ContributionDetails, LotDetails
from carershub.core.forms import GovukDateField
from carershub.organisations.models import Area, Organisation
from carershub.referrals.models import Cohort


class ContractSetUpForm(forms.Form):
    """The whole contract on one page in sections: who, what, how it was bought, how long, how much, who pays."""

    # The service's names for errors that belong at a different field here.
    SERVICE_FIELDS: ClassVar[dict[str, str]] = {"contributions": "annual_value", "lots": "lot_1_title"}

    reference = forms.CharField(
        label="Contract reference",
        help_text="Your council's reference for the contract, like SEF-CARERS-2025. Letters, numbers and dashes.",
        max_length=50,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"required": "Enter the contract reference"},
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]*$", "Use only letters, numbers and dashes in the reference")
        ],
    )
    title = forms.CharField(
        label="Service",
        help_text="What is commissioned, like All-age carers support and advice service",
        max_length=200,
        error_messages={"required": "Enter the service the contract is for"},
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    commissioner = OrganisationChoiceField(
        label="Lead commissioner",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the lead commissioner", "invalid_choice": "Select the lead commissioner"},
    )
    partners = OrganisationsChoiceField(
        label="Joint commissioners (optional)",
        help_text="Other councils or the ICB commissioning the service jointly",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label="Areas served",
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the areas the contract serves"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in Contract.Status if s != Contract.Status.EXTENDED],
        initial=Contract.Status.PLANNED,
        error_messages={"required": "Select the contract's status"},
    )
    regime = forms.ChoiceField(
        label="Procurement regime",
        choices=Contract.Regime.choices,
        widget=forms.RadioSelect,
        help_text="Procurements started from 24 February 2025 are under the Procurement Act 2023",
        error_messages={"required": "Select the procurement regime"},
    )
    route = forms.ChoiceField(
        label="Procurement procedure",
        help_text="How the contract was awarded. Light touch is not a procedure: tick it below.",
        choices=Contract.Route.choices,
        error_messages={"required": "Select the procurement procedure"},
    )
    light_touch = forms.BooleanField(
        label="This is a light-touch contract (social care services)",
        required=False,
        initial=True,
    )
    start_date = GovukDateField(label="Start date", help_text="For example, 1 4 2025")
    initial_term_years = years_field("Initial term (years)", "the initial term", help_text="3 in 3+1+1")
    extension_years = forms.CharField(
        label="Extension options (years, optional)",
        help_text="Each option in years, in the order they may be taken, separated by commas: 1, 1 in 3+1+1",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    extension_notice_months = forms.IntegerField(
        label="Notice for an extension decision (months)",
        help_text="How long before the term ends the decision to extend must be made",
        min_value=0,
        max_value=36,
        initial=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the notice period in months",
            "invalid": "Enter the notice period as a whole number of months, like 6",
            "min_value": "The notice period must not be negative",
            "max_value": "The notice period must be 36 months or less",
        },
    )
    decision_maker = forms.CharField(
        label="Decision maker (optional)",
        help_text="Who may extend or vary the contract, like the key decision's delegation to a director",
        max_length=200,
        required=False,
    )
    annual_value = MoneyField(label="Annual value (£)", subject="the annual value", help_text="The value of year 1")
    annual_uplift_percent = forms.DecimalField(
        label="Annual uplift (%)",
        help_text="Added each year from year 2, compounding. 0 for none.",
        initial=Decimal("0"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the annual uplift, or 0 for none",
            "invalid": "Enter the uplift as a percentage, like 2.5",
            "min_value": "The uplift must not be negative: record a reduction in the annual value",
            "max_value": "The uplift must be 100% or less",
            "max_decimal_places": "Enter the uplift to 2 decimal places at most",
        },
    )
    maximum_price = MoneyField(
        label="Maximum annual price (£, optional)",
        subject="the maximum price",
        required=False,
        help_text="A cap on the annual value, like the budget after a reduction",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        areas = Area.objects.filter(organisations=user.organisation_id)
        organisations = Organisation.objects.filter(areas__in=areas, is_active=True).distinct().order_by("name")
        commissioners = organisations.filter(kind__in=COMMISSIONING_KINDS)
        providers = organisations.filter(kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.CONSORTIUM_LEAD])
        self._set_queryset("commissioner", commissioners)
        self._set_queryset("partners", commissioners)
        self._set_queryset("areas", areas.order_by("name"))
        self.fields["commissioner"].initial = user.organisation_id
        funds = PooledFund.objects.filter(host__in=commissioners).order_by("name")
        self._funders = {f"organisation-{o.pk}": o for o in commissioners}
        self._funds = {f"fund-{fund.pk}": fund for fund in funds}
        funder_choices = [
            ("", "No funder"),
            *((key, o.name) for key, o in self._funders.items()),
            *((key, f"{fund.name} (pooled fund)") for key, fund in self._funds.items()),
        ]
        for row in range(1, FUNDER_ROWS + 1):
            self.fields[f"funder_{row}"] = forms.ChoiceField(
                label=f"Funder {row}",
                choices=funder_choices,
                required=False,
                error_messages={"invalid_choice": "Select a funder from the list"},
            )
            self.fields[f"funder_{row}_amount"] = MoneyField(
                label=f"Funder {row}: annual contribution (£)", subject="the contribution", required=False
            )
            self.fields[f"funder_{row}_standing"] = forms.ChoiceField(
                label=f"Funder {row}: how sure the money is",
                choices=FundingContribution.Standing.choices,
                initial=FundingContribution.Standing.COMMITTED,
                required=False,
                help_text="Committed: a budget approved for the contract. Anticipated: expected, not yet agreed. "
                "Assumed: only assumed to continue.",
                error_messages={"invalid_choice": f"Select how sure funder {row}'s money is"},
            )
            self.fields[f"funder_{row}_years"] = forms.CharField(
                label=f"Funder {row}: contract years (optional)",
                help_text="Like 1, or 2-5. Leave empty for every year.",
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            )
        for row in range(1, LOT_ROWS + 1):
            self.fields[f"lot_{row}_title"] = forms.CharField(
                label=f"Lot {row}: what it covers" + (" (optional)" if row > 1 else ""),
                help_text="Like Adult, parent and kinship carers" if row == 1 else "",
                max_length=200,
                required=row == 1,
                error_messages={"required": "Enter what lot 1 covers"},
            )
            self.fields[f"lot_{row}_provider"] = OrganisationChoiceField(
                label=f"Lot {row}: provider",
                queryset=providers,
                required=False,
                empty_label="Not awarded yet",
                error_messages={"invalid_choice": "Select a provider from the list"},
            )
            self.fields[f"lot_{row}_cohorts"] = forms.MultipleChoiceField(
                label=f"Lot {row}: carers it serves",
                choices=Cohort.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
            )

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - set up in this class
        field.queryset = queryset

    def funder_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                self[f"funder_{row}"],
                self[f"funder_{row}_amount"],
                self[f"funder_{row}_standing"],
                self[f"funder_{row}_years"],
            )
            for row in range(1, FUNDER_ROWS + 1)
        ]

    def _clean_years(self, row: int) -> tuple[int, int | None]:
        text = (self.cleaned_data.get(f"funder_{row}_years") or "").replace(" ", "").replace("to", "-")
        if not text:
            return 1, None
        first, _, last = text.partition("-")
        if not first.isdecimal() or (last and not last.isdecimal()):
            raise forms.ValidationError("Enter the contract years like 1, or 2-5")
        first_year, last_year = int(first), int(last or first)
        if not 1 <= first_year <= last_year:
            raise forms.ValidationError("Enter the contract years from the earlier to the later, like 2-5")
        return first_year, last_year

    def lot_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"lot_{row}_title"], self[f"lot_{row}_provider"], self[f"lot_{row}_cohorts"])
            for row in range(1, LOT_ROWS + 1)
        ]

    def clean_extension_years(self) -> list[int]:
        text = self.cleaned_data["extension_years"].replace("+", ",")
        options = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdecimal() for part in options):
            raise forms.ValidationError("Enter each extension option as a whole number of years, like 1, 1")
        years = [int(part) for part in options]
        if any(option < 1 for option in years):
            raise forms.ValidationError("Each extension option must be at least 1 year")
        if len(years) > 10 or sum(years) > LONGEST_TERM_YEARS:
            raise forms.ValidationError(f"The extension options must add up to {LONGEST_TERM_YEARS} years or less")
        return years

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        commissioner = cleaned.get("commissioner")
        partners = list(cleaned.get("partners") or [])
        if commissioner is not None and self.user.organisation_id not in {commissioner.pk, *(p.pk for p in partners)}:
            self.add_error("commissioner", "Your organisation must be the lead commissioner or a joint commissioner")
        for row in range(1, FUNDER_ROWS + 1):
            funder, amount = cleaned.get(f"funder_{row}") or None, cleaned.get(f"funder_{row}_amount")
            try:
                cleaned[f"funder_{row}_year_range"] = self._clean_years(row)
            except forms.ValidationError as invalid:
                self.add_error(f"funder_{row}_years", invalid)
            if funder is not None and amount is None and f"funder_{row}_amount" not in self.errors:
                self.add_error(f"funder_{row}_amount", f"Enter funder {row}'s annual contribution")
            if funder is None and amount is not None and f"funder_{row}" not in self.errors:
                self.add_error(f"funder_{row}", f"Select funder {row}, or clear the contribution")
        for row in range(2, LOT_ROWS + 1):
            if not cleaned.get(f"lot_{row}_title") and (
                cleaned.get(f"lot_{row}_provider") or cleaned.get(f"lot_{row}_cohorts")
            ):
                self.add_error(f"lot_{row}_title", f"Enter what lot {row} covers, or clear its provider and carers")
        return cleaned

    def set_up(self) -> ContractSetUp:
        data = self.cleaned_data
        contributions = tuple(
            ContributionDetails(
                funder=self._funders.get(data[f"funder_{row}"]),
                pooled_fund=self._funds.get(data[f"funder_{row}"]),
                annual_amount=data[f"funder_{row}_amount"],
                standing=data[f"funder_{row}_standing"] or FundingContribution.Standing.COMMITTED,
                first_year=data[f"funder_{row}_year_range"][0],
                last_year=data[f"funder_{row}_year_range"][1],
            )
            for row in range(1, FUNDER_ROWS + 1)
            if data.get(f"funder_{row}")
        )
        lots = tuple(
            LotDetails(
                number=row,
                title=data[f"lot_{row}_title"],
                cohorts=tuple(data.get(f"lot_{row}_cohorts") or ()),
                provider=data.get(f"lot_{row}_provider"),
            )
            for row in range(1, LOT_ROWS + 1)
            if data.get(f"lot_{row}_title")
        )
        return ContractSetUp(
            reference=data["reference"].upper(),
            title=data["title"],
            description=data["description"],
            commissioner=data["commissioner"],
            partners=tuple(data["partners"]),
            areas=tuple(data["areas"]),
            status=data["status"],
            regime=data["regime"],
            route=data["route"],
            light_touch=data["light_touch"],
            start_date=data["start_date"],
            initial_term_years=data["initial_term_years"],
            extension_years=tuple(data["extension_years"]),
            extension_notice_months=data["extension_notice_months"],
            decision_maker=data["decision_maker"],
            annual_value=data["annual_value"],
            annual_uplift_percent=data["annual_uplift_percent"],
            maximum_price=data["maximum_price"],
            lots=lots,
            contributions=contributions,
        )
