"""Forms for support plans, direct payments, reviews and short breaks. They check the shape of what was sent; the
services enforce the rules and raise errors naming the fields. Forms that change a plan or a break carry the version
the practitioner saw, so a change made meanwhile by someone else is refused rather than overwritten."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms

from carershub.core.forms import GovukDateField
from carershub.emergency_response.models import Activation, ContingencyPlan
from carershub.organisations.models import Organisation
from carershub.support_plans.models import (
    CldDeliveryMechanism,
    CldServiceType,
    HowMet,
    PaymentFrequency,
    PaymentHolding,
    PlanNeed,
    PlanReview,
    ReviewedNeed,
    ShortBreakKind,
)

TEXT_MAX_LENGTH = 4000


def _text(label: str, *, help_text: str = "", required: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {TEXT_MAX_LENGTH} characters or fewer",
        },
    )


def _money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "invalid": f"{label} must be an amount in pounds, like 150.00",
            "min_value": f"{label} must not be negative",
            "max_decimal_places": f"{label} must be in pounds and pence, at most 2 decimal places",
            "max_digits": f"{label} is too large",
            "max_whole_digits": f"{label} is too large",
        },
    )


class VersionedForm(forms.Form):
    """Carries the version of the record the form was loaded with."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class PlanDetailsForm(VersionedForm):
    outcomes_wanted = _text("Outcomes the carer wants", help_text="In the carer's own words, where possible.")
    advice_and_information = _text(
        "Advice and information given",
        help_text="On meeting or reducing needs, and preventing or delaying needs (Care Act 2014 s.25(1)(f)).",
    )
    people_involved = _text(
        "Who was involved",
        help_text="The carer, the person cared for if the carer asked, and anyone else the carer asked to involve.",
        rows=2,
    )
    carer_contribution = _money("The carer's contribution", help_text="What the carer pays, if anything, in pounds.")
    contingency_plan = forms.ModelChoiceField(
        label="Contingency plan",
        queryset=ContingencyPlan.objects.none(),
        required=False,
        empty_label="No contingency plan",
        help_text="The carer's emergency plan, if they have one.",
    )

    def __init__(self, *args: Any, contingency_plans: Sequence[ContingencyPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["contingency_plan"])  # type: ignore[type-arg]
        field.queryset = ContingencyPlan.objects.filter(pk__in=[plan.pk for plan in contingency_plans])
        field.label_from_instance = _contingency_plan_label  # type: ignore[method-assign,assignment]


def _contingency_plan_label(plan: ContingencyPlan) -> str:
    return f"Contingency plan for {plan.cared_for.full_name}"


class NeedForm(VersionedForm):
    description = forms.CharField(label="Need", max_length=300, error_messages={"required": "Enter the need"})
    how_met = forms.ChoiceField(
        label="How will it be met?",
        choices=HowMet.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the need will be met"},
    )
    how_met_detail = _text("What will happen", help_text="The service, who provides it, and when.", rows=3)
    cost = _money("Cost to the council", help_text="In pounds. Enter 0 if nothing is paid for.")
    direct_payment_amount = _money(
        "Direct payment: total amount",
        required=False,
        help_text="Only for a need met by a direct payment: the total paid over the agreement, in pounds.",
    )
    direct_payment_frequency = forms.ChoiceField(
        label="Direct payment: how often",
        choices=[("", "Not a direct payment"), *PaymentFrequency.choices],
        required=False,
    )
    cld_service_type = forms.ChoiceField(
        label="Kind of service (for the Client Level Data return)",
        choices=[("", "Not a service"), *CldServiceType.choices],
        required=False,
    )
    cld_delivery_mechanism = forms.ChoiceField(
        label="How the service is delivered (for the Client Level Data return)",
        choices=[("", "Not known"), *CldDeliveryMechanism.choices],
        required=False,
        help_text="A direct payment is always reported as one.",
    )
    service_starts_on = GovukDateField(label="Service starts", required=False)
    service_ends_on = GovukDateField(label="Service ends", required=False)

    @classmethod
    def initial_for(cls, need: PlanNeed, lock_version: int) -> dict[str, Any]:
        return {
            "lock_version": lock_version,
            "description": need.description,
            "how_met": need.how_met,
            "how_met_detail": need.how_met_detail,
            "cost": need.cost,
            "direct_payment_amount": need.direct_payment_amount,
            "direct_payment_frequency": need.direct_payment_frequency,
            "cld_service_type": need.cld_service_type,
            "cld_delivery_mechanism": need.cld_delivery_mechanism,
            "service_starts_on": need.service_starts_on,
            "service_ends_on": need.service_ends_on,
        }


class AgreeForm(VersionedForm):
    carer_agreed_on = GovukDateField(label="When did the carer agree the plan?", subject="the date the carer agreed")
    carer_agreement = _text(
        "How the carer agreed", help_text="For example: signed at a home visit, by email.", required=True, rows=2
    )
    people_involved = _text("Who was involved", rows=2)


class ReasonForm(forms.Form):
    reason = _text("Reason", required=True, rows=3)


class EndPlanForm(VersionedForm):
    ended_on = GovukDateField(label="When does the plan end?", subject="the date the plan ends")
    reason = _text("Why is the plan ending?", required=True, rows=3)


class CompleteReviewForm(forms.Form):
    """One outcome per need, then the decision."""

    decision = forms.ChoiceField(
        label="What happens to the plan?",
        choices=PlanReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to continue, revise or end the plan"},
    )
    revision_reason = _text("What needs to change", help_text="Only if the plan is being revised.", rows=2)
    end_reason = _text("Why the plan is ending", help_text="Only if the plan is ending.", rows=2)
    notes = _text("What the review found", rows=4)
    field_order = ("decision",)

    def __init__(self, *args: Any, needs: Sequence[PlanNeed], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        outcome_fields: dict[str, forms.Field] = {}
        for need in self.needs:
            outcome_fields[f"achieved_{need.pk}"] = forms.ChoiceField(
                label=f"{need.description}: was the outcome achieved?",
                choices=ReviewedNeed.Achieved.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose whether the outcome was achieved fully, partly or not at all"},
            )
            outcome_fields[f"changes_{need.pk}"] = forms.CharField(
                label=f"{need.description}: what changes", required=False, max_length=TEXT_MAX_LENGTH
            )
        self.fields = {**outcome_fields, **self.fields}


class DirectPaymentForm(forms.Form):
    signed_on = GovukDateField(label="When was the agreement signed?", subject="the date the agreement was signed")
    holding = forms.ChoiceField(
        label="How is the money held?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the money is held", "invalid_choice": "Choose how the money is held"},
    )
    payee_reference = forms.CharField(label="Payee reference", max_length=40)
    starts_on = GovukDateField(label="First payment", subject="the date of the first payment")
    ends_on = GovukDateField(label="Last date a payment may fall on", subject="the end date")
    cost_centre = forms.CharField(label="Cost centre", max_length=40)
    funder = forms.CharField(label="Funder", max_length=100, initial="Adult social care")

    def __init__(self, data: Any = None) -> None:
        super().__init__(data)
        # The council's list as it stands: entries switched off are not offered (agreements that used them keep them).
        self.holdings = {entry.code: entry for entry in PaymentHolding.objects.all() if entry.is_enabled()}
        cast(forms.ChoiceField, self.fields["holding"]).choices = [
            (code, entry.name) for code, entry in self.holdings.items()
        ]

    def clean_holding(self) -> PaymentHolding:
        return self.holdings[self.cleaned_data["holding"]]


class PaymentForm(forms.Form):
    paid_on = GovukDateField(label="Date paid", subject="the date paid")


class MonitoringReturnForm(forms.Form):
    period_start = GovukDateField(label="Period from", subject="the start of the period")
    period_end = GovukDateField(label="Period to", subject="the end of the period")
    amount_spent = _money("Amount spent")
    receipts_seen = forms.BooleanField(label="Receipts seen", required=False)
    unspent_to_recover = _money("Unspent money to recover", help_text="Enter 0 if nothing is to be recovered.")
    recovery_reason = _text("Why the money is being recovered", rows=2)
    notes = _text("Notes", rows=2)


class DirectPaymentReviewForm(forms.Form):
    remains_appropriate = forms.TypedChoiceField(
        label="Do direct payments remain an appropriate way to meet the carer's needs?",
        choices=[("yes", "Yes"), ("no", "No: end the direct payment")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether direct payments remain appropriate"},
    )
    notes = _text("What the review found", required=True, rows=3)


class EndDirectPaymentForm(forms.Form):
    ended_on = GovukDateField(label="When does the direct payment end?", subject="the date it ends")
    reason = _text("Why is it ending?", required=True, rows=2)


class ExportForm(forms.Form):
    start = GovukDateField(label="From", subject="the first day")
    end = GovukDateField(label="To", subject="the last day")


class ShortBreakRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of break",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of break", "invalid_choice": "Choose the kind of break"},
    )
    description = _text("What the break is", rows=2)
    estimated_cost = _money("Estimated cost")
    activation = forms.ModelChoiceField(
        label="Emergency activation",
        queryset=Activation.objects.none(),
        required=False,
        empty_label="Not opened from an emergency",
        help_text="For an emergency break: the call to the emergency line that needed it.",
    )

    def __init__(self, *args: Any, activations: Sequence[Activation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The council's list as it stands, by code: kinds switched off are not offered (breaks that used them keep
        # them).
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind.code, kind.name) for kind in ShortBreakKind.objects.all() if kind.is_enabled()
        ]
        field = cast(forms.ModelChoiceField, self.fields["activation"])  # type: ignore[type-arg]
        field.queryset = Activation.objects.filter(pk__in=[activation.pk for activation in activations])
        field.label_from_instance = _activation_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == ShortBreakKind.EMERGENCY and cleaned.get("activation") is None:
            self.add_error("activation", "Choose the emergency activation this break is for")
        return cleaned


