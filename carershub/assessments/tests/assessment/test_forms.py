"""The whole-family section's questions (Care and Support (Assessment) Regulations 2014 reg 4(3)): each child named
is under 18, a second or third child is named in full or not at all, and who agreed to the referrals is recorded."""

from datetime import date

from carershub.assessments.forms.carers_sections import WholeFamilyForm
from carershub.assessments.tests.assessment.helpers import form_data


def _today_years_ago(years: int) -> date:
    """A birthday at least `years` years ago (the 28th stands in for a later day, so no 29 February is needed)."""
    today = date.today()  # noqa: DTZ011 (the form compares local calendar dates)
    return date(today.year - years, today.month, min(today.day, 28))


def test_a_child_who_is_18_or_over_is_refused_at_the_date_of_birth() -> None:
    data = form_data(WholeFamilyForm, child_involved="yes", child_date_of_birth=_today_years_ago(18))

    form = WholeFamilyForm(data)

    assert not form.is_valid()
    assert form.errors["child_date_of_birth"] == [
        "Child's date of birth must be less than 18 years ago: a child is anyone under 18"
    ]


def test_each_further_child_is_checked_for_age_too() -> None:
    data = form_data(
        WholeFamilyForm,
        child_involved="yes",
        child_2_given_name="Ava",
        child_2_family_name="Reid",
        child_2_date_of_birth=date(1990, 1, 1),
        child_2_tasks="Shopping.",
    )

    form = WholeFamilyForm(data)

    assert not form.is_valid()
    assert list(form.errors) == ["child_2_date_of_birth"]


def test_a_second_child_half_named_is_asked_for_the_rest() -> None:
    form = WholeFamilyForm(form_data(WholeFamilyForm, child_involved="yes", child_2_given_name="Ava"))

    assert not form.is_valid()
    assert form.errors["child_2_family_name"] == ["Enter child 2's last name"]
    assert form.errors["child_2_date_of_birth"] == ["Enter child 2's date of birth"]
    assert "child_3_given_name" not in form.errors


def test_a_parent_or_guardian_who_agreed_is_named() -> None:
    data = form_data(WholeFamilyForm, child_involved="yes", referral_consent_given_by="parent_or_guardian")
    data["referral_consent_given_by_name"] = ""

    form = WholeFamilyForm(data)

    assert not form.is_valid()
    assert form.errors["referral_consent_given_by_name"] == ["Enter the name of the parent or guardian who agreed"]


def test_one_child_under_18_is_enough() -> None:
    form = WholeFamilyForm(form_data(WholeFamilyForm, child_involved="yes", child_date_of_birth=date(2014, 5, 1)))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["child_date_of_birth"] == "2014-05-01"
    assert form.cleaned_data["child_2_given_name"] == ""
