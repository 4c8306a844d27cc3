"""What the people pages tests share: who may see a record, and reading a page and the audit of views."""

import html
import re
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation
from carershub.people.models import Involvement, Person

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

# Who may see a carer the carers centre works with in the home area.
PERSON_MATRIX = [
    pytest.param("practitioner", True, id="practitioner_of_the_involved_provider"),
    pytest.param("manager", True, id="manager_of_the_involved_provider"),
    pytest.param("council_practitioner", True, id="council_practitioner_in_the_area"),
    pytest.param("other_team_practitioner", False, id="practitioner_of_another_provider"),
    pytest.param("commissioner", False, id="commissioner"),
    pytest.param("administrator", False, id="administrator"),
    pytest.param("neighbour_practitioner", False, id="practitioner_in_another_area"),
]


def work_with(person: Person, organisation: Organisation) -> None:
    Involvement.objects.create(
        area=person.area,
        person=person,
        organisation=organisation,
        reason=Involvement.Reason.CASE_OPEN,
        started_at=timezone.now(),
    )


def text_of(response: "TestResponse") -> str:
    """The page's text with tags removed and spaces collapsed, for asserting what a person reads."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def viewed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED))


def page_body(response: "TestResponse") -> bytes:
    """The page as sent, without what differs on every response (CSP nonces, the sign-out form's CSRF token, and
    the seconds the idle time-out warning counts down from)."""
    body = re.sub(rb'nonce="[^"]*"', b'nonce=""', response.content)
    body = re.sub(rb'data-seconds-left="[^"]*"', b'data-seconds-left=""', body)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken" value=""', body)
