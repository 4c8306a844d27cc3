"""The determination, sign-off, written record and closing pages: what each shows and does, and its audit."""

import pytest
from django.test import Client

from carershub.accounts.models import User
from carershub.accounts.tests.personas import SignIn
from carershub.assessments.models import Assessment, Delegation
from carershub.assessments.services.determination import record_determination
from carershub.assessments.services.sign_off import submit_for_sign_off
from carershub.assessments.tests.assessment.helpers import complete_sections, eligible_answers
from carershub.assessments.tests.assessment.pages.helpers import REASONS, determined, url, viewed
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.assessments.written_record import written_record, written_record_pdf
from carershub.core.models import AuditEvent
from carershub.core.tests.pdf_checks import read_tagged_pdf
from carershub.organisations.models import Organisation

pytestmark = pytest.mark.django_db


# Determination, submit, sign-off -----------------------------------------------------------------------------------


def test_recording_the_determination(assessment: Assessment, client: Client) -> None:
    complete_sections(assessment, by=assessment.assessor, answers=eligible_answers())

    response = client.post(
        url("determination", assessment),
        {"significant_impact": "yes", "wellbeing_domains": ["health"], "reasons": REASONS},
    )

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.eligible is True


def test_a_provider_delegated_assessment_only_has_no_determination_page(
    assessment: Assessment, client: Client, delegation: Delegation
) -> None:
    delegation.scope = Delegation.Scope.ASSESSMENT
    delegation.save()

    assert client.get(url("determination", assessment)).status_code == 404
    assert "The council records the determination" in client.get(assessment.get_absolute_url()).content.decode()


def test_submitting_an_incomplete_assessment_names_the_sections(assessment: Assessment, client: Client) -> None:
    complete_sections(assessment, by=assessment.assessor, skip=("other_help",))

    response = client.post(url("submit", assessment))

    assert response.status_code == 400
    assert "Complete the section: Other things that could help" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_a_manager_signs_off_and_the_assessor_cannot(
    assessment: Assessment, client: Client, manager: User, sign_in: SignIn
) -> None:
    determined(assessment, assessment.assessor)
    assert client.post(url("submit", assessment)).status_code == 302
    assert client.get(url("sign_off", assessment)).status_code == 404

    response = sign_in(manager).post(url("sign_off", assessment), {"action": "sign_off"})

    assert response.status_code == 302
    assert response["Location"] == url("record", assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED


def test_a_manager_sends_it_back_with_a_note(assessment: Assessment, manager: User, sign_in: SignIn) -> None:
    submit_for_sign_off(determined(assessment, assessment.assessor), by=assessment.assessor)
    client = sign_in(manager)

    empty = client.post(url("sign_off", assessment), {"action": "return", "note": ""})
    response = client.post(url("sign_off", assessment), {"action": "return", "note": "Add who else was there."})

    assert empty.status_code == 200
    assert "Enter an answer to: What needs to change?" in empty.content.decode()
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_note) == ("in_progress", "Add who else was there.")


# The written record ------------------------------------------------------------------------------------------------


def test_the_written_record_shows_the_decision_reasons_and_provenance(assessment: Assessment, client: Client) -> None:
    determined(assessment, assessment.assessor)

    response = client.get(url("record", assessment))

    page = response.content.decode()
    assert response.status_code == 200
    assert "meet the eligibility criteria" in page
    assert "exhausted and she has cut her hours" in page
    assert "Managing and maintaining nutrition" in page
    assert "under delegation KCC-79-12 from Home Council" in page
    assert viewed(assessment) == 1


def test_the_pdf_is_a_pdf_with_the_reasons(assessment: Assessment, client: Client) -> None:
    determined(assessment, assessment.assessor)

    response = client.get(url("record_pdf", assessment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"  # special category data: no copy in any cache
    pdf = read_tagged_pdf(response.content)
    assert "exhausted and she has cut her hours" in pdf.text
    assert "KCC-79-12" in pdf.text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED, subject_id=str(assessment.pk)).exists()


def test_not_eligible_record_carries_the_advice_and_information(assessment: Assessment, client: Client) -> None:
    complete_sections(assessment, by=assessment.assessor, answers={"health": {"health_at_risk": "no"}})
    record_determination(
        assessment,
        answers={
            "significant_impact": "no",
            "reasons": "She manages well with her family's help.",
            "advice_and_information": "The carers centre runs a peer group on Tuesdays.",
        },
        by=assessment.assessor,
    )

    page = client.get(url("record", assessment)).content.decode()
    assessment.refresh_from_db()
    pdf = read_tagged_pdf(written_record_pdf(written_record(assessment)))

    assert "do not meet the eligibility criteria" in page
    assert "s.13(5)" in page
    assert "peer group on Tuesdays" in page
    assert "peer group on Tuesdays" in pdf.text
    assert "s.13(5) says you must be given" in pdf.text
    # Determined but not signed off yet: a draft, on the page and on every page printed from it.
    assert "Draft \u2013 not signed off" in page
    assert pdf.text.count("Draft \u2013 not signed off") >= 2  # the mark in the record and at the top of each page


# Refusal, declined requests and safety alerts ----------------------------------------------------------------------


def test_a_refusal_leads_to_a_printable_letter(assessment: Assessment, client: Client) -> None:
    response = client.post(url("refuse", assessment), {"reason": "She does not want an assessment this year."})

    assert response.status_code == 302
    letter = client.get(url("letter", assessment)).content.decode()
    assert "She does not want an assessment this year." in letter
    assert "Care Act 2014 s.11" in letter


def test_a_declined_transition_request_letter_gives_reasons_and_advice(
    assessment: Assessment, client: Client, carers_centre: Organisation
) -> None:
    transition = AssessmentFactory.create(
        carer=assessment.carer, organisation=carers_centre, kind=Assessment.Kind.CHILD_CARER_TRANSITION
    )

    client.post(
        url("decline", transition), {"reasons": "Too early: the child is 9.", "advice_and_information": "Ask at 16."}
    )

    letter = client.get(url("letter", transition)).content.decode()
    assert "Too early: the child is 9." in letter
    assert "Ask at 16." in letter
    assert client.get(url("decline", assessment)).status_code == 404