def _activation_label(activation: Activation) -> str:
    return f"Opened {activation.opened_at:%-d %B %Y at %H:%M}: {activation.reason}"


class ApproveBreakForm(VersionedForm):
    override_reason = _text(
        "Reason for approving past the plan's budget",
        help_text="Only needed when the break costs more than the plan's budget has left.",
        rows=2,
    )


class BookBreakForm(VersionedForm):
    provider = forms.ModelChoiceField(
        label="Provider", queryset=Organisation.objects.none(), error_messages={"required": "Choose the provider"}
    )
    starts_on = GovukDateField(label="Starts", subject="the start date")
    ends_on = GovukDateField(label="Ends", subject="the end date")

    def __init__(self, *args: Any, providers: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["provider"])  # type: ignore[type-arg]
        field.queryset = Organisation.objects.filter(pk__in=[provider.pk for provider in providers]).order_by("name")


class DeliverBreakForm(VersionedForm):
    delivered_on = GovukDateField(label="Date delivered", subject="the date delivered")
    hours = forms.DecimalField(label="Hours", required=False, min_value=Decimal("0"), max_digits=6, decimal_places=2)
    nights = forms.IntegerField(label="Nights", required=False, min_value=0, max_value=365)
    actual_cost = _money("Cost")


class CancelBreakForm(VersionedForm):
    reason = _text("Why is the break cancelled?", required=True, rows=2)
