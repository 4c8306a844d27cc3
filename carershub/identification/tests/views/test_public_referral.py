"""What the public referral journeys share: keeping what was typed, the summary rows, and the hourly allowance per
address."""

from datetime import date

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from carershub.identification.forms.professional_referral import ProfessionalReferralForm
from carershub.identification.views.public_referral import (
    SUBMISSIONS_PER_HOUR,
    address_lines,
    choice_labels,
    form_data_to_keep,
    form_row,
    lines,
    long_date,
    within_submission_limit,
)
from carershub.organisations.models import Area


def test_only_what_was_typed_into_the_forms_own_boxes_is_kept(home_area: Area) -> None:
    posted = QueryDict(
        "csrfmiddlewaretoken=abc&website=http://spam.example&given_name=Pat&date_of_birth_day=14"
        "&date_of_birth_month=6&date_of_birth_year=1968&source=school&unknown=1"
    )

    kept = form_data_to_keep(ProfessionalReferralForm(posted, area=home_area), posted)

    assert kept == {
        "date_of_birth_day": ["14"],
        "date_of_birth_month": ["6"],
        "date_of_birth_year": ["1968"],
        "given_name": ["Pat"],
        "source": ["school"],
    }


def test_summary_rows_link_to_the_field_on_the_form(home_area: Area) -> None:
    form = ProfessionalReferralForm(area=home_area)

    date_row = form_row(form, "/refer/", "date_of_birth", "Date of birth", [], "their date of birth")
    radios_row = form_row(form, "/refer/", "consent_by", "Who agreed", ["The carer"], "who agreed")

    assert (date_row.href, date_row.lines) == ("/refer/#id_date_of_birth_day", ["Not given"])
    assert (radios_row.href, radios_row.lines) == ("/refer/#id_consent_by_0", ["The carer"])


def test_answers_are_written_as_people_read_them(home_area: Area) -> None:
    form = ProfessionalReferralForm(area=home_area)

    assert choice_labels(form.fields["urgency"], ["soon", "unheard-of"]) == ["Within a week", "unheard-of"]
    assert lines("  First line\n\n second line ") == ["First line", "second line"]
    assert (long_date(date(2012, 3, 7)), long_date(None)) == ("7 March 2012", "Not given")
    assert address_lines({"address_line_1": "1 High Street", "address_line_2": "", "postcode": "MV1 1AA"}) == [
        "1 High Street",
        "MV1 1AA",
    ]


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        pytest.param("192.0.2.1", "192.0.2.1", True, id="same_ipv4_address"),
        pytest.param("192.0.2.1", "192.0.2.2", False, id="another_ipv4_address"),
        pytest.param("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", True, id="same_ipv6_64"),
        pytest.param("2001:db8:1:2::1", "2001:db8:1:3::1", False, id="another_ipv6_64"),
    ],
)
def test_the_hourly_allowance_is_per_address_and_ipv6_network(db: None, first: str, second: str, shared: bool) -> None:
    requests = RequestFactory()
    for _ in range(SUBMISSIONS_PER_HOUR):
        assert within_submission_limit(requests.post("/", REMOTE_ADDR=first), counter="test")

    assert within_submission_limit(requests.post("/", REMOTE_ADDR=second), counter="test") is not shared


def test_each_journey_counts_its_own_allowance(db: None) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    for _ in range(SUBMISSIONS_PER_HOUR):
        within_submission_limit(request, counter="self-referrals")

    assert not within_submission_limit(request, counter="self-referrals")
    assert within_submission_limit(request, counter="professional-referrals")
