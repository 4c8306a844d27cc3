"""The carer's pages (link, task list, section, save and return, stale edits, send; expired, revoked and unknown
links; guessing) and the practitioner's page (make the link and see it once, revoke, read and mark reviewed)."""

import html
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.models import Assessment, AssessmentSection, SafetyAlert, SelfAssessmentInvitation
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.self_assessment import create_invitation, revoke_invitation
from carershub.assessments.tests.factories import AssessmentFactory, staff_member
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

NOT_VALID = "This link has expired or is not valid"
WELLBEING = {"domains": ["health"], "impact": "I hardly sleep and I am always worried."}


@pytest.fixture
def assessment(home_area: Area, carers_centre: Organisation, practitioner: User) -> Assessment:
    return AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area, given_name="Maria", family_name="Okafor"),
        organisation=carers_centre,
        assessor=practitioner,
    )


@pytest.fixture
def link(assessment: Assessment, practitioner: User) -> tuple[SelfAssessmentInvitation, str]:
    invitation, url = create_invitation(assessment, by=practitioner, site_url="http://testserver")
    return invitation, url.removeprefix("http://testserver")


def _text(response: "TestResponse") -> str:
    content = response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def _opened(link: tuple[SelfAssessmentInvitation, str]) -> Client:
    carer = Client()
    response = carer.get(link[1])
    assert response.status_code == 200
    return carer


# --- The carer's pages ----------------------------------------------------------------------------------------------


def test_the_link_opens_the_start_page_and_is_audited_without_an_actor(
    link: tuple[SelfAssessmentInvitation, str],
) -> None:
    invitation, path = link

    response = Client().get(path)

    assert response.status_code == 200
    assert "Answer questions for your assessment" in _text(response)
    invitation.refresh_from_db()
    assert invitation.last_opened_at is not None
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.RECORD_VIEWED, purpose="self-assessment")
    assert (event.actor, event.detail) == (None, {"invitation": invitation.pk})


def test_the_task_list_shows_only_the_carers_sections(link: tuple[SelfAssessmentInvitation, str]) -> None:
    carer = _opened(link)

    response = carer.get(reverse("self_assessment:task_list"))

    keys = [row.definition.key for row in response.context["rows"]]
    assert "wellbeing" in keys
    assert "eligibility_outcomes" not in keys
    assert "Send my answers" not in _text(response)  # nothing answered yet


def test_the_carer_saves_a_draft_and_comes_back_to_it(link: tuple[SelfAssessmentInvitation, str]) -> None:
    carer = _opened(link)
    section_url = reverse("self_assessment:section", args=["wellbeing"])

    response = carer.post(section_url, {"version": "0", "action": "draft", "impact": "Half written"})

    assert response.status_code == 302
    section = AssessmentSection.objects.get(key="wellbeing")
    assert (section.status, section.answers["impact"], section.answered_by) == (
        AssessmentSection.Status.IN_PROGRESS,
        "Half written",
        AssessmentSection.AnsweredBy.CARER,
    )
    # Later, in a new browser, through the same link.
    later = _opened(link)
    page = later.get(section_url)
    assert "Half written" in page.content.decode()
    assert page.context["version"] == 1


def test_completing_a_section_checks_the_answers_first(link: tuple[SelfAssessmentInvitation, str]) -> None:
    carer = _opened(link)
    section_url = reverse("self_assessment:section", args=["wellbeing"])

    response = carer.post(section_url, {"version": "0", "action": "complete"})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not AssessmentSection.objects.exists()


def test_a_stale_edit_shows_both_answers_and_overwrites_nothing(
    assessment: Assessment, practitioner: User, link: tuple[SelfAssessmentInvitation, str]
) -> None:
    carer = _opened(link)
    section_url = reverse("self_assessment:section", args=["wellbeing"])
    carer.get(section_url)  # the carer loads the page at version 0 ...
    save_section(  # ... and the practitioner saves the section meanwhile
        assessment, "wellbeing", answers=WELLBEING, expected_version=0, complete=True, saved_by=practitioner
    )

    response = carer.post(section_url, {"version": "0", "action": "complete", **WELLBEING, "impact": "My version"})

    assert response.status_code == 200
    text = _text(response)
    assert "These answers were changed by someone else while you were answering" in text
    assert "I hardly sleep and I am always worried." in text  # what was saved
    assert "My version" in response.content.decode()  # what the carer typed, kept in the form
    assert response.context["version"] == 1
    assert AssessmentSection.objects.get(key="wellbeing").answers["impact"] == WELLBEING["impact"]


