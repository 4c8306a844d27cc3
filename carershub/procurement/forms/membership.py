"""Forms for supplier membership: the supplier's answers, assessors' marks and membership changes."""

from typing import Any

from django import forms

from carershub.core.forms import GovukDateField
from carershub.procurement.models import (
    Application,
    Membership,
    Question,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class ApplicationForm(forms.Form):
    """A supplier's answers: yes or no for exclusion grounds and requirements, text for scored questions, and the
    regulator's rating with its date. No price is asked: entry is on quality alone."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    regulator_rating = forms.ChoiceField(
        label="Your most recent Ofsted or CQC rating for this service",
        choices=[("", "Select a rating"), *Application.Rating.choices],
        error_messages={"required": "Select your regulator's rating"},
    )
    regulator_rating_date = GovukDateField(
        label="Date of that rating", help_text="For example, 14 2 2026", required=False
    )

    def __init__(self, *args: Any, application: Application, questions: list[Question], **kwargs: Any) -> None:
        answers = {answer.question_id: answer for answer in application.answers.all()}
        initial = {
            "version": application.version,
            "regulator_rating": application.regulator_rating,
            "regulator_rating_date": application.regulator_rating_date,
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            name = f"question_{question.pk}"
            if question.is_scored():
                self.fields[name] = forms.CharField(
                    label=question.text,
                    help_text=question.guidance,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                    initial=answer.text if answer else "",
                )
            else:
                label = question.text
                if question.kind in {Question.Kind.MANDATORY_EXCLUSION, Question.Kind.DISCRETIONARY_EXCLUSION}:
                    label = f"Does this apply to you? {question.text}"
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    help_text=question.guidance,
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=_yes_no(answer.is_yes) if answer else "",
                )

    def answers(self) -> dict[int, tuple[str, bool | None]]:
        result: dict[int, tuple[str, bool | None]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}") or ""
            if question.is_scored():
                result[question.pk] = (value.strip(), None)
            else:
                result[question.pk] = ("", None if value == "" else value == "yes")
        return result


class EvaluationForm(forms.Form):
    """An assessor's marks (or a moderator's agreed marks) and pass/fail results."""

    rating_checked = forms.BooleanField(
        label="I have checked the rating against the regulator's register today", required=False
    )
    note = forms.CharField(label="Notes (the supplier sees moderation notes)", widget=forms.Textarea, required=False)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        initial_marks: dict[str, int],
        grounds_declared: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        """`grounds_declared`: discretionary exclusion grounds the supplier said apply, which a moderator may set
        aside (with the reason in the note), e.g. after evidence of self-cleaning."""
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.grounds_declared = grounds_declared
        for question in questions:
            if question.pk in grounds_declared:
                self.fields[f"set_aside_{question.pk}"] = forms.BooleanField(
                    label=f"Set aside this discretionary exclusion ground: {question.text}", required=False
                )
            name = f"question_{question.pk}"
            if question.is_scored():
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{question.text} (minimum {question.minimum_mark})",
                    choices=[(str(mark), str(mark)) for mark in range(question.max_mark + 1)],
                    coerce=int,
                    initial=initial_marks.get(str(question.pk)),
                    error_messages={"required": f"Mark: {question.text}"},
                )
            elif question.kind == Question.Kind.PASS_FAIL:
                self.fields[name] = forms.ChoiceField(
                    label=f"Requirement met: {question.text}",
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Select whether the requirement is met: {question.text}"},
                )

    def marks(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"question_{q.pk}"] for q in self.questions if q.is_scored()}

    def grounds_set_aside(self) -> frozenset[int]:
        return frozenset(pk for pk in self.grounds_declared if self.cleaned_data.get(f"set_aside_{pk}"))

    def passes(self) -> dict[int, bool]:
        return {
            q.pk: self.cleaned_data[f"question_{q.pk}"] == "yes"
            for q in self.questions
            if q.kind == Question.Kind.PASS_FAIL
        }


class MembershipStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Change the membership to",
        choices=[(value, label) for value, label in Membership.Status.choices],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new status"},
    )
    reason = forms.CharField(
        label="Reason (the supplier sees this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason the supplier will see"},
    )


class RatingRecheckForm(forms.Form):
    """The rating found on the regulator's register today, with the date the regulator gave it."""

    regulator_rating = forms.ChoiceField(
        label="Rating on the regulator's register",
        choices=[("", "Select a rating"), *Application.Rating.choices],
        error_messages={"required": "Select the rating"},
        help_text="Inadequate suspends the membership until you review it.",
    )
    regulator_rating_date = GovukDateField(
        label="Date of that rating", help_text="For example, 14 2 2026", required=False
    )
