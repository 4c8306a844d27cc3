"""What the GOV.UK form renderer's tests share: govuk-frontend's own fixtures, HTML made comparable line by line,
and forms rendered with the renderer."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template import engines

YES_NO = [("yes", "Yes"), ("no", "No")]


class CanonicalHtml(HTMLParser):
    """HTML as comparable lines: one per tag or text, attributes and class names sorted, whitespace collapsed.

    GOV.UK and Django number some ids differently; `id_renames` and `name_renames` translate the fixture's ids
    (in id, for and aria-describedby) and names into Django's before comparing.
    """

    def __init__(self, id_renames: Mapping[str, str], name_renames: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.id_renames = id_renames
        self.name_renames = name_renames
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = [self._attribute(name, value) for name, value in sorted(attrs)]
        self.lines.append(f"<{' '.join([tag, *rendered])}>")

    def handle_endtag(self, tag: str) -> None:
        self.lines.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if text := " ".join(data.split()):
            self.lines.append(text)

    def _attribute(self, name: str, value: str | None) -> str:
        if value is None:
            return name
        if name == "class":
            value = " ".join(sorted(value.split()))
        elif name in ("id", "for"):
            value = self.id_renames.get(value, value)
        elif name == "aria-describedby":
            value = " ".join(self.id_renames.get(id_, id_) for id_ in value.split())
        elif name == "name":
            value = self.name_renames.get(value, value)
        return f'{name}="{value}"'


def canonical(
    html: str, id_renames: Mapping[str, str] | None = None, name_renames: Mapping[str, str] | None = None
) -> list[str]:
    parser = CanonicalHtml(id_renames or {}, name_renames or {})
    parser.feed(html)
    parser.close()
    return parser.lines


def form_with(
    name: str, form_field: forms.Field, *, data: dict[str, Any] | None = None, error: ValidationError | None = None
) -> forms.Form:
    """A form of one field whose id is its name, as in GOV.UK's fixtures; `error` is added after validation."""
    form = forms.Form(data=data, auto_id="%s")
    form.fields[name] = form_field
    if error is not None:
        form.add_error(name, error)
    return form


def render_field(
    name: str, form_field: forms.Field, *, data: dict[str, Any] | None = None, error: ValidationError | None = None
) -> str:
    return str(form_with(name, form_field, data=data, error=error)[name].as_field_group())


def render_error_summary(form: forms.BaseForm) -> str:
    return engines["django"].from_string("{% govuk_error_summary form %}").render({"form": form})


@dataclass(frozen=True)
class FixtureCase:
    """A govuk-frontend fixture and the Django form field (or template) that should render the same markup."""

    component: str
    fixture: str
    render: Callable[[], str]
    id_renames: Mapping[str, str] = field(default_factory=dict)
    name_renames: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.component}: {self.fixture}"