def test_showing_the_carer_answers_someone_else_saved_is_audited(
    assessment: Assessment, practitioner: User, link: tuple[SelfAssessmentInvitation, str]
) -> None:
    invitation = link[0]
    carer = _opened(link)
    section_url = reverse("self_assessment:section", args=["wellbeing"])
    save_section(assessment, "wellbeing", answers=WELLBEING, expected_version=0, complete=True, saved_by=practitioner)

    response = carer.post(section_url, {"version": "0", "action": "complete", **WELLBEING, "impact": "My version"})

    assert response.context["conflict"] is not None
    event = AuditEvent.objects.get(
        kind=AuditEvent.Kind.RECORD_VIEWED, purpose="self-assessment section wellbeing (changed by someone else)"
    )
    assert (event.actor, event.subject_id, event.detail) == (None, str(assessment.pk), {"invitation": invitation.pk})
    assert event.organisation == assessment.organisation


def test_sending_the_answers_confirms_and_the_link_then_stops_working(
    link: tuple[SelfAssessmentInvitation, str],
) -> None:
    invitation, path = link
    carer = _opened(link)
    carer.post(reverse("self_assessment:section", args=["wellbeing"]), {"version": "0", **WELLBEING})

    response = carer.post(reverse("self_assessment:send"), follow=True)

    assert "Your answers have been sent" in _text(response)
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    assert NOT_VALID in _text(Client().get(path))
    assert carer.get(reverse("self_assessment:task_list")).status_code == 404


@pytest.mark.parametrize("state", ["unknown", "expired", "revoked"])
def test_links_that_do_not_work_all_get_the_same_neutral_page(
    practitioner: User, link: tuple[SelfAssessmentInvitation, str], state: str
) -> None:
    invitation, path = link
    if state == "unknown":
        path = reverse("self_assessment:start", args=["x" * 43])
    elif state == "expired":
        SelfAssessmentInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    else:
        revoke_invitation(invitation, by=practitioner)

    response = Client().get(path)

    assert response.status_code == 404
    assert _text(response).count(NOT_VALID) == 2  # the title and the heading; nothing else about the link
    assert "Maria" not in _text(response)
    invitation.refresh_from_db()
    assert invitation.last_opened_at is None


def test_a_link_revoked_while_the_carer_is_answering_stops_their_session(
    practitioner: User, link: tuple[SelfAssessmentInvitation, str]
) -> None:
    carer = _opened(link)
    revoke_invitation(link[0], by=practitioner)

    response = carer.post(reverse("self_assessment:section", args=["wellbeing"]), {"version": "0", **WELLBEING})

    assert response.status_code == 404
    assert not AssessmentSection.objects.exists()


def test_pages_without_an_opened_link_are_the_neutral_page() -> None:
    client = Client()

    assert client.get(reverse("self_assessment:task_list")).status_code == 404
    assert client.post(reverse("self_assessment:send")).status_code == 404


def test_guessing_links_is_limited_per_address(link: tuple[SelfAssessmentInvitation, str]) -> None:
    guesser = Client()
    for attempt in range(30):
        assert guesser.get(reverse("self_assessment:start", args=[f"guess{attempt}"])).status_code == 404

    response = guesser.get(link[1])  # even the right link, from this address, this hour

    assert response.status_code == 429
    link[0].refresh_from_db()
    assert link[0].last_opened_at is None


# --- The practitioner's page ----------------------------------------------------------------------------------------


def test_the_practitioner_makes_a_link_and_sees_it_once(
    sign_in: SignIn, practitioner: User, assessment: Assessment
) -> None:
    client = sign_in(practitioner)
    page = reverse("assessments:self_assessment", args=[assessment.reference])
    assert client.get(page).status_code == 200

    response = client.post(reverse("assessments:self_assessment_link", args=[assessment.reference]))

    url = response.context["new_link"]
    assert url.startswith("http://testserver/self-assessment/")
    assert url in response.content.decode()
    assert url not in client.get(page).content.decode()
    invitation = SelfAssessmentInvitation.objects.get(assessment=assessment)
    assert invitation.created_by == practitioner


