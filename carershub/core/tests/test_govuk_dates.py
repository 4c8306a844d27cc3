"""The GOV.UK date input: three boxes cleaned to a date, errors that say what is wrong and which boxes to fix, what
was typed shown again, and the initial date with each box labelled."""

import datetime
from typing import Any

import pytest
from django import forms

from carershub.core.forms import DATE_PARTS, GovukDateField
from carershub.core.tests.govuk import canonical


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
