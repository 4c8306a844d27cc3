"""What the referral page tests share: who may see and who may decide on a referral, and reading a page's text."""

import html
import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


# Who may see a referral routed to the carers centre in the home area (the council keeps the statutory duty).
REFERRAL_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


# Who may decide on it: only the provider it is routed to. The council sees it but does not decide.
DECISION_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_provider"),
    pytest.param("manager", True, id="manager_of_the_provider"),
    pytest.param("council_practitioner", False, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


def page_text(response: "TestResponse") -> str:
    """The page's text with tags removed and spaces collapsed, for asserting what a person reads."""
    content = response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())
