"""Choosing who a case is allocated to."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from carershub.accounts.models import User


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
