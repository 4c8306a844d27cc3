"""Starting an assessment, its task list and sections: what each page shows and does, who may open them (404
for everyone else), and the audit trail."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carershub.accounts.models import Role, User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.forms.carers_sections import CaringRoleForm, HealthForm, WholeFamilyForm
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, SafetyAlert
from carershub.assessments.sections import sections_for
from carershub.assessments.services.closing import refuse_assessment
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.sections import save_section
from carershub.assessments.services.sign_off import submit_for_sign_off
from carershub.assessments.tests.assessment.helpers import complete_sections, form_data
from carershub.assessments.tests.assessment.pages.helpers import determined, page_text, url, viewed
from carershub.assessments.tests.factories import (
    AssessmentFactory,
    AssessmentSectionFactory,
    SafetyAlertFactory,
    staff_member,
)
from carershub.assessments.written_record import written_record
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Involvement
from carershub.people.services.involvement import open_involvement
from carershub.people.tests.factories import AdultCarerFactory
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import OpenReferralFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


# Starting ----------------------------------------------------------------------------------------------------------


def test_starting_from_a_carers_record_suggests_the_kind_and_starts_it(
    client: Client, home_area: Area, carers_centre: Organisation, delegation: Delegation
) -> None:
    carer = AdultCarerFactory.create(area=home_area)
    AssessmentFactory.create(carer=carer, organisation=carers_centre)  # gives the centre an involvement
    start_url = reverse("assessments:start") + f"?person={carer.pk}"

    page = client.get(start_url)
    assert page.status_code == 200
    assert "Carer&#x27;s assessment" in page.content.decode()
    response = client.post(
        start_url, {"kind": "carers", "method": "phone", "cared_for": carer.caring_for.get().cared_for_id}
    )

    started = Assessment.objects.exclude(reference__startswith="ATEST").get()
    assert response.status_code == 302
    assert response["Location"] == started.get_absolute_url()
    assert (started.kind, started.method, started.delegation) == ("carers", "phone", delegation)


def test_starting_from_a_referral_still_waiting_for_a_decision_says_to_accept_it_first(
    client: Client, home_area: Area, carers_centre: Organisation, delegation: Delegation
) -> None:
    referral = OpenReferralFactory.create(area=home_area, provider=carers_centre)

    response = client.post(
        reverse("assessments:start") + f"?referral={referral.reference}",
        {"kind": "carers", "method": "phone", "cared_for": referral.carer.caring_for.get().cared_for_id},
    )

    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "There is a problem" in text
    assert f"Referral {referral.reference} has not been accepted (waiting for a decision)" in text
    assert not Assessment.objects.exists()


def test_nobody_starts_an_assessment_of_a_carer_they_cannot_see(client: Client, home_area: Area) -> None:
    carer = AdultCarerFactory.create(area=home_area)

    response = client.post(reverse("assessments:start") + f"?person={carer.pk}", {"kind": "carers", "method": "phone"})

    assert response.status_code == 404
    assert not Assessment.objects.exists()


# The task list -----------------------------------------------------------------------------------------------------


def test_the_task_list_shows_each_sections_status_and_is_audited(assessment: Assessment, client: Client) -> None:
    AssessmentSectionFactory.create(assessment=assessment, key="wellbeing")
    AssessmentSectionFactory.create(assessment=assessment, key="health", status=AssessmentSection.Status.IN_PROGRESS)

    response = client.get(assessment.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-task-list" in page
    assert page.count("Not started") == 9
    assert page.count("In progress") >= 1
    assert "under delegation KCC-79-12 from Home Council" in page
    assert viewed(assessment) == 1
    # While it is in progress the carer can be sent a secure link to complete their own sections.
    assert reverse("assessments:self_assessment", args=[assessment.reference]) in page


def test_the_task_list_takes_the_same_queries_however_many_sections_are_saved(
    assessment: Assessment, client: Client, django_assert_max_num_queries: Any
) -> None:
    client.get(assessment.get_absolute_url())  # warm the session and the user's roles
    AssessmentSectionFactory.create(assessment=assessment, key="wellbeing")
    with django_assert_max_num_queries(14) as few:
        client.get(assessment.get_absolute_url())
    complete_sections(assessment, by=assessment.assessor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(assessment.get_absolute_url())


@pytest.mark.parametrize("who", ["other_team_practitioner", "neighbour_practitioner", "commissioner"])
@pytest.mark.parametrize("name", ["detail", "determination", "submit", "record", "record_pdf", "refuse"])
def test_nobody_outside_the_carers_organisations_and_council_can_open_any_page(
    assessment: Assessment, sign_in: SignIn, request: pytest.FixtureRequest, who: str, name: str
) -> None:
    determined(assessment, assessment.assessor)
    client = sign_in(request.getfixturevalue(who))

    response = client.get(url(name, assessment))

    assert response.status_code == 404
    assert viewed(assessment) == 0
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


def _page_in_the_state_it_opens_in(name: str, assessment: Assessment) -> tuple[str, str, dict[str, str]]:
    """(method, url, data) for a page, with the assessment first brought to where that page works for its own team."""
    assessor = assessment.assessor
    if name == "sign_off":
        submit_for_sign_off(determined(assessment, assessor), by=assessor)
    elif name == "letter":
        refuse_assessment(assessment, by=assessor, reason="She does not want an assessment this year.")
    elif name == "decline":
        assessment.kind = Assessment.Kind.YOUNG_CARER_TRANSITION
        assessment.save(update_fields=["kind"])
    elif name == "acknowledge_alert":
        alert = SafetyAlertFactory.create(assessment=assessment)
        return "post", url(name, assessment, alert_id=alert.pk), {"action_taken": "Spoke to her today."}
    if name == "section":
        return "get", url(name, assessment, key="caring_role"), {}
    return "get", url(name, assessment), {}


@pytest.mark.parametrize("who", ["other_team_practitioner", "neighbour_practitioner", "commissioner"])
@pytest.mark.parametrize("name", ["section", "sign_off", "decline", "letter", "acknowledge_alert"])
def test_nobody_outside_the_carers_organisations_and_council_can_open_the_step_pages(
    assessment: Assessment,
    sign_in: SignIn,
    manager: User,
    request: pytest.FixtureRequest,
    who: str,
    name: str,
) -> None:
    method, page, data = _page_in_the_state_it_opens_in(name, assessment)
    # The page works for the assessment's own team (a manager may open every one of them)...
    own_team = sign_in(manager)
    if method == "get":
        assert own_team.get(page).status_code == 200
    views_before = viewed(assessment)
    changes_before = AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count()
    outsider = sign_in(request.getfixturevalue(who))

    # ...and is a 404 for anyone else, with nothing recorded or changed.
    response = getattr(outsider, method)(page, data)

    assert response.status_code == 404
    assert viewed(assessment) == views_before
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RECORD_CHANGED).count() == changes_before
    assert not SafetyAlert.objects.filter(acknowledged_at__isnull=False).exists()


def test_the_council_can_open_the_assessment(assessment: Assessment, sign_in: SignIn, council: Organisation) -> None:
    response = sign_in(staff_member(council, Role.PRACTITIONER)).get(assessment.get_absolute_url())

    assert response.status_code == 200


# Sections ----------------------------------------------------------------------------------------------------------


def test_save_and_continue_completes_a_section(assessment: Assessment, client: Client) -> None:
    data = {**form_data(CaringRoleForm, details="She cares every night."), "version": 0, "complete": ""}

    response = client.post(url("section", assessment, key="caring_role"), data)

    assert response.status_code == 302
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    assert (section.status, section.version, section.answers["details"]) == ("completed", 1, "She cares every night.")


def test_completing_the_whole_family_section_says_which_referral_was_raised(
    assessment: Assessment, client: Client, home_area: Area, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    data = {**form_data(WholeFamilyForm, child_involved="yes"), "version": 0, "complete": ""}

    response = client.post(url("section", assessment, key="whole_family"), data, follow=True)

    referral = Referral.objects.get(idempotency_key=f"assessment-{assessment.reference}-young-carer")
    assert f"A young carer's referral has been raised for the child ({referral.reference})." in page_text(
        response.content.decode()
    )


def test_changing_an_answer_the_determination_was_made_on_says_to_record_it_again(
    assessment: Assessment, client: Client, practitioner: User
) -> None:
    determined(assessment, practitioner)
    section = AssessmentSection.objects.get(assessment=assessment, key="health")
    data = {**form_data(HealthForm, health_at_risk="yes"), "version": section.version, "complete": ""}

    response = client.post(url("section", assessment, key="health"), data, follow=True)

    assert "The determination no longer applies because the carer's health changed: record it again." in page_text(
        response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.determined_at is None


def test_save_as_draft_keeps_a_half_answered_section(assessment: Assessment, client: Client) -> None:
    response = client.post(
        url("section", assessment, key="caring_role"), {"able_now": "yes", "version": 0, "draft": ""}
    )

    assert response.status_code == 302
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    assert section.status == AssessmentSection.Status.IN_PROGRESS
    assert section.answers["able_now"] == "yes"


def test_completing_a_section_with_missing_answers_shows_errors_and_saves_nothing(
    assessment: Assessment, client: Client
) -> None:
    response = client.post(
        url("section", assessment, key="caring_role"), {"able_now": "yes", "version": 0, "complete": ""}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Select an answer to: Is the carer willing to provide care now?" in response.content.decode()
    assert not AssessmentSection.objects.exists()


def test_a_stale_edit_shows_both_versions_and_keeps_what_you_typed(
    assessment: Assessment, client: Client, manager: User
) -> None:
    save_section(
        assessment,
        "caring_role",
        answers={"details": "What the manager wrote"},
        expected_version=0,
        complete=False,
        saved_by=manager,
    )
    mine = {**form_data(CaringRoleForm, details="What I typed"), "version": 0, "complete": ""}

    response = client.post(url("section", assessment, key="caring_role"), mine)

    page = response.content.decode()
    assert response.status_code == 409
    assert "What the manager wrote" in page
    assert "What I typed" in page
    assert 'name="version" value="1"' in page
    assert AssessmentSection.objects.get(assessment=assessment).answers == {"details": "What the manager wrote"}


def test_an_open_safety_alert_is_shown_until_acknowledged(
    ycna: Assessment, other_team_practitioner: User, sign_in: SignIn
) -> None:
    alert = SafetyAlertFactory.create(assessment=ycna, item=14, answer=2)
    client = sign_in(other_team_practitioner)

    assert 'id="safety-alerts-title"' in client.get(ycna.get_absolute_url()).content.decode()
    response = client.post(
        url("acknowledge_alert", ycna, alert_id=alert.pk), {"action_taken": "Called Sam's mum; safeguarding referral."}
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == other_team_practitioner
    assert 'id="safety-alerts-title"' not in client.get(ycna.get_absolute_url()).content.decode()


def test_the_panoc_questionnaire_is_asked_by_item_number(
    ycna: Assessment, other_team_practitioner: User, sign_in: SignIn
) -> None:
    client = sign_in(other_team_practitioner)
    page = client.get(url("section", ycna, key="panoc_yc20")).content.decode()
    assert 'name="item_20"' in page

    data = {f"item_{number}": "0" for number in range(1, 21)} | {"item_17": "1", "version": "0", "complete": ""}
    client.post(url("section", ycna, key="panoc_yc20"), data)

    assert AssessmentSection.objects.get(assessment=ycna).answers["item_17"] == 1
    assert SafetyAlert.objects.get(assessment=ycna).item == 17


@pytest.mark.parametrize("kind", Assessment.Kind.values)
def test_every_section_and_the_decision_page_of_every_kind_open(
    kind: str, home_area: Area, council: Organisation, sign_in: SignIn
) -> None:
    social_worker = staff_member(council, Role.PRACTITIONER)
    assessment = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area), organisation=council, assessor=social_worker, kind=kind
    )
    client = sign_in(social_worker)

    pages = [url("section", assessment, key=definition.key) for definition in sections_for(kind)]
    for page in [*pages, url("determination", assessment), url("submit", assessment)]:
        assert client.get(page).status_code == 200, page
    assert client.get(url("section", assessment, key="no_such_section")).status_code == 404


def test_another_provider_working_with_the_carer_reads_the_assessment_but_never_changes_it(
    assessment: Assessment, sign_in: SignIn, other_team_practitioner: User, young_carers_service: Organisation
) -> None:
    """Statutory records change only at the organisation carrying them out (or the council)."""
    assert other_team_practitioner.organisation == young_carers_service
    open_involvement(assessment.carer, young_carers_service, reason=Involvement.Reason.CASE_OPEN)
    client = sign_in(other_team_practitioner)
    assert client.get(assessment.get_absolute_url()).status_code == 200
    url = reverse("assessments:refuse", args=[assessment.reference])

    response = client.post(url, {"reason": "Not wanted"})

    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_the_scores_show_on_the_task_list_the_questionnaire_the_decision_and_the_written_record(
    ycna: Assessment, other_team_practitioner: User, sign_in: SignIn
) -> None:
    ycna.delegation = Delegation.objects.get(provider=ycna.organisation)  # it may determine (s.79)
    ycna.save(update_fields=["delegation"])
    client = sign_in(other_team_practitioner)
    maca = {f"item_{number}": "1" for number in range(1, 19)}  # 18: very high; each subscale 3
    panoc = {f"item_{number}": "2" for number in range(1, 21)} | {"item_14": "0", "item_17": "0"}
    client.post(url("section", ycna, key="maca_yc18"), {**maca, "version": "0", "complete": ""})
    client.post(url("section", ycna, key="panoc_yc20"), {**panoc, "version": "0", "complete": ""})
    expected = [
        "MACA-YC18 total 18 out of 36: very high amount of caring activity",
        "Sibling care (questions 16 to 18) 3 out of 6",
        "PANOC-YC20 positive outcomes 20 out of 20",
        "PANOC-YC20 negative outcomes 16 out of 20: a concern",
    ]

    for page in (ycna.get_absolute_url(), url("section", ycna, key="panoc_yc20"), url("determination", ycna)):
        text = page_text(client.get(page).content.decode())
        for line in expected:
            assert line in text, (page, line)

    complete_sections(ycna, by=other_team_practitioner, skip=("maca_yc18", "panoc_yc20"))
    record_determination(
        ycna, answers={"has_needs": "no", "reasons": "Support at school is enough."}, by=other_team_practitioner
    )
    record = page_text(client.get(url("record", ycna)).content.decode())
    for line in expected:
        assert line in record
    assert ("MACA-YC18 total", "18 out of 36: very high amount of caring activity") in written_record(ycna).scores
