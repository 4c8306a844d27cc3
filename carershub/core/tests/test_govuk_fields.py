"""Forms follow GOV.UK's patterns: a field in error, radios, selects, email and password inputs, widgets without a
GOV.UK component, and the error summary linking each problem to its field."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

from carershub.core.forms import GovukDateField
from carershub.core.tests.govuk import YES_NO, canonical, form_with, render_error_summary, render_field


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