def test_the_practitioner_reads_the_carers_answers_and_marks_them_reviewed(
    sign_in: SignIn, practitioner: User, assessment: Assessment, link: tuple[SelfAssessmentInvitation, str]
) -> None:
    carer = _opened(link)
    carer.post(reverse("self_assessment:section", args=["wellbeing"]), {"version": "0", **WELLBEING})
    carer.post(reverse("self_assessment:send"))
    client = sign_in(practitioner)

    page = client.get(reverse("assessments:self_assessment", args=[assessment.reference]))

    text = _text(page)
    assert "Physical and mental health and emotional wellbeing" in text  # the choice's words, not its code
    assert "I hardly sleep and I am always worried." in text
    assert "Answered by the carer (self-assessment)" in text
    response = client.post(reverse("assessments:self_assessment_reviewed", args=[assessment.reference]))
    assert response.status_code == 302
    link[0].refresh_from_db()
    assert link[0].reviewed_by == practitioner


def test_the_practitioner_stops_a_link(
    sign_in: SignIn, practitioner: User, assessment: Assessment, link: tuple[SelfAssessmentInvitation, str]
) -> None:
    response = sign_in(practitioner).post(reverse("assessments:self_assessment_revoke", args=[assessment.reference]))

    assert response.status_code == 302
    link[0].refresh_from_db()
    assert link[0].revoked_at is not None


@pytest.mark.parametrize("persona", ["other_team_practitioner", "neighbour_practitioner", "commissioner"])
def test_other_organisations_get_a_404_and_nothing_happens(
    request: pytest.FixtureRequest, sign_in: SignIn, assessment: Assessment, persona: str
) -> None:
    client = sign_in(request.getfixturevalue(persona))

    assert client.get(reverse("assessments:self_assessment", args=[assessment.reference])).status_code == 404
    assert client.post(reverse("assessments:self_assessment_link", args=[assessment.reference])).status_code == 404

    assert not SelfAssessmentInvitation.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_VIEWED).exists()


def test_a_young_carers_safety_answer_through_their_link_emails_the_assessor_and_managers(
    home_area: Area, young_carers_service: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    assessor = staff_member(young_carers_service)
    manager = staff_member(young_carers_service, Role.MANAGER)
    young_carer = YoungCarerFactory.create(area=home_area, given_name="Kai", family_name="Jones")
    ycna = AssessmentFactory.create(
        carer=young_carer,
        organisation=young_carers_service,
        assessor=assessor,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )
    _, url = create_invitation(ycna, by=assessor, site_url="http://testserver")
    carer = _opened((SelfAssessmentInvitation.objects.get(), url.removeprefix("http://testserver")))
    answers = {f"item_{number}": "0" for number in range(1, 21)} | {"item_14": "1"}

    with django_capture_on_commit_callbacks(execute=True):
        response = carer.post(
            reverse("self_assessment:section", args=["panoc_yc20"]), {"version": "0", "action": "draft", **answers}
        )

    assert response.status_code == 302
    alert = SafetyAlert.objects.get(assessment=ycna)
    assert (alert.item, alert.answer) == (14, 1)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([assessor.email, manager.email])
    assert all("Kai" not in message.body and "Jones" not in message.body for message in mail.outbox)


def test_the_carer_opening_their_task_list_and_a_section_is_audited(
    link: tuple[SelfAssessmentInvitation, str], assessment: Assessment
) -> None:
    invitation = link[0]
    carer = _opened(link)

    assert carer.get(reverse("self_assessment:task_list")).status_code == 200
    assert carer.get(reverse("self_assessment:section", args=["wellbeing"])).status_code == 200

    events = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.RECORD_VIEWED, subject_id=str(assessment.pk), purpose__startswith="self-assessment "
    ).order_by("pk")
    assert [(event.purpose, event.actor, event.detail) for event in events] == [
        ("self-assessment task list", None, {"invitation": invitation.pk}),
        ("self-assessment section wellbeing", None, {"invitation": invitation.pk}),
    ]
    assert {event.organisation for event in events} == {assessment.organisation}


def test_pages_without_a_working_link_record_nothing(db: None) -> None:
    before = AuditEvent.objects.count()

    Client().get(reverse("self_assessment:task_list"))
    Client().get(reverse("self_assessment:section", args=["wellbeing"]))

    assert AuditEvent.objects.count() == before
