"""Forms for package requests, bids, awards, spot purchases, reviews and continuing packages."""

from decimal import Decimal
from typing import Any

from django import forms

from carershub.core.forms import GovukDateField
from carershub.organisations.models import Organisation
from carershub.procurement.models import (
    Category,
    ContinuingPackage,
    PackageRequest,
    ProviderReview,
    SpotPurchase,
    Supplier,
)
from carershub.procurement.rules.bid_quality import MAX_ANSWER_MARK


class PoundsField(forms.DecimalField):
    """A weekly price in pounds to the penny, above £0. Accepts "£1,100" and "1100.00" alike."""

    def __init__(self, *, label: str, required: bool = True, help_text: str = "") -> None:
        super().__init__(
            label=label,
            help_text=help_text,
            required=required,
            max_digits=10,
            decimal_places=2,
            min_value=Decimal("0.01"),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"Enter the {label.lower()} in pounds, like 950.00",
                "min_value": f"The {label.lower()} must be above £0",
                "max_decimal_places": f"Enter the {label.lower()} to the penny",
            },
        )

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: DecimalField(IntegerField)
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


class PackageRequestForm(forms.Form):
    """A council's description of one child's or young person's need, without naming them."""

    category = forms.ModelChoiceField(
        label="Category", queryset=Category.objects.none(), error_messages={"required": "Select a category"}
    )
    age_band = forms.ChoiceField(
        label="Age band",
        choices=PackageRequest.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the age band"},
    )
    needs = forms.CharField(
        label="Needs",
        help_text="Describe the need without the child's name, address, school or anything else that identifies them",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe the needs"},
    )
    pattern = forms.CharField(
        label="Pattern of hours or placement type",
        max_length=200,
        error_messages={"required": "Enter the pattern of hours or the placement type"},
    )
    start_date = GovukDateField(label="Start date")
    expected_duration_weeks = forms.IntegerField(
        label="Expected duration in weeks",
        min_value=1,
        max_value=520,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the expected duration in weeks"},
    )
    price_ceiling = PoundsField(label="Weekly price ceiling", required=False, help_text="Your council's own ceiling")
    quality_weight = forms.IntegerField(
        label="Weight of quality (%)",
        help_text="Price has the rest",
        min_value=0,
        max_value=100,
        initial=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the weight of quality"},
    )
    quality_threshold = forms.DecimalField(
        label="Lowest quality mark to stay in (0 to 100)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    abnormally_low_ratio = forms.DecimalField(
        label="Flag a bid as abnormally low below this share of the others' mean price",
        help_text="For example, 0.80. A flagged bid is not excluded: ask the supplier to explain its price",
        required=False,
        initial=Decimal("0.80"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )
    question_1 = forms.CharField(label="Quality question 1", initial="How will you meet this young person's needs?")
    weight_1 = forms.IntegerField(label="Weight of question 1 (%)", min_value=1, max_value=100, initial=70)
    question_2 = forms.CharField(label="Quality question 2", initial="How will you keep the same workers?")
    weight_2 = forms.IntegerField(label="Weight of question 2 (%)", min_value=0, max_value=100, initial=30)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]

    def questions(self) -> list[tuple[str, int]]:
        pairs = [(self.cleaned_data["question_1"], self.cleaned_data["weight_1"])]
        if self.cleaned_data["weight_2"]:
            pairs.append((self.cleaned_data["question_2"], self.cleaned_data["weight_2"]))
        return pairs


class PublishForm(forms.Form):
    deadline_date = GovukDateField(label="Deadline for bids", help_text="Bids close at noon on this day")


class BidForm(forms.Form):
    """A supplier's weekly price and an answer to each quality question."""

    price = PoundsField(label="Weekly price")

    def __init__(self, *args: Any, questions: list[Any], answers: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=f"{question.text} (weight {question.weight}%)",
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answers.get(question.pk, ""),
                error_messages={"required": f"Answer: {question.text}"},
            )

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data[f"answer_{question.pk}"] for question in self.questions}


class BidMarksForm(forms.Form):
    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"mark_{question.pk}"] = forms.TypedChoiceField(
                label=f"Mark out of {MAX_ANSWER_MARK}: {question.text}",
                choices=[(str(mark), str(mark)) for mark in range(MAX_ANSWER_MARK + 1)],
                coerce=int,
                error_messages={"required": f"Mark the answer to: {question.text}"},
            )

    def marks(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"mark_{question.pk}"] for question in self.questions}


class AwardForm(forms.Form):
    bid = forms.TypedChoiceField(
        label="Award to", coerce=int, widget=forms.RadioSelect, error_messages={"required": "Select the bid"}
    )
    reasons = forms.CharField(
        label="Reasons for the award",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Record the reasons for the award"},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = choices  # type: ignore[attr-defined]


class SpotPurchaseForm(forms.Form):
    provider: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Provider", queryset=Organisation.objects.none(), error_messages={"required": "Select the provider"}
    )
    reason = forms.ChoiceField(
        label="Why buy outside the arrangement?",
        choices=SpotPurchase.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason"},
    )
    justification = forms.CharField(
        label="Justification",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why a spot purchase is needed"},
    )
    weekly_price = PoundsField(label="Weekly price")
    start_date = GovukDateField(label="Start date")

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class SpotDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or refuse"},
    )
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProviderReviewForm(forms.Form):
    supplier: forms.ModelChoiceField[Supplier] = forms.ModelChoiceField(
        label="Supplier", queryset=Supplier.objects.none(), error_messages={"required": "Select the supplier"}
    )
    kind = forms.ChoiceField(label="Kind", choices=ProviderReview.Kind.choices, widget=forms.RadioSelect)
    rating = forms.ChoiceField(
        label="Rating", choices=[("", "No rating"), *ProviderReview.Rating.choices], required=False
    )
    summary = forms.CharField(
        label="Summary",
        help_text="Shared with every council in the arrangement: no names or other personal details",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Summarise the review"},
    )

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]


class ContinuingReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=ContinuingPackage.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )


class ContinuingPackageForm(forms.Form):
    provider: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Provider", queryset=Organisation.objects.none(), error_messages={"required": "Select the provider"}
    )
    category: forms.ModelChoiceField[Category] = forms.ModelChoiceField(
        label="Category", queryset=Category.objects.none(), error_messages={"required": "Select the category"}
    )
    weekly_price = PoundsField(label="Weekly price")
    started_on = GovukDateField(label="Started on")
    review_due_on = GovukDateField(label="Review due by")

    def __init__(self, *args: Any, providers: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
