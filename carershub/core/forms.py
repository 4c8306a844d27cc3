"""Django forms in GOV.UK Frontend markup, so every form in the service looks and behaves like GOV.UK.

`GovukFormRenderer` (settings.FORM_RENDERER) renders `{{ form }}` and `{{ form.field.as_field_group }}` with the
templates in templates/govuk/forms; `GovukDateField` asks for a date as day, month and year boxes. A widget rendered
on its own (`{{ form.field }}`) and the admin keep Django's markup, so nothing outside our pages changes; only
GovukDateInput, which Django has no markup for, is GOV.UK's everywhere.
"""

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Final

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.template.backends.base import BaseEngine
from django.utils.functional import cached_property
from django_stubs_ext import StrOrPromise

DATE_PARTS: Final = ("day", "month", "year")
_MONTH_NAMES: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# The GOV.UK class of each single-control component; its error state adds "--error".
_CONTROL_CLASSES: Final = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select"}


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input): three numeric text inputs, named `<name>_day` and so on."""

    template_name = "govuk/forms/date-input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({part: forms.TextInput(attrs=_date_box_attrs(part)) for part in DATE_PARTS}, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Give each box its own id (`<id>_day`), its GOV.UK classes and its visible label ("Day")."""
        context = super().get_context(name, value, attrs)
        date_attrs = context["widget"]["attrs"]
        for part, box, subwidget in zip(DATE_PARTS, self.widgets, context["widget"]["subwidgets"], strict=True):
            box_attrs = dict(box.attrs)
            if date_attrs.get("id"):
                box_attrs["id"] = f"{date_attrs['id']}_{part}"
            if date_attrs.get("disabled"):
                box_attrs["disabled"] = True
            subwidget.update(attrs=box_attrs, part=part, label=part.capitalize())
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""


def _date_box_attrs(part: str) -> dict[str, str]:
    width = 4 if part == "year" else 2
    return {"class": f"govuk-input govuk-date-input__input govuk-input--width-{width}", "inputmode": "numeric"}


class GovukDateField(forms.Field):
    """A date asked for in day, month and year boxes, checked with GOV.UK's date input error messages.

    Messages name the date by `subject` ("Date of birth must include a month"); it defaults to the label, so pass
    it when the label is a question. What the user typed is shown back on error, whatever it was.

    An error's params["parts"] says which boxes GOV.UK highlights; errors naming no parts highlight the whole
    date. Validators can do the same: ValidationError("Year must be 1900 or later", params={"parts": ["year"]}).
    """

    widget = GovukDateInput
    default_error_messages: ClassVar[dict[str, StrOrPromise]] = {
        "required": "Enter %(subject_lower)s",
        "incomplete": "%(subject)s must include a %(missing)s",
        "invalid": "%(subject)s must be a real date",
        "year_digits": "Year must include 4 numbers",
    }

    def __init__(self, *, subject: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.subject = str(subject or self.label or "Date")

    def to_python(self, value: Any) -> datetime.date | None:
        """Read the three boxes in GOV.UK's order of checks: missing parts, impossible parts, impossible date."""
        if isinstance(value, datetime.date) or value is None:
            return value
        typed = dict(zip(DATE_PARTS, (str(part or "").strip() for part in value), strict=True))
        missing = [part for part in DATE_PARTS if not typed[part]]
        if len(missing) == len(DATE_PARTS):
            return None
        if missing:
            # One missing box is highlighted on its own; with more, GOV.UK highlights the whole date.
            raise self._error("incomplete", missing if len(missing) == 1 else DATE_PARTS, missing=" and ".join(missing))
        day = _number_between(typed["day"], 1, 31)
        month = _month_number(typed["month"])
        year = _number_between(typed["year"], 1000, 9999)
        if day is None or month is None or year is None:
            wrong = [part for part, number in zip(DATE_PARTS, (day, month, year), strict=True) if number is None]
            if wrong == ["year"] and typed["year"].isdecimal():
                raise self._error("year_digits", ["year"])
            raise self._error("invalid", wrong if len(wrong) == 1 else DATE_PARTS)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            # Every part is possible but the date is not (31 February): no single box is to blame.
            raise self._error("invalid", DATE_PARTS) from None

    def validate(self, value: datetime.date | None) -> None:
        if value is None and self.required:
            raise self._error("required", DATE_PARTS)

    def _error(self, code: str, parts: Sequence[str], **params: str) -> ValidationError:
        subject_lower = self.subject if self.subject[:2].isupper() else self.subject[:1].lower() + self.subject[1:]
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={"subject": self.subject, "subject_lower": subject_lower, "parts": tuple(parts), **params},
        )


def _number_between(text: str, lowest: int, highest: int) -> int | None:
    if not text.isdecimal():
        return None
    number = int(text)
    return number if lowest <= number <= highest else None


def _month_number(text: str) -> int | None:
    """Month as a number, or a month name in full or shortened ("march", "Mar"): GOV.UK accepts both."""
    if text.isdecimal():
        return _number_between(text, 1, 12)
    name = text.lower()
    for number, month_name in enumerate(_MONTH_NAMES, start=1):
        if name in (month_name, month_name[:3]):
            return number
    return None


