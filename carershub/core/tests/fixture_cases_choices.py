"""govuk-frontend's fixtures of radios, checkboxes, date inputs, error messages and error summaries, each with the
Django form field (or template) that should render the same markup (test_govuk_markup.py compares them).

GOV.UK and Django number some ids differently: `option_ids`, `date_ids` and `date_names` translate the fixture's ids and
names into Django's."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from carershub.core.forms import DATE_PARTS, GovukDateField, GovukDateInput, GovukFormRenderer
from carershub.core.tests.govuk import YES_NO, FixtureCase, render_error_summary, render_field

NAME_CHANGE_HINT = "This includes changing your last name or spelling your name differently."


NATIONALITIES = [("british", "British"), ("irish", "Irish"), ("other", "Citizen of another country")]


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


CHOICE_CASES = [
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
