"""Forms for everyday support. They check the shape of what was sent; the services enforce the rules and raise
SupportInvalid with messages for the fields."""

import re
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.forms import GovukDateField
from carershub.support.models import (
    Contact,
    ContactKind,
    FeedbackResponse,
    GroupKind,
    Service,
    SupportSeries,
    TrainingAttendance,
    TrainingCourse,
)
from carershub.support.models.contacts import MINUTES_IN_A_DAY
from carershub.support.services.contacts import ContactDetails
from carershub.support.services.groups import GroupDetails
from carershub.support.services.voice import FeedbackAnswers

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


# Groups and sessions ----------------------------------------------------------------------------------------------


def _whole_number(label: str, *, required: bool = False, minimum: int = 0, maximum: int = 1000) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {minimum} or more",
            "max_value": f"{label} must be {maximum} or fewer",
        },
    )


TIME_FORMAT = re.compile(r"^(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)$")


class GroupForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the group's name"})
    kind = forms.TypedChoiceField(label="Kind of group", coerce=int)
    venue = forms.CharField(label="Venue", max_length=200, error_messages={"required": "Enter the venue"})
    district = forms.CharField(label="District", max_length=100, required=False)
    first_date = GovukDateField(label="First session")
    start_time = forms.CharField(
        label="Start time",
        help_text="For example, 10:00 or 18:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the start time"},
    )
    duration_minutes = _whole_number("Length in minutes", required=True, minimum=15, maximum=720)
    schedule = forms.CharField(
        label="Schedule",
        max_length=200,
        help_text="An iCalendar rule: FREQ=WEEKLY;BYDAY=TU (every Tuesday), FREQ=WEEKLY;INTERVAL=2;BYDAY=TH "
        "(every other Thursday), FREQ=MONTHLY;BYDAY=1MO (first Monday), FREQ=WEEKLY;COUNT=6 (a six-week course).",
        error_messages={"required": "Enter the schedule"},
    )
    capacity = _whole_number("Places", required=True, minimum=1, maximum=500)
    minimum_age = _whole_number("Youngest age", maximum=120)
    maximum_age = _whole_number("Oldest age", maximum=120)
    facilitators = forms.TypedMultipleChoiceField(
        label="Facilitators", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data: Any = None, *, kinds: list[GroupKind], colleagues: list[User]) -> None:
        super().__init__(data, initial={"duration_minutes": 120, "schedule": "FREQ=WEEKLY"})
        self.kinds = {kind.pk: kind for kind in kinds}
        self.colleagues = {user.pk: user for user in colleagues}
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(kind.pk, kind.name) for kind in kinds]
        cast(forms.ChoiceField, self.fields["facilitators"]).choices = [(u.pk, u.full_name) for u in colleagues]

    def clean_start_time(self) -> time:
        match = TIME_FORMAT.match(self.cleaned_data["start_time"].strip())
        if match is None:
            raise forms.ValidationError("Enter the start time as hours and minutes, like 10:00")
        return time(int(match["hour"]), int(match["minute"]))

    def details(self) -> GroupDetails:
        data = self.cleaned_data
        starts = timezone.make_aware(datetime.combine(data["first_date"], data["start_time"]))
        return GroupDetails(
            name=data["name"],
            kind=self.kinds[data["kind"]],
            schedule=data["schedule"],
            first_starts_at=starts,
            venue=data["venue"],
            capacity=data["capacity"],
            duration_minutes=data["duration_minutes"],
            district=data["district"],
            description=data["description"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
        )

    def chosen_facilitators(self) -> list[User]:
        return [self.colleagues[pk] for pk in self.cleaned_data["facilitators"]]


class BookingForm(forms.Form):
    needs_replacement_care = forms.BooleanField(label="Needs replacement care to come", required=False)
    needs_transport = forms.BooleanField(label="Needs transport", required=False)
    parental_consent_by = forms.CharField(
        label="Parent who gave consent", max_length=150, required=False, help_text="Needed for carers under 16."
    )
    parental_consent_on = GovukDateField(label="Date consent was given", required=False)


class RegisterForm(forms.Form):
    """Tick who came; count the others. Sized for a phone: one column of large checkboxes."""

    attended = forms.TypedMultipleChoiceField(
        label="Who came", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    head_count = _whole_number("Others who came, not on the register", required=True, maximum=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, carers: list[tuple[int, str]], initial: dict[str, Any]) -> None:
        super().__init__(data, initial=initial)
        cast(forms.ChoiceField, self.fields["attended"]).choices = carers


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=300,
        help_text="Those booked are told this.",
        error_messages={"required": "Enter why the session is cancelled"},
    )


# Training ---------------------------------------------------------------------------------------------------------


class CourseForm(forms.Form):
    title = forms.CharField(label="Course title", max_length=150, error_messages={"required": "Enter the course title"})
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=TrainingCourse.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the course is for"},
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TrainingSessionForm(forms.Form):
    held_on = GovukDateField(label="Date")
    venue = forms.CharField(label="Venue", max_length=200, error_messages={"required": "Enter the venue"})
    trainer = forms.CharField(label="Trainer", max_length=150, required=False)


class ProfessionalsTrainedForm(forms.Form):
    sector = forms.ChoiceField(
        label="Sector",
        choices=[("", "Choose a sector"), *TrainingAttendance.Sector.choices[1:]],
        error_messages={"required": "Select the sector"},
    )
    partner = forms.ChoiceField(label="School or GP practice (if it is one we work with)", required=False)
    organisation_name = forms.CharField(label="Or the organisation's name", max_length=200, required=False)
    attendees = _whole_number("Number of staff", required=True, minimum=1, maximum=500)

    def __init__(self, data: Any = None, *, partners: list[tuple[str, str]]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["partner"]).choices = [("", "Not a partner"), *partners]


class TrainingFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How good was the session?",
        choices=[(5, "5 Excellent"), (4, "4 Good"), (3, "3 Fair"), (2, "2 Poor"), (1, "1 Very poor")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating"},
    )
    comment = forms.CharField(
        label="What would make it better?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# Carer voice ------------------------------------------------------------------------------------------------------


class FeedbackForm(forms.Form):
    """The carer's three questions: short, plain, and the same online and on paper."""

    satisfaction = forms.TypedChoiceField(
        label="How satisfied are you with the support you had?",
        choices=[
            (5, "Very satisfied"),
            (4, "Satisfied"),
            (3, "Neither"),
            (2, "Dissatisfied"),
            (1, "Very dissatisfied"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how satisfied you are"},
    )
    would_recommend = forms.ChoiceField(
        label="Would you recommend us to another carer?",
        choices=FeedbackResponse.Recommend.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you would recommend us"},
    )
    what_would_make_it_better = forms.CharField(
        label="What would make it better? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What would make it better must be 2000 characters or fewer"},
    )

    def answers(self) -> FeedbackAnswers:
        return FeedbackAnswers(**self.cleaned_data)


class PaperFeedbackForm(FeedbackForm):
    service = forms.ChoiceField(
        label="What was it about?", choices=Service.choices, error_messages={"required": "Select the service"}
    )
    answered_on = GovukDateField(label="Date on the form")

    def answers(self) -> FeedbackAnswers:
        data = self.cleaned_data
        return FeedbackAnswers(data["satisfaction"], data["would_recommend"], data["what_would_make_it_better"])


class AskForFeedbackForm(forms.Form):
    service = forms.ChoiceField(label="Ask for feedback about", choices=Service.choices)


class YouSaidWeDidForm(forms.Form):
    you_said = forms.CharField(label="You said", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    publish = forms.BooleanField(label="Publish it now", required=False)


class CoProductionForm(forms.Form):
    title = forms.CharField(label="Meeting", max_length=150, initial="Carers' forum")
    held_on = GovukDateField(label="Date")
    carers_attending = _whole_number("Carers who came", required=True, maximum=1000)
    actions_agreed = forms.CharField(label="Actions agreed", widget=forms.Textarea(attrs={"rows": 3}))
