"""Forms for everyday support. They check the shape of what was sent; the services enforce the rules and raise
SupportInvalid with messages for the fields."""

from datetime import date
from typing import Any, cast

from django import forms

from carershub.accounts.models import User
from carershub.core.forms import GovukDateField
from carershub.support.models import Contact, ContactKind, SupportSeries
from carershub.support.models.contacts import MINUTES_IN_A_DAY
from carershub.support.services.contacts import ContactDetails

NOTE_MAX_LENGTH = 5000


class ContactForm(forms.Form):
    """The quick log: kind, channel and date are required (the date is filled in with today); the rest is optional.
    The fields come in the order a practitioner types them, so Enter in "Minutes" logs the common case."""

    kind = forms.TypedChoiceField(
        label="Kind of contact", coerce=int, error_messages={"required": "Select the kind of contact"}
    )
    channel = forms.ChoiceField(
        label="How",
        choices=[("", "Choose how"), *Contact.Channel.choices],
        error_messages={"required": "Select how the contact was made"},
    )
    minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=1,
        max_value=MINUTES_IN_A_DAY,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Minutes must be a whole number",
            "min_value": "Minutes must be 1 or more",
            "max_value": f"Minutes must be {MINUTES_IN_A_DAY} or fewer",
        },
    )
    contacted_on = GovukDateField(label="Date of contact")
    worker = forms.TypedChoiceField(label="Who", coerce=int, required=False)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Note must be {NOTE_MAX_LENGTH} characters or fewer"},
    )
    follow_up_on = GovukDateField(label="Follow up on", required=False, help_text="Leave empty if none is needed.")
    series = forms.TypedChoiceField(label="Part of", coerce=int, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        kinds: list[ContactKind],
        colleagues: list[User],
        me: User,
        open_series: list[SupportSeries],
        today: date,
    ) -> None:
        super().__init__(data, initial={"contacted_on": today, "worker": me.pk})
        self.kinds = {kind.pk: kind for kind in kinds}
        self.colleagues = {user.pk: user for user in colleagues}
        self.series_by_id = {series.pk: series for series in open_series}
        self._choices("kind", [("", "Choose a kind"), *((kind.pk, kind.name) for kind in kinds)])
        self._choices("worker", [(user.pk, user.full_name) for user in colleagues] or [(me.pk, me.full_name)])
        if open_series:
            self._choices("series", [("", "No series"), *((s.pk, str(s)) for s in open_series)])
        else:
            del self.fields["series"]

    def _choices(self, name: str, choices: list[Any]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def details(self, *, me: User) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            contacted_on=data["contacted_on"],
            kind=self.kinds[data["kind"]],
            channel=data["channel"],
            minutes=data["minutes"],
            worker=self.colleagues.get(data["worker"]) if data["worker"] else me,
            note=data["note"],
            follow_up_on=data["follow_up_on"],
            series=self.series_by_id.get(data.get("series") or 0),
        )


class StartSeriesForm(forms.Form):
    kind = forms.TypedChoiceField(label="Kind of support", coerce=int)
    started_on = GovukDateField(label="Start date")
    planned_sessions = forms.IntegerField(
        label="Planned sessions",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Planned sessions must be a whole number"},
    )

    def __init__(self, data: Any = None, *, kinds: list[ContactKind], today: date) -> None:
        super().__init__(data, initial={"started_on": today})
        self.kinds = {kind.pk: kind for kind in kinds}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(kind.pk, kind.name) for kind in kinds]


class EndSeriesForm(forms.Form):
    ended_on = GovukDateField(label="End date")
    ending = forms.CharField(label="Why the series ended", max_length=300)
