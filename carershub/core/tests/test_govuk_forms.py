"""The GOV.UK form renderer: its markup matches govuk-frontend's own fixtures, and forms follow GOV.UK's patterns."""

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.template import engines

from carershub.core.forms import DATE_PARTS, GovukDateField, GovukDateInput, GovukFormRenderer

GOVUK_COMPONENTS = (
    Path(__file__).resolve().parents[3] / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
)
# GOV.UK's own words, curly quotes included.
NI_HINT = "It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’."  # noqa: RUF001
NAME_CHANGE_HINT = "This includes changing your last name or spelling your name differently."
YES_NO = [("yes", "Yes"), ("no", "No")]
NATIONALITIES = [("british", "British"), ("irish", "Irish"), ("other", "Citizen of another country")]
SELECT_OPTIONS = [(1, "GOV.UK frontend option 1"), (2, "GOV.UK frontend option 2"), (3, "GOV.UK frontend option 3")]


# --- Helpers -------------------------------------------------------------------------------------------------------


@cache
def _fixtures(component: str) -> dict[str, str]:
    path = GOVUK_COMPONENTS / component / "fixtures.json"
    if not path.is_file():
        pytest.fail(f"govuk-frontend's fixtures are missing: {path} does not exist. Run `npm ci` (or `make setup`).")
    return {fixture["name"]: fixture["html"] for fixture in json.loads(path.read_text())["fixtures"]}


def govuk_fixture(component: str, name: str) -> str:
    fixtures = _fixtures(component)
    if name not in fixtures:
        pytest.fail(f"govuk-frontend has no {component} fixture called {name!r}; has the package changed?")
    return fixtures[name]


class _CanonicalHtml(HTMLParser):
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
    parser = _CanonicalHtml(id_renames or {}, name_renames or {})
    parser.feed(html)
    parser.close()
    return parser.lines


def option_ids(id_prefix: str, count: int) -> dict[str, str]:
    """GOV.UK numbers radios and checkboxes `x`, `x-2`, `x-3`; Django numbers them `x_0`, `x_1`, `x_2`."""
    return {
        (id_prefix if number == 1 else f"{id_prefix}-{number}"): f"{id_prefix}_{number - 1}"
        for number in range(1, count + 1)
    }


def date_ids(id_: str) -> dict[str, str]:
    """GOV.UK's date boxes are `<id>-day` and so on; ours are `<id>_day`."""
    return {f"{id_}-{part}": f"{id_}_{part}" for part in DATE_PARTS}


def date_names(name: str, govuk_prefix: str = "") -> dict[str, str]:
    """GOV.UK names the boxes `day` (or `<namePrefix>-day`); Django names them `<field name>_day`."""
    return {(f"{govuk_prefix}-{part}" if govuk_prefix else part): f"{name}_{part}" for part in DATE_PARTS}


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


def date_form(data: dict[str, str] | None = None, **field_options: Any) -> forms.Form:
    form = forms.Form(data=data)
    form.fields["dob"] = GovukDateField(label="What is your date of birth?", subject="Date of birth", **field_options)
    return form


def date_data(day: str, month: str, year: str) -> dict[str, str]:
    return {"dob_day": day, "dob_month": month, "dob_year": year}


def highlighted_boxes(html: str) -> tuple[str, ...]:
    """The date boxes shown in their error state, by part."""
    return tuple(
        part for part in DATE_PARTS for line in canonical(html) if f'id="id_dob_{part}"' in line and "--error" in line
    )


# --- Markup matches govuk-frontend's fixtures ----------------------------------------------------------------------


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


def _summary_of_two_field_errors() -> str:
    form = forms.Form(data={}, auto_id="%s")
    form.fields["example-error-1"] = forms.DateField(
        error_messages={"required": "The date your passport was issued must be in the past"}
    )
    form.fields["example-error-2"] = forms.CharField(error_messages={"required": "Enter a postcode, like AA1 1AA"})
    return render_error_summary(form)


