"""Choosing who a case is allocated to, and why it is closed."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from carershub.accounts.models import User
from carershub.caseloads.models import CaseClosureReason
from carershub.caseloads.services import NOTE_LENGTH


class WorkerChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class AllocateForm(forms.Form):
    worker = WorkerChoiceField(
        label="Who should this carer's case be allocated to?",
        queryset=User.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who to allocate the case to"},
    )

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        if isinstance(field, WorkerChoiceField):
            field.queryset = workers


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case being closed?",
        choices=(),  # the council's enabled reasons, set per form
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is being closed"},
    )
    note = forms.CharField(
        label="Anything the next person to work with this carer should know (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Note must be {NOTE_LENGTH} characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        if isinstance(field, forms.ChoiceField):
            # Only the entries the council offers now; a switched-off reason stays on the closures that used it.
            field.choices = [
                (entry.code, entry.name) for entry in CaseClosureReason.objects.all() if entry.is_enabled()
            ]


class CompleteTaskForm(forms.Form):
    note = forms.CharField(
        label="What was done (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Note must be {NOTE_LENGTH} characters or fewer"},
    )