class GovukBoundField(forms.BoundField):
    """A bound field that knows its GOV.UK markup: which component shows it, its ids, classes and aria-describedby.

    The renderer gives it to every form. It only adds to Django's BoundField, so Django's own rendering of a field
    (and so the admin's) is unchanged.
    """

    @cached_property
    def component(self) -> str:
        """The GOV.UK component that shows this field's widget; "widget" means Django's own markup for it."""
        widget = self.field.widget
        if isinstance(widget, GovukDateInput):
            return "date-input"
        # A single checkbox (BooleanField) is GOV.UK checkboxes with one item and no fieldset.
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
            return "input"
        return "widget"

    @property
    def control_template(self) -> str:
        return f"govuk/forms/{self.component}.html"

    @cached_property
    def control_id(self) -> str:
        """GOV.UK's `id` (`idPrefix` for radios): the widget's own id, else Django's `id_<name>`, else the name."""
        return str(self.field.widget.attrs.get("id") or self.auto_id or self.html_name)

    @property
    def label_for(self) -> str:
        return str(self.field.widget.id_for_label(self.control_id))

    @property
    def hint_id(self) -> str:
        return f"{self.control_id}-hint" if self.help_text else ""

    @property
    def error_id(self) -> str:
        return f"{self.control_id}-error" if self.errors else ""

    @property
    def described_by(self) -> str:
        """aria-describedby in GOV.UK's order: ids set on the widget, then the hint, then the error message."""
        ids = (self.field.widget.attrs.get("aria-describedby"), self.hint_id, self.error_id)
        return " ".join(str(id_) for id_ in ids if id_)

    @cached_property
    def widget_context(self) -> dict[str, Any]:
        """Django's widget context with GOV.UK's attributes instead of Django's.

        No `required` or `aria-invalid`: GOV.UK turns browser validation off and tells users about errors through
        the error message each control is described by. No `cols`: GOV.UK text areas take their width from CSS.
        """
        widget = self.field.widget
        attrs: dict[str, Any] = {"id": self.control_id}
        if control_class := _CONTROL_CLASSES.get(self.component):
            classes = (control_class, widget.attrs.get("class"), f"{control_class}--error" if self.errors else None)
            attrs["class"] = " ".join(str(class_) for class_ in classes if class_)
        if self.component == "textarea":
            attrs["cols"] = False
        if self.described_by and not self.use_fieldset:
            attrs["aria-describedby"] = self.described_by
        if self.field.disabled:
            attrs["disabled"] = True
        if self.field.localize:
            widget.is_localized = True
        context: dict[str, Any] = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        if isinstance(widget, GovukDateInput):
            for box in context["subwidgets"]:
                if box["part"] in self.date_error_parts:
                    box["attrs"]["class"] += " govuk-input--error"
        return context

    @cached_property
    def choice_items(self) -> list[dict[str, Any]]:
        """Radios or checkboxes as GOV.UK `items`: each input's label and attributes.

        A single checkbox is one item, labelled with the field's label. Option groups are flattened: GOV.UK radios
        and checkboxes have none. The widget's class and aria-describedby belong to the container and fieldset.
        """
        context = self.widget_context  # one widget context, so choices from the database are read once
        if "optgroups" in context:
            options = [option for _group_name, group, _index in context["optgroups"] for option in group]
        else:
            options = [{**context, "label": self.label}]
        items = []
        for option in options:
            attrs = {key: value for key, value in option["attrs"].items() if key not in ("class", "aria-describedby")}
            attrs["name"] = option["name"]
            if option["value"] is not None:
                attrs["value"] = option["value"]
            if self.described_by and not self.use_fieldset:
                attrs["aria-describedby"] = self.described_by
            items.append({"label": option["label"], "attrs": attrs})
        return items

    @cached_property
    def date_error_parts(self) -> tuple[str, ...]:
        """The date boxes to highlight: those the errors name in params["parts"]; all three if one names none."""
        parts: set[str] = set()
        for error in self.form.errors.as_data().get(self.name, []):
            parts.update((error.params or {}).get("parts") or DATE_PARTS)
        return tuple(part for part in DATE_PARTS if part in parts)

    @property
    def error_target_id(self) -> str:
        """Where the error summary links: the first highlighted date box, else the first radio, checkbox or input."""
        if self.component == "date-input":
            return f"{self.control_id}_{(self.date_error_parts or DATE_PARTS)[0]}"
        if self.component in ("radios", "checkboxes") and self.choice_items:
            return str(self.choice_items[0]["attrs"]["id"])
        return self.label_for or self.control_id


class GovukFormRenderer(DjangoTemplates):
    """Renders forms with the GOV.UK templates in templates/govuk/forms, fields as GovukBoundField.

    It keeps its own template engine, as Django's default renderer does, so that Django's built-in form templates
    stay available for hidden inputs, widgets GOV.UK has no component for, and the admin.
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField

    @cached_property
    def engine(self) -> BaseEngine:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [settings.PACKAGE_DIR / "templates", Path(forms.__file__).parent / "templates"],
                "NAME": "govukforms",
                "OPTIONS": {},
            }
        )


def add_errors(form: forms.BaseForm, errors: dict[str, str], *, rename: dict[str, str] | None = None) -> None:
    """A service's errors (core.errors.FieldErrors) beside the fields they are about; any other problem goes in
    the error summary. `rename` maps a service's name for a field to the form's, where the two differ."""
    for key, message in errors.items():
        field = (rename or {}).get(key, key)
        form.add_error(field if field in form.fields else None, message)