def _summary_of_a_form_error(*, with_field_error: bool) -> str:
    form = forms.Form(data={}, auto_id="%s")
    if with_field_error:
        form.fields["example-error-1"] = forms.BooleanField(
            error_messages={"required": "Agree to the terms of service to log in"}
        )
    form.add_error(None, "Invalid username or password")
    return render_error_summary(form)


def _date_with_error_on(part: str) -> FixtureCase:
    """GOV.UK's `<part>: {error: true}` is, for us, an error that names that box in its params."""
    return FixtureCase(
        "date-input",
        f"with error on {part} input",
        lambda: render_field(
            f"dob-{part}-error",
            GovukDateField(label="What is your date of birth?", help_text="For example, 31 3 1980", required=False),
            data={},
            error=ValidationError("Error message goes here", params={"parts": [part]}),
        ),
        id_renames=date_ids(f"dob-{part}-error"),
        name_renames=date_names(f"dob-{part}-error"),
    )


def _error_message(**context: Any) -> str:
    return GovukFormRenderer().render("govuk/forms/error-message.html", context)


FIXTURE_CASES = [
    # Text inputs
    FixtureCase(
        "input", "default", lambda: render_field("test-name", forms.CharField(label="National Insurance number"))
    ),
    FixtureCase(
        "input",
        "with hint text",
        lambda: render_field(
            "test-name-2",
            forms.CharField(
                label="National insurance number",
                help_text=NI_HINT,
                widget=forms.TextInput(attrs={"id": "input-with-hint-text"}),
            ),
        ),
    ),
    FixtureCase(
        "input",
        "with error message",
        lambda: render_field(
            "test-name-3",
            forms.CharField(
                label="National Insurance number",
                widget=forms.TextInput(attrs={"id": "input-with-error-message"}),
                error_messages={"required": "Enter a National Insurance number in the correct format"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "input",
        "with error and hint",
        lambda: render_field(
            "with-error-hint",
            forms.CharField(
                label="National insurance number",
                help_text=NI_HINT,
                error_messages={"required": "Enter a National Insurance number in the correct format"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "input",
        "with width-10 class",
        lambda: render_field(
            "test-width-10",
            forms.CharField(
                label="National insurance number",
                help_text=NI_HINT,
                widget=forms.TextInput(attrs={"id": "input-width-10", "class": "govuk-input--width-10"}),
            ),
        ),
    ),
    FixtureCase(
        "input", "custom type", lambda: render_field("with-custom-type", forms.IntegerField(label="With custom type"))
    ),
    FixtureCase(
        "input",
        "value",
        lambda: render_field("with-value", forms.CharField(label="With value", initial="QQ 12 34 56 C")),
    ),
    FixtureCase(
        "input",
        "zero value",
        lambda: render_field(
            "with-zero-value", forms.IntegerField(label="With zero value", initial=0, widget=forms.TextInput)
        ),
    ),
    FixtureCase(
        "input",
        "attributes",
        lambda: render_field(
            "with-attributes",
            forms.CharField(label="With attributes", widget=forms.TextInput(attrs={"data-attribute": "my data value"})),
        ),
    ),
    FixtureCase(
        "input",
        "with autocomplete attribute",
        lambda: render_field(
            "postcode",
            forms.CharField(
                label="Postcode",
                widget=forms.TextInput(
                    attrs={"id": "input-with-autocomplete-attribute", "autocomplete": "postal-code"}
                ),
            ),
        ),
    ),
    FixtureCase(
        "input",
        "with error, hint and describedBy",
        lambda: render_field(
            "with-error-hint-describedby",
            forms.CharField(
                label="With error, hint and describedBy",
                help_text="Hint",
                widget=forms.TextInput(attrs={"aria-describedby": "test-target-element"}),
                error_messages={"required": "Error message"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "input",
        "disabled",
        lambda: render_field("disabled-input", forms.CharField(label="Disabled input", disabled=True)),
    ),
    # Text areas (GOV.UK's macro defaults to 5 rows, Django's widget to 10)
    FixtureCase(
        "textarea",
        "default",
        lambda: render_field(
            "more-detail",
            forms.CharField(label="Can you provide more detail?", widget=forms.Textarea(attrs={"rows": 5})),
        ),
    ),
    FixtureCase(
        "textarea",
        "with hint",
        lambda: render_field(
            "more-detail",
            forms.CharField(
                label="Can you provide more detail?",
                help_text="Don't include personal or financial information, eg your National Insurance number or "
                "credit card details.",
                widget=forms.Textarea(attrs={"rows": 5}),
            ),
        ),
    ),
    FixtureCase(
        "textarea",
        "with error message",
        lambda: render_field(
            "no-ni-reason",
            forms.CharField(
                label="Why can’t you provide a National Insurance number?",  # noqa: RUF001
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": "You must provide an explanation"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "textarea",
        "with default value",
        lambda: render_field(
            "address",
            forms.CharField(
                label="Full address",
                initial="221B Baker Street\nLondon\nNW1 6XE\n",
                widget=forms.Textarea(attrs={"id": "full-address", "rows": 5}),
            ),
        ),
    ),
    FixtureCase(
        "textarea",
        "with custom rows",
        lambda: render_field(
            "address",
            forms.CharField(label="Full address", widget=forms.Textarea(attrs={"id": "full-address", "rows": 8})),
        ),
    ),
    FixtureCase(
        "textarea",
        "with hint and error message",
        lambda: render_field(
            "with-hint-error",
            forms.CharField(
                label="With hint and error",
                help_text="Hint",
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": "Error message"},
            ),
            data={},
        ),
    ),
    # Selects
    FixtureCase(
        "select",
        "with hint text and error message",
        lambda: render_field(
            "select-2",
            forms.TypedChoiceField(
                label="Label text goes here",
                help_text="Hint text goes here",
                choices=SELECT_OPTIONS,
                error_messages={"required": "Error message goes here"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "select",
        "error",
        lambda: render_field(
            "select-with-error",
            forms.TypedChoiceField(
                label="Label text goes here",
                choices=SELECT_OPTIONS[:2],
                error_messages={"required": "Error message"},
            ),
            data={},
        ),
    ),
    FixtureCase(
        "select",
        "hint",
        lambda: render_field(
            "select-with-hint",
            forms.ChoiceField(label="Label text goes here", help_text="Hint text goes here", choices=[]),
        ),
    ),
    # Radios
    FixtureCase(
        "radios",
        "default",
        lambda: render_field(
            "example-default",
            forms.ChoiceField(label="Have you changed your name?", choices=YES_NO, widget=forms.RadioSelect),
        ),
        id_renames=option_ids("example-default", 2),
    ),
    FixtureCase(
        "radios",
        "with hint",
        lambda: render_field(
            "example-with-hint",
            forms.ChoiceField(
                label="Have you changed your name?",
                help_text=NAME_CHANGE_HINT,
                choices=YES_NO,
                widget=forms.RadioSelect,
            ),
        ),
        id_renames=option_ids("example-with-hint", 2),
    ),
    FixtureCase(
        "radios",
        "inline",
        lambda: render_field(
            "example",
            forms.ChoiceField(
                label="Have you changed your name?",
                help_text=NAME_CHANGE_HINT,
                choices=YES_NO,
                initial="no",
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            ),
        ),
        id_renames=option_ids("example", 2),
    ),
    FixtureCase(
        "radios",
        "with fieldset and error message",
        lambda: render_field(
            "example",
            forms.ChoiceField(label="Have you changed your name?", choices=YES_NO, widget=forms.RadioSelect),
            data={"example": "no"},
            error=ValidationError("Please select an option"),
        ),
        id_renames=option_ids("example", 2),
    ),
    FixtureCase(
        "radios",
        "with hint and error message",
        lambda: render_field(
            "example-error-message-hint",
            forms.ChoiceField(
                label="Have you changed your name?",
                help_text=NAME_CHANGE_HINT,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please select an option"},
            ),
            data={},
        ),
        id_renames=option_ids("example-error-message-hint", 2),
    ),
    FixtureCase(
        "radios",
        "with describedBy and hint",
        lambda: render_field(
            "example-hint-describedby",
            forms.ChoiceField(
                label="Have you changed your name?",
                help_text=NAME_CHANGE_HINT,
                choices=YES_NO,
                widget=forms.RadioSelect(attrs={"aria-describedby": "test-target-element"}),
            ),
        ),
        id_renames=option_ids("example-hint-describedby", 2),
    ),
    # Checkboxes
    FixtureCase(
        "checkboxes",
        "default",
        lambda: render_field(
            "nationality",
            forms.MultipleChoiceField(
                label="What is your nationality?", choices=NATIONALITIES, widget=forms.CheckboxSelectMultiple
            ),
        ),
        id_renames=option_ids("nationality", 3),
    ),
    FixtureCase(
        "checkboxes",
        "with hint",
        lambda: render_field(
            "nationality",
            forms.MultipleChoiceField(
                label="What is your nationality?",
                help_text="Select all that apply",
                choices=NATIONALITIES,
                widget=forms.CheckboxSelectMultiple,
            ),
        ),
        id_renames=option_ids("nationality", 3),
    ),
    FixtureCase(
        "checkboxes",
        "with error message and hint",
        lambda: render_field(
            "example",
            forms.MultipleChoiceField(
                label="What is your nationality?",
                help_text="If you have dual nationality, select all options that are relevant to you.",
                choices=NATIONALITIES[:2],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Please select an option"},
            ),
            data={},
        ),
        id_renames=option_ids("example", 2),
    ),
    FixtureCase(
        "checkboxes",
        "with error, hint and fieldset describedBy",
        lambda: render_field(
            "example",
            forms.MultipleChoiceField(
                label="What is your nationality?",
                help_text="If you have dual nationality, select all options that are relevant to you.",
                choices=NATIONALITIES[:2],
                widget=forms.CheckboxSelectMultiple(attrs={"aria-describedby": "test-target-element"}),
                error_messages={"required": "Please select an option"},
            ),
            data={},
        ),
        id_renames=option_ids("example", 2),
    ),
    FixtureCase(
        "checkboxes",
        "with single option set 'aria-describedby' on input, and describedBy",
        lambda: render_field(
            "t-and-c",
            forms.BooleanField(
                label="I agree to the terms and conditions",
                help_text="Please accept the terms and conditions",
                widget=forms.CheckboxInput(attrs={"value": "yes", "aria-describedby": "test-target-element"}),
            ),
        ),
    ),
    # Date inputs
    FixtureCase(
        "date-input",
        "default",
        lambda: render_field(
            "dob", GovukDateField(label="What is your date of birth?", help_text="For example, 31 3 1980")
        ),
        id_renames=date_ids("dob"),
        name_renames=date_names("dob"),
    ),
    FixtureCase(
        "date-input",
        "with values",
        lambda: render_field(
            "with-values",
            GovukDateField(
                label="What is your date of birth?",
                help_text="For example, 31 3 1980",
                initial=datetime.date(1980, 3, 31),
            ),
        ),
        id_renames=date_ids("with-values"),
        name_renames=date_names("with-values"),
    ),
    FixtureCase(
        "date-input",
        "with values and name prefix",
        lambda: render_field(
            "dob",
            GovukDateField(
                label="What is your date of birth?",
                help_text="For example, 31 3 1980",
                initial=datetime.date(1980, 3, 31),
                widget=GovukDateInput(attrs={"id": "with-values-name-prefix"}),
            ),
        ),
        id_renames=date_ids("with-values-name-prefix"),
        name_renames=date_names("dob", govuk_prefix="dob"),
    ),
    FixtureCase(
        "date-input",
        "with error message and hint",
        lambda: render_field(
            "dob-errors",
            GovukDateField(
                label="What is your date of birth?",
                help_text="For example, 31 3 1980",
                error_messages={"required": "Error message goes here"},
            ),
            data={},
        ),
        id_renames=date_ids("dob-errors"),
        name_renames=date_names("dob-errors"),
    ),
    *(_date_with_error_on(part) for part in DATE_PARTS),
    # Error message and error summary
    FixtureCase(
        "error-message", "default", lambda: _error_message(messages=["Error message about full name goes here"])
    ),
    FixtureCase(
        "error-message", "id", lambda: _error_message(id="my-error-message-id", messages=["This is an error message"])
    ),
    FixtureCase("error-summary", "default", _summary_of_two_field_errors),
    FixtureCase("error-summary", "without links", lambda: _summary_of_a_form_error(with_field_error=False)),
    FixtureCase(
        "error-summary", "mixed with and without links", lambda: _summary_of_a_form_error(with_field_error=True)
    ),
]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in FIXTURE_CASES])
def test_markup_matches_the_govuk_frontend_fixture(case: FixtureCase) -> None:
    """Our markup is GOV.UK's, tag for tag and attribute for attribute.

    The only translation is of ids and names where Django's conventions are the interface: options are numbered
    `x_0`, `x_1` (GOV.UK: `x`, `x-2`) and date boxes are `<name>_day` (GOV.UK: `<name>-day`).
    """
    expected = canonical(govuk_fixture(case.component, case.fixture), case.id_renames, case.name_renames)

    assert canonical(case.render()) == expected


def test_canonical_html_still_tells_apart_markup_that_differs() -> None:
    fixture = govuk_fixture("input", "default")

    assert canonical(fixture) == canonical(fixture.replace('class="govuk-input"', 'class="govuk-input  "'))
    assert canonical(fixture) != canonical(fixture.replace("govuk-input", "govuk-input--error"))
    assert canonical(fixture) != canonical(fixture.replace('type="text"', 'type="text" required'))


# --- Fields in error --------------------------------------------------------------------------------------------


def test_field_in_error_marks_its_group_and_input_and_describes_the_input_by_its_hint_and_error() -> None:
    form = forms.Form(data={})
    form.fields["postcode"] = forms.CharField(
        label="Postcode", help_text="For example, AA1 1AA", error_messages={"required": "Enter a postcode"}
    )

    assert canonical(str(form["postcode"].as_field_group())) == canonical(
        """
        <div class="govuk-form-group govuk-form-group--error">
          <label class="govuk-label" for="id_postcode">Postcode</label>
          <div id="id_postcode-hint" class="govuk-hint">For example, AA1 1AA</div>
          <p id="id_postcode-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> Enter a postcode
          </p>
          <input class="govuk-input govuk-input--error" id="id_postcode" name="postcode" type="text"
            aria-describedby="id_postcode-hint id_postcode-error">
        </div>
        """
    )


def test_every_error_of_a_field_is_shown_in_its_error_message() -> None:
    form = form_with("name", forms.CharField(), data={"name": "x"}, error=ValidationError(["Too short", "Too plain"]))

    html = str(form["name"].as_field_group())

    assert '<span class="govuk-visually-hidden">Error:</span> Too short<br>Too plain' in html


def test_disabled_radios_disable_every_option() -> None:
    html = render_field("answer", forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, disabled=True))

    assert [line for line in canonical(html) if line.startswith("<input")] == [
        '<input class="govuk-radios__input" disabled id="answer_0" name="answer" type="radio" value="yes">',
        '<input class="govuk-radios__input" disabled id="answer_1" name="answer" type="radio" value="no">',
    ]


def test_radios_read_their_choices_once_even_with_an_error_summary() -> None:
    """Choices can come from the database (ModelChoiceField): each reading would be another query."""
    readings: list[str] = []

    def relationships() -> list[tuple[str, str]]:
        readings.append("read")
        return [("parent", "Parent"), ("partner", "Partner")]

    form = form_with("relationship", forms.ChoiceField(choices=relationships, widget=forms.RadioSelect), data={})

    render_error_summary(form)
    str(form)

    assert readings == ["read"]


def test_select_shows_again_the_option_the_user_chose() -> None:
    form = forms.Form(data={"size": "l"})
    form.fields["size"] = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")])
    form.add_error("size", "Choose a size we have in stock")

    assert '<option value="l" selected>Large</option>' in str(form["size"].as_field_group())


def test_email_and_password_inputs_are_govuk_inputs_and_passwords_are_never_sent_back() -> None:
    form = forms.Form(data={"email": "not-an-email", "password": "hunter2-hunter2"})
    form.fields["email"] = forms.EmailField()
    form.fields["password"] = forms.CharField(widget=forms.PasswordInput)
    form.add_error("password", "Enter your password again")

    html = str(form)

    assert canonical(html) == canonical(
        """
        <div class="govuk-form-group govuk-form-group--error">
          <label class="govuk-label" for="id_email">Email</label>
          <p id="id_email-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> Enter a valid email address.
          </p>
          <input class="govuk-input govuk-input--error" id="id_email" name="email" type="email" value="not-an-email"
            maxlength="320" aria-describedby="id_email-error">
        </div>
        <div class="govuk-form-group govuk-form-group--error">
          <label class="govuk-label" for="id_password">Password</label>
          <p id="id_password-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> Enter your password again
          </p>
          <input class="govuk-input govuk-input--error" id="id_password" name="password" type="password"
            aria-describedby="id_password-error">
        </div>
        """
    )


def test_form_leaves_problems_with_the_whole_form_to_the_error_summary() -> None:
    form = form_with("name", forms.CharField(required=False), data={})
    form.add_error(None, "Invalid username or password")

    assert "Invalid username or password" not in str(form)
    assert "Invalid username or password" in render_error_summary(form)


def test_hidden_field_renders_as_django_hidden_input() -> None:
    form = forms.Form(initial={"next": "/carers/"})
    form.fields["next"] = forms.CharField(widget=forms.HiddenInput)

    assert canonical(str(form)) == canonical('<input type="hidden" name="next" value="/carers/" id="id_next">')


def test_widget_without_govuk_component_keeps_django_markup_with_govuk_label_hint_and_ids() -> None:
    form = forms.Form()
    form.fields["evidence"] = forms.FileField(help_text="A PDF or photo")

    assert canonical(str(form["evidence"].as_field_group())) == canonical(
        """
        <div class="govuk-form-group">
          <label class="govuk-label" for="id_evidence">Evidence</label>
          <div id="id_evidence-hint" class="govuk-hint">A PDF or photo</div>
          <input type="file" name="evidence" id="id_evidence" aria-describedby="id_evidence-hint">
        </div>
        """
    )


# --- Error summary ----------------------------------------------------------------------------------------------


def summary_items(html: str) -> list[tuple[str, str]]:
    """The error summary's list as (link, text) pairs; the link is "" for a problem without one."""
    items: list[tuple[str, str]] = []
    href = ""
    for line in canonical(html):
        if line == "<li>":
            href = ""
        elif line.startswith('<a href="#'):
            href = line.removeprefix('<a href="').removesuffix('">')
        elif not line.startswith("<"):
            items.append((href, line))
    return [item for item in items if item[1] != "There is a problem"]


def test_error_summary_links_each_problem_to_the_first_input_of_its_field() -> None:
    form = forms.Form(data={"dob_day": "12", "dob_month": "", "dob_year": "1980"})
    form.fields["name"] = forms.CharField()
    form.fields["relationship"] = forms.ChoiceField(choices=[("parent", "Parent")], widget=forms.RadioSelect)
    form.fields["support"] = forms.MultipleChoiceField(
        choices=[("respite", "Respite")], widget=forms.CheckboxSelectMultiple
    )
    form.fields["consent"] = forms.BooleanField()
    form.fields["dob"] = GovukDateField(label="Date of birth")

    assert [href for href, _text in summary_items(render_error_summary(form))] == [
        "#id_name",
        "#id_relationship_0",
        "#id_support_0",
        "#id_consent",
        "#id_dob_month",
    ]


def test_error_summary_lists_problems_with_the_whole_form_first_and_without_a_link() -> None:
    form = form_with("name", forms.CharField(error_messages={"required": "Enter your name"}), data={})
    form.add_error(None, "This carer is already registered")

    assert summary_items(render_error_summary(form)) == [
        ("", "This carer is already registered"),
        ("#name", "Enter your name"),
    ]


def test_error_summary_links_a_form_without_the_govuk_renderer_to_djangos_first_input() -> None:
    form = forms.Form(data={}, renderer=DjangoTemplates())
    form.fields["name"] = forms.CharField()

    assert summary_items(render_error_summary(form)) == [("#id_name", "This field is required.")]


@pytest.mark.parametrize("data", [pytest.param(None, id="unbound"), pytest.param({"name": "Sam"}, id="valid")])
def test_error_summary_renders_nothing_for_a_form_without_problems(data: dict[str, str] | None) -> None:
    form = form_with("name", forms.CharField(), data=data)

    assert render_error_summary(form).strip() == ""


# --- Dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        pytest.param("5", "11", "1980", datetime.date(1980, 11, 5), id="numbers"),
        pytest.param(" 05 ", "09", "1980", datetime.date(1980, 9, 5), id="leading zeros and spaces"),
        pytest.param("29", "Feb", "2024", datetime.date(2024, 2, 29), id="short month name in a leap year"),
        pytest.param("1", "december", "2001", datetime.date(2001, 12, 1), id="full month name"),
    ],
)
def test_date_field_cleans_the_three_boxes_to_a_date(day: str, month: str, year: str, expected: datetime.date) -> None:
    form = date_form(date_data(day, month, year))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["dob"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "highlighted"),
    [
        pytest.param("", "", "", "Enter date of birth", DATE_PARTS, id="nothing entered"),
        pytest.param("12", "", "1980", "Date of birth must include a month", ("month",), id="month missing"),
        pytest.param(
            "", "", "1980", "Date of birth must include a day and month", DATE_PARTS, id="day and month missing"
        ),
        pytest.param("12", "13", "1980", "Date of birth must be a real date", ("month",), id="month cannot be right"),
        pytest.param(
            "x", "13", "1980", "Date of birth must be a real date", DATE_PARTS, id="two parts cannot be right"
        ),
        pytest.param("31", "2", "2023", "Date of birth must be a real date", DATE_PARTS, id="no such day"),
        pytest.param("12", "3", "80", "Year must include 4 numbers", ("year",), id="two-digit year"),
    ],
)
def test_date_field_says_what_is_wrong_and_which_boxes_to_fix(
    day: str, month: str, year: str, message: str, highlighted: tuple[str, ...]
) -> None:
    form = date_form(date_data(day, month, year))

    assert form.errors["dob"] == [message]
    assert highlighted_boxes(str(form["dob"].as_field_group())) == highlighted


def test_date_field_shows_again_exactly_what_was_typed() -> None:
    form = date_form(date_data("31", "Feb", "20x3"))

    html = str(form["dob"].as_field_group())

    assert form.errors["dob"] == ["Date of birth must be a real date"]
    assert 'name="dob_day" value="31"' in html
    assert 'name="dob_month" value="Feb"' in html
    assert 'name="dob_year" value="20x3"' in html


def test_optional_date_left_blank_is_none() -> None:
    form = date_form(date_data("", "", ""), required=False)

    assert form.is_valid()
    assert form.cleaned_data["dob"] is None


def test_date_input_shows_the_initial_date_and_labels_each_box() -> None:
    form = date_form()
    form.fields["dob"].initial = datetime.date(1980, 3, 31)

    assert canonical(str(form["dob"])) == canonical(
        """
        <div class="govuk-date-input" id="id_dob">
          <div class="govuk-date-input__item"><div class="govuk-form-group">
            <label class="govuk-label govuk-date-input__label" for="id_dob_day">Day</label>
            <input class="govuk-input govuk-date-input__input govuk-input--width-2" id="id_dob_day" name="dob_day"
              type="text" value="31" inputmode="numeric">
          </div></div>
          <div class="govuk-date-input__item"><div class="govuk-form-group">
            <label class="govuk-label govuk-date-input__label" for="id_dob_month">Month</label>
            <input class="govuk-input govuk-date-input__input govuk-input--width-2" id="id_dob_month"
              name="dob_month" type="text" value="3" inputmode="numeric">
          </div></div>
          <div class="govuk-date-input__item"><div class="govuk-form-group">
            <label class="govuk-label govuk-date-input__label" for="id_dob_year">Year</label>
            <input class="govuk-input govuk-date-input__input govuk-input--width-4" id="id_dob_year" name="dob_year"
              type="text" value="1980" inputmode="numeric">
          </div></div>
        </div>
        """
    )
