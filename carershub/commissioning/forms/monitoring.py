"""Forms for KPIs, targets, provider figures, returns and ratings. They check the shape; the services the rules."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from carershub.assessments.models import Assessment
from carershub.commissioning.kpis.library import KPI_LIBRARY
from carershub.commissioning.models import Lot, PerformanceRating
from carershub.commissioning.rules.rag import Period, financial_quarter, reporting_period_problem

COMMENT_MAX_LENGTH = 4000


def _measure_choices() -> list[tuple[str, str]]:
    return [
        (code, f"{definition.label}{'' if definition.computed else ' (entered by provider)'}")
        for code, definition in KPI_LIBRARY.items()
    ]


def _lot_choices(lots: list[Lot]) -> list[tuple[str, str]]:
    return [("", "The whole contract"), *((str(lot.pk), str(lot)) for lot in lots)]


class KpiTargetForm(forms.Form):
    """A measure from the library, for the whole contract or a lot, with its annual target and RAG thresholds.
    Used both to add a KPI and to change the target of one the contract has."""

    measure = forms.ChoiceField(
        label="Measure",
        choices=(),
        error_messages={"required": "Select a measure", "invalid_choice": "Select a measure"},
    )
    lot = forms.ChoiceField(label="For", choices=(), required=False)
    annual_target = forms.DecimalField(
        label="Annual target",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the annual target",
            "invalid": "Annual target must be a number, like 4000",
            "min_value": "Annual target must be 0 or more",
        },
    )
    green_from_percent = forms.DecimalField(
        label="Green from (% of target)",
        initial=Decimal(100),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        error_messages={"required": "Enter where green starts", "invalid": "Green must be a percentage, like 100"},
    )
    amber_from_percent = forms.DecimalField(
        label="Amber from (% of target)",
        initial=Decimal(90),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        error_messages={"required": "Enter where amber starts", "invalid": "Amber must be a percentage, like 90"},
    )

    assessment_kinds = forms.MultipleChoiceField(
        label="Assessments that count (optional)",
        help_text="For the assessment measures only. Leave empty to count every kind.",
        choices=Assessment.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Select the kinds of assessment from the list"},
    )

    def __init__(self, *args: Any, lots: list[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lots = {str(lot.pk): lot for lot in lots}
        self.fields["measure"].choices = [("", "Select a measure"), *_measure_choices()]  # type: ignore[attr-defined]
        self.fields["lot"].choices = _lot_choices(lots)  # type: ignore[attr-defined]

    def chosen_lot(self) -> Lot | None:
        return self.lots.get(self.cleaned_data.get("lot") or "")


class QuarterChoiceForm(forms.Form):
    """A choice of the contract's quarters that have started (newest first, the current one selected). A quarter
    not offered (one not started yet, or outside the term) gets a message saying which ones may be chosen."""

    quarter = forms.CharField(
        label="Quarter", widget=forms.Select, error_messages={"required": "Select the quarter the figures are for"}
    )

    def __init__(
        self, *args: Any, quarters: list[Period], contract_start: date, contract_end: date, today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = quarters
        self.term = (contract_start, contract_end, today)
        widget = self.fields["quarter"].widget
        widget.choices = [(q.start.isoformat(), f"{q.label} ({q.short_label})") for q in quarters]
        if quarters:
            self.fields["quarter"].initial = quarters[0].start.isoformat()

    def clean_quarter(self) -> Period:
        value = self.cleaned_data["quarter"]
        try:
            quarter = financial_quarter(date.fromisoformat(value))
        except ValueError:
            raise forms.ValidationError("Select the quarter the figures are for") from None
        if quarter.start.isoformat() != value:
            raise forms.ValidationError("Select the quarter the figures are for")
        contract_start, contract_end, today = self.term
        problem = reporting_period_problem(
            quarter, contract_start=contract_start, contract_end=contract_end, today=today
        )
        if problem is not None:
            raise forms.ValidationError(problem)
        return quarter


class ManualFigureForm(QuarterChoiceForm):
    value = forms.DecimalField(
        label="Figure for the quarter",
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the figure",
            "invalid": "Figure must be a number",
            "min_value": "Figure must be 0 or more",
        },
    )
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea
    )


class GenerateReturnForm(QuarterChoiceForm):
    lot = forms.ChoiceField(label="Return for", choices=(), required=False)
    field_order = ("lot", "quarter")

    def __init__(self, *args: Any, lots: list[Lot], whole_contract: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lots = {str(lot.pk): lot for lot in lots}
        choices = _lot_choices(lots) if whole_contract else [(str(lot.pk), str(lot)) for lot in lots]
        self.fields["lot"].choices = choices  # type: ignore[attr-defined]

    def chosen_lot(self) -> Lot | None:
        return self.lots.get(self.cleaned_data.get("lot") or "")


class SubmitReturnForm(forms.Form):
    comment = forms.CharField(
        label="Your comments on the figures (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewReturnForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept the return"), ("query", "Query the return")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept or query the return"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required when you query the return: say what the provider should check.",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned and cleaned.get("decision") == "query" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Enter what you are querying, so the provider can answer it")
        return cleaned


class CorrectReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why does the return need correcting?",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the return is being corrected"},
    )


class RatingForm(forms.Form):
    contract_year = forms.IntegerField(
        label="Contract year",
        min_value=1,
        error_messages={"required": "Enter the contract year", "min_value": "Contract year must be 1 or more"},
    )
    rating = forms.ChoiceField(
        label="Rating",
        choices=PerformanceRating.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating"},
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the evidence for the rating"},
    )


class AnswerQueryForm(forms.Form):
    answer = forms.CharField(
        label="Your answer to the commissioner's query",
        help_text="Say what you checked and what you found. If the figures were wrong, start a corrected version too.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your answer to the commissioner's query"},
    )
