"""govuk-frontend's fixtures of text inputs, textareas and selects, each with the Django form field that should render
the same markup (test_govuk_markup.py compares them)."""

from django import forms

from carershub.core.tests.govuk import FixtureCase, render_field

# GOV.UK's own words, curly quotes included.
NI_HINT = "It’s on your National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’."  # noqa: RUF001


SELECT_OPTIONS = [(1, "GOV.UK frontend option 1"), (2, "GOV.UK frontend option 2"), (3, "GOV.UK frontend option 3")]


INPUT_CASES = [
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
]
