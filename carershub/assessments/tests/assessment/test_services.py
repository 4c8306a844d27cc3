"""The assessment workflow's rules: start, save, determine, submit, sign off, refuse, and what follows from them."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from carershub.accounts.models import Role, User
from carershub.assessments.models import Assessment, AssessmentSection, Delegation, Review, SafetyAlert
from carershub.assessments.selectors.assessment import young_carer_referrals
from carershub.assessments.services.assessment import (
    AssessmentClosed,
    AssessmentInvalid,
    NotPermitted,
    SectionsIncomplete,
    StaleEdit,
    acknowledge_safety_alert,
    decline_transition_request,
    record_determination,
    refuse_assessment,
    return_for_changes,
    save_section,
    send_safety_alert_notice,
    sign_off,
    start_assessment,
    submit_for_sign_off,
)
from carershub.assessments.services.self_assessment import (
    create_invitation,
    mark_answers_reviewed,
    submit_answers,
)
from carershub.assessments.tests.assessment.helpers import (
    complete_sections,
    eligible_answers,
    not_eligible_answers,
    section_answers,
)
from carershub.assessments.tests.factories import (
    AssessmentFactory,
    DelegationFactory,
    SafetyAlertFactory,
    staff_member,
)
from carershub.assessments.written_record import written_record
from carershub.core.models import AuditEvent
from carershub.organisations.models import Area, Organisation
from carershub.people.models import Consent, Person, TimelineEntry
from carershub.people.tests.factories import AdultCarerFactory, YoungCarerFactory
from carershub.referrals.models import Cohort, Referral
from carershub.referrals.tests.factories import OpenReferralFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db

DETERMINATION = {
    "significant_impact": "yes",
    "wellbeing_domains": ["health", "participation"],
    "reasons": "Caring every night has left her exhausted and she has had to cut her hours.",
    "advice_and_information": "",
}


@pytest.fixture
def delegation(home_area: Area, council: Organisation, carers_centre: Organisation) -> Delegation:
    return DelegationFactory.create(area=home_area, council=council, provider=carers_centre, reference="KCC-79-12")


@pytest.fixture
def adult_carer(home_area: Area) -> Person:
    """An adult carer of an elderly parent in the home area, with no organisation working with her yet."""
    return AdultCarerFactory.create(area=home_area)


@pytest.fixture
def assessment(
    adult_carer: Person, carers_centre: Organisation, practitioner: User, delegation: Delegation
) -> Assessment:
    return AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, assessor=practitioner, delegation=delegation
    )


def determined(assessment: Assessment, by: User, answers: dict[str, dict[str, Any]] | None = None) -> Assessment:
    complete_sections(assessment, by=by, answers=answers or eligible_answers())
    return record_determination(assessment, answers=DETERMINATION, by=by)


# Starting ----------------------------------------------------------------------------------------------------------


def test_a_provider_starts_an_assessment_under_the_councils_delegation(
    adult_carer: Person, practitioner: User, delegation: Delegation
) -> None:
    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)

    assert assessment.delegation == delegation
    assert assessment.organisation == practitioner.organisation
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.requested_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.RECORD_CREATED, subject_type="assessments.assessment", subject_id=str(assessment.pk)
    ).exists()
    assert TimelineEntry.objects.filter(person=adult_carer, kind="assessment_started").exists()


def test_a_provider_without_a_delegation_cannot_start_an_assessment(adult_carer: Person, practitioner: User) -> None:
    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)

    assert "delegation" in refused.value.errors["organisation"]
    assert not Assessment.objects.exists()


def test_an_expired_delegation_does_not_count(adult_carer: Person, practitioner: User, delegation: Delegation) -> None:
    delegation.ends_on = timezone.localdate() - timedelta(days=1)
    delegation.save()

    with pytest.raises(AssessmentInvalid):
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner)


def test_the_council_assesses_without_a_delegation(adult_carer: Person, council: Organisation) -> None:
    social_worker = staff_member(council, Role.PRACTITIONER)

    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=social_worker)

    assert assessment.delegation is None


def test_choosing_another_kind_than_the_law_suggests_needs_a_reason(
    adult_carer: Person, practitioner: User, delegation: Delegation
) -> None:
    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.YOUNG_CARERS_NEEDS, started_by=practitioner)
    assert "kind_override_reason" in refused.value.errors

    assessment = start_assessment(
        adult_carer,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
        started_by=practitioner,
        kind_override_reason="Date of birth on the record is wrong; she is 17.",
    )
    assert assessment.kind_override_reason.startswith("Date of birth")


def test_from_a_referral_the_waiting_time_runs_from_the_referral(
    adult_carer: Person, practitioner: User, delegation: Delegation, carers_centre: Organisation
) -> None:
    received = timezone.now() - timedelta(days=20)
    referral = Referral.objects.create(
        area=adult_carer.area,
        reference="RASSESS01",
        source=Referral.Source.SELF,
        carer=adult_carer,
        reason="Struggling",
        cohort=Cohort.ADULT,
        provider=carers_centre,
        status=Referral.Status.ACCEPTED,
        received_at=received,
    )

    assessment = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner, referral=referral)

    assert assessment.requested_on == timezone.localdate(received)
    assert assessment.referral == referral


# Saving sections ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Referral.Status.OPEN, Referral.Status.REJECTED, Referral.Status.WITHDRAWN])
def test_an_assessment_is_never_started_from_a_referral_that_is_not_accepted(
    adult_carer: Person, practitioner: User, delegation: Delegation, carers_centre: Organisation, status: str
) -> None:
    referral = OpenReferralFactory.create(
        area=adult_carer.area, carer=adult_carer, provider=carers_centre, status=status, rejection_reason="Not a carer"
    )

    with pytest.raises(AssessmentInvalid) as refused:
        start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=practitioner, referral=referral)

    assert refused.value.errors["referral"].startswith(f"Referral {referral.reference} has not been accepted")
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="assessments.assessment").exists()


def test_saving_a_section_creates_it_then_counts_versions(assessment: Assessment, practitioner: User) -> None:
    answers = section_answers(assessment.kind, "caring_role")

    first = save_section(
        assessment, "caring_role", answers=answers, expected_version=0, complete=False, saved_by=practitioner
    )
    second = save_section(
        assessment, "caring_role", answers=answers, expected_version=1, complete=True, saved_by=practitioner
    )

    assert first.pk == second.pk
    assert second.version == 2
    assert second.status == AssessmentSection.Status.COMPLETED
    assert (
        AuditEvent.objects.filter(subject_type="assessments.assessmentsection", subject_id=str(second.pk)).count() == 2
    )


def test_a_stale_edit_is_refused_and_overwrites_nothing(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    mine = section_answers(assessment.kind, "caring_role", details="Mine")
    theirs = section_answers(assessment.kind, "caring_role", details="Theirs")
    save_section(assessment, "caring_role", answers=theirs, expected_version=0, complete=True, saved_by=manager)

    with pytest.raises(StaleEdit) as stale:
        save_section(assessment, "caring_role", answers=mine, expected_version=0, complete=True, saved_by=practitioner)

    assert stale.value.section.answers["details"] == "Theirs"
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    assert (section.version, section.answers["details"]) == (1, "Theirs")


def test_the_carer_can_save_their_own_section_through_a_self_assessment(assessment: Assessment) -> None:
    section = save_section(
        assessment,
        "wellbeing",
        answers=section_answers(assessment.kind, "wellbeing"),
        expected_version=0,
        complete=True,
        saved_by=None,
        answered_by=AssessmentSection.AnsweredBy.CARER,
    )

    assert section.answered_by == AssessmentSection.AnsweredBy.CARER
    event = AuditEvent.objects.get(subject_type="assessments.assessmentsection", subject_id=str(section.pk))
    assert event.actor is None
    assert event.organisation == assessment.organisation


def test_a_section_the_kind_does_not_have_is_refused(assessment: Assessment, practitioner: User) -> None:
    with pytest.raises(KeyError):
        save_section(assessment, "maca_yc18", answers={}, expected_version=0, complete=False, saved_by=practitioner)


def test_a_closed_assessment_cannot_be_changed(assessment: Assessment, practitioner: User) -> None:
    refuse_assessment(assessment, by=practitioner, reason="Does not want one now.")

    with pytest.raises(AssessmentClosed):
        save_section(assessment, "caring_role", answers={}, expected_version=0, complete=False, saved_by=practitioner)


# Determination -----------------------------------------------------------------------------------------------------


def test_one_outcome_unable_with_significant_impact_is_eligible(assessment: Assessment, practitioner: User) -> None:
    assessment = determined(assessment, practitioner)

    assert assessment.eligible is True
    assert assessment.decision["unable_outcomes"] == ["nutrition"]
    assert assessment.determined_by == practitioner
    assert assessment.determined_by_organisation == practitioner.organisation
    assert any("nutrition" in reason.lower() for reason in assessment.determination_reasons)
    assert assessment.significant_impact_reasons == DETERMINATION["reasons"]


def test_not_eligible_needs_the_advice_and_information_of_s13_5(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, answers=not_eligible_answers())

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(assessment, answers=DETERMINATION, by=practitioner)
    assert "advice_and_information" in refused.value.errors
    assessment.refresh_from_db()
    assert assessment.determined_at is None

    advice = {**DETERMINATION, "advice_and_information": "The carers centre's wellbeing group meets on Tuesdays."}
    assessment = record_determination(assessment, answers=advice, by=practitioner)
    assert assessment.eligible is False
    assert assessment.advice_and_information.startswith("The carers centre")


def test_significant_impact_needs_the_wellbeing_areas(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(assessment, answers={**DETERMINATION, "wellbeing_domains": []}, by=practitioner)

    assert "wellbeing_domains" in refused.value.errors


def test_the_determination_waits_for_the_eligibility_sections(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner, skip=("health",), answers=eligible_answers())

    with pytest.raises(SectionsIncomplete) as incomplete:
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    assert [section.key for section in incomplete.value.sections] == ["health"]


def test_a_provider_delegated_assessment_only_cannot_determine(
    assessment: Assessment, practitioner: User, delegation: Delegation, council: Organisation
) -> None:
    delegation.scope = Delegation.Scope.ASSESSMENT
    delegation.save()
    complete_sections(assessment, by=practitioner, answers=eligible_answers())

    with pytest.raises(NotPermitted):
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    social_worker = staff_member(council, Role.PRACTITIONER)
    assessment = record_determination(assessment, answers=DETERMINATION, by=social_worker)
    assert assessment.determined_by_organisation == council


def test_a_young_carers_decision_is_the_s17zc_decision(
    home_area: Area, young_carers_service: Organisation, council: Organisation
) -> None:
    DelegationFactory.create(area=home_area, council=council, provider=young_carers_service)
    worker = staff_member(young_carers_service)
    ycna = start_assessment(
        YoungCarerFactory.create(area=home_area), kind=Assessment.Kind.YOUNG_CARERS_NEEDS, started_by=worker
    )

    ycna = record_determination(
        ycna,
        answers={"has_needs": "yes", "could_be_met": "yes", "will_provide": "yes", "reasons": "Missing school."},
        by=worker,
    )

    assert ycna.eligible is True
    assert ycna.decision == {"has_needs": "yes", "could_be_met": "yes", "will_provide": "yes"}
    assert any("17ZC" in reason for reason in ycna.determination_reasons)


# Submit and sign-off -----------------------------------------------------------------------------------------------


def test_an_incomplete_assessment_cannot_be_submitted_and_the_missing_sections_are_named(
    assessment: Assessment, practitioner: User
) -> None:
    complete_sections(assessment, by=practitioner, skip=("wellbeing", "other_help"))

    with pytest.raises(SectionsIncomplete) as incomplete:
        submit_for_sign_off(assessment, by=practitioner)

    assert [section.title for section in incomplete.value.sections] == [
        "Impact on well-being",
        "Other things that could help",
    ]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_submitting_needs_the_determination(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner)

    with pytest.raises(AssessmentInvalid):
        submit_for_sign_off(assessment, by=practitioner)


def test_a_manager_signs_off_and_no_review_is_scheduled_from_the_assessment(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    # Care Act 2014 s.27: reviews are of support plans. The plan schedules its own when it is agreed; the
    # assessment's completion schedules none (issue 11 item 8).
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    assessment = sign_off(assessment, by=manager)

    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.completed_on == timezone.localdate()
    assert (assessment.signed_off_by, assessment.signed_off_by_organisation) == (manager, manager.organisation)
    assert not Review.objects.filter(assessment=assessment).exists()
    assert TimelineEntry.objects.filter(person=assessment.carer, kind="assessment_signed_off").exists()


def test_nobody_signs_off_their_own_assessment(adult_carer: Person, manager: User, delegation: Delegation) -> None:
    own = start_assessment(adult_carer, kind=Assessment.Kind.CARERS, started_by=manager)
    submit_for_sign_off(determined(own, manager), by=manager)

    with pytest.raises(NotPermitted):
        sign_off(own, by=manager)

    own.refresh_from_db()
    assert own.status == Assessment.Status.AWAITING_SIGN_OFF


def test_the_person_who_submitted_cannot_sign_off(assessment: Assessment, practitioner: User, manager: User) -> None:
    determined(assessment, practitioner)
    submit_for_sign_off(assessment, by=manager)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=manager)


def test_the_manager_who_made_the_determination_cannot_sign_off(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    record_determination(assessment, answers=DETERMINATION, by=manager)
    submit_for_sign_off(assessment, by=practitioner)

    with pytest.raises(NotPermitted, match="cannot be signed off by the person who wrote it"):
        sign_off(assessment, by=manager)

    assessment.refresh_from_db()
    assert (assessment.status, assessment.signed_off_by) == (Assessment.Status.AWAITING_SIGN_OFF, None)
    assert not AuditEvent.objects.filter(subject_id=str(assessment.pk), purpose="signed off").exists()


def test_a_manager_who_wrote_a_section_cannot_sign_off_but_another_manager_can(
    assessment: Assessment, practitioner: User, manager: User, carers_centre: Organisation
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    section = AssessmentSection.objects.get(assessment=assessment, key="caring_role")
    save_section(
        assessment,
        "caring_role",
        answers={**section.answers, "able_now": "no"},
        expected_version=section.version,
        complete=True,
        saved_by=manager,
    )
    submit_for_sign_off(record_determination(assessment, answers=DETERMINATION, by=practitioner), by=practitioner)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=manager)
    assert not TimelineEntry.objects.filter(person=assessment.carer, kind="assessment_signed_off").exists()

    other_manager = staff_member(carers_centre, Role.MANAGER)
    assert sign_off(assessment, by=other_manager).signed_off_by == other_manager


def test_only_a_manager_signs_off(assessment: Assessment, practitioner: User, carers_centre: Organisation) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    with pytest.raises(NotPermitted):
        sign_off(assessment, by=staff_member(carers_centre, Role.PRACTITIONER))


def test_an_assessment_not_submitted_cannot_be_signed_off(assessment: Assessment, manager: User) -> None:
    with pytest.raises(AssessmentClosed):
        sign_off(assessment, by=manager)


def test_a_manager_returns_an_assessment_with_a_note(assessment: Assessment, practitioner: User, manager: User) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)

    with pytest.raises(AssessmentInvalid):
        return_for_changes(assessment, by=manager, note=" ")
    assessment = return_for_changes(assessment, by=manager, note="Say who else was involved.")

    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.return_note == "Say who else was involved."


# Refusal and declined requests -------------------------------------------------------------------------------------


def test_a_refusal_needs_a_reason(assessment: Assessment, practitioner: User) -> None:
    with pytest.raises(AssessmentInvalid):
        refuse_assessment(assessment, by=practitioner, reason="")

    assessment = refuse_assessment(assessment, by=practitioner, reason="Does not want an assessment now.")

    assert assessment.status == Assessment.Status.REFUSED
    assert TimelineEntry.objects.filter(person=assessment.carer, kind="assessment_refused").exists()


def test_only_a_transition_request_can_be_declined_and_it_needs_reasons_and_advice(
    assessment: Assessment, practitioner: User, adult_carer: Person, carers_centre: Organisation
) -> None:
    with pytest.raises(AssessmentInvalid):
        decline_transition_request(assessment, by=practitioner, reasons="No", advice_and_information="Info")

    transition = AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, kind=Assessment.Kind.CHILD_CARER_TRANSITION
    )
    with pytest.raises(AssessmentInvalid) as refused:
        decline_transition_request(transition, by=practitioner, reasons="Too early", advice_and_information="")
    assert "advice_and_information" in refused.value.errors

    transition = decline_transition_request(
        transition, by=practitioner, reasons="The child is 9.", advice_and_information="Ask again at 16."
    )
    assert transition.status == Assessment.Status.REQUEST_DECLINED
    assert transition.closed_reason == "The child is 9."


# Whole family ------------------------------------------------------------------------------------------------------


def child_found() -> dict[str, Any]:
    return section_answers(
        Assessment.Kind.CARERS,
        "whole_family",
        child_involved="yes",
        child_given_name="Kai",
        child_family_name="Reid",
        child_date_of_birth=date(2014, 5, 1),
        child_tasks="Kai helps his grandmother wash and dress every morning before school.",
        referral_consent_given_by="parent_or_guardian",
        referral_consent_given_by_name="Grace Reid",
        referral_consent_given_by_relationship="Mother",
    )


def test_a_child_providing_care_raises_one_young_carers_referral(
    assessment: Assessment, practitioner: User, home_area: Area, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)

    save_section(
        assessment, "whole_family", answers=child_found(), expected_version=0, complete=True, saved_by=practitioner
    )
    save_section(
        assessment, "whole_family", answers=child_found(), expected_version=1, complete=True, saved_by=practitioner
    )

    assessment.refresh_from_db()
    referral = assessment.young_carer_referral
    assert referral is not None
    assert referral.carer.given_name == "Kai"
    assert referral.provider == young_carers_service
    assert referral.source == Referral.Source.PROVIDER
    assert Referral.objects.filter(carer__given_name="Kai").count() == 1
    consent = Consent.objects.get(person=referral.carer, scope=Consent.Scope.REGISTRATION)
    assert (consent.given_by_name, consent.given_by_relationship) == ("Grace Reid", "Mother")


def test_no_child_no_referral(assessment: Assessment, practitioner: User) -> None:
    complete_sections(assessment, by=practitioner)

    assessment.refresh_from_db()
    assert assessment.young_carer_referral is None


def test_without_a_young_carers_service_the_section_still_saves(assessment: Assessment, practitioner: User) -> None:
    section = save_section(
        assessment, "whole_family", answers=child_found(), expected_version=0, complete=True, saved_by=practitioner
    )

    assert section.status == AssessmentSection.Status.COMPLETED
    assessment.refresh_from_db()
    assert assessment.young_carer_referral is None


# Safety alerts -----------------------------------------------------------------------------------------------------


@pytest.fixture
def ycna(home_area: Area, young_carers_service: Organisation, council: Organisation) -> Assessment:
    DelegationFactory.create(area=home_area, council=council, provider=young_carers_service)
    return AssessmentFactory.create(
        carer=YoungCarerFactory.create(area=home_area),
        organisation=young_carers_service,
        kind=Assessment.Kind.YOUNG_CARERS_NEEDS,
    )


def panoc(**answers: int) -> dict[str, Any]:
    """PANOC-YC20 answers: "never" everywhere except the items given as item_N=score."""
    return {f"item_{number}": answers.get(f"item_{number}", 0) for number in range(1, 21)}


def test_a_safety_item_answered_other_than_never_raises_an_alert_at_once(ycna: Assessment) -> None:
    # The placeholder questionnaire file configures items 14 and 17 as safety items.
    save_section(
        ycna, "panoc_yc20", answers=panoc(item_14=1), expected_version=0, complete=False, saved_by=ycna.assessor
    )

    alert = SafetyAlert.objects.get(assessment=ycna)
    assert (alert.item, alert.answer, alert.acknowledged_at) == (14, 1, None)
    assert AuditEvent.objects.filter(subject_id=str(alert.pk), purpose="safety alert raised").exists()


def test_other_items_raise_no_alert_however_answered(ycna: Assessment) -> None:
    answers = panoc(**{f"item_{number}": 2 for number in range(1, 21) if number not in (14, 17)})

    save_section(ycna, "panoc_yc20", answers=answers, expected_version=0, complete=True, saved_by=ycna.assessor)

    assert not SafetyAlert.objects.exists()


def test_saving_again_raises_no_second_alert_until_acknowledged(ycna: Assessment) -> None:
    user = ycna.assessor
    save_section(ycna, "panoc_yc20", answers=panoc(item_17=2), expected_version=0, complete=False, saved_by=user)
    save_section(ycna, "panoc_yc20", answers=panoc(item_17=2), expected_version=1, complete=True, saved_by=user)
    assert SafetyAlert.objects.count() == 1

    with pytest.raises(AssessmentInvalid):
        acknowledge_safety_alert(SafetyAlert.objects.get(), by=user, action_taken="")
    acknowledge_safety_alert(SafetyAlert.objects.get(), by=user, action_taken="Spoke to Sam; safeguarding referral.")

    assert SafetyAlert.objects.get().acknowledged_by == user


def test_a_parent_carers_decision_is_the_s17zf_decision(
    adult_carer: Person, practitioner: User, carers_centre: Organisation, delegation: Delegation
) -> None:
    pcna = AssessmentFactory.create(
        carer=adult_carer, organisation=carers_centre, kind=Assessment.Kind.PARENT_CARERS_NEEDS, delegation=delegation
    )

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(pcna, answers={"has_needs": "yes", "reasons": "Exhausted."}, by=practitioner)
    assert set(refused.value.errors) == {"child_has_needs", "could_be_met", "will_provide"}

    pcna = record_determination(
        pcna,
        answers={
            "has_needs": "yes",
            "child_has_needs": "yes",
            "could_be_met": "yes",
            "will_provide": "no",
            "reasons": "Exhausted.",
        },
        by=practitioner,
    )
    assert pcna.eligible is True
    assert any("17ZF" in reason for reason in pcna.determination_reasons)


def test_a_transition_assessment_gives_an_indication_with_advice(
    adult_carer: Person, practitioner: User, carers_centre: Organisation, delegation: Delegation
) -> None:
    transition = AssessmentFactory.create(
        carer=adult_carer,
        organisation=carers_centre,
        kind=Assessment.Kind.CHILD_CARER_TRANSITION,
        delegation=delegation,
    )
    answers = {"likely_eligible": "yes", "likely_eligible_needs": "Overnight care", "reasons": "Needs grow at 18."}

    with pytest.raises(AssessmentInvalid) as refused:
        record_determination(transition, answers=answers, by=practitioner)
    assert "advice_and_information" in refused.value.errors

    transition = record_determination(
        transition, answers={**answers, "advice_and_information": "Ask adult social care at 17."}, by=practitioner
    )
    assert transition.eligible is True
    assert transition.decision["likely_eligible"] == "yes"


def test_a_safety_alert_emails_the_assessor_and_the_teams_managers_once_committed(
    ycna: Assessment, young_carers_service: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    first_manager = staff_member(young_carers_service, Role.MANAGER)
    second_manager = staff_member(young_carers_service, Role.MANAGER, Role.PRACTITIONER)
    staff_member(young_carers_service)  # a practitioner who is not the assessor is not told
    with django_capture_on_commit_callbacks(execute=True):
        save_section(
            ycna, "panoc_yc20", answers=panoc(item_17=2), expected_version=0, complete=True, saved_by=ycna.assessor
        )

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [ycna.assessor.email, first_manager.email, second_manager.email]
    )
    message = mail.outbox[0]
    assert len(message.to) == 1
    assert message.subject == f"Carers Hub: safety alert on assessment {ycna.reference} needs attention now"
    assert f"/assessments/{ycna.reference}/" in message.body
    # Email is not a secure channel: nothing says who the young carer is or what they answered.
    for personal in (ycna.carer.given_name, ycna.carer.family_name, "17", "A lot of the time"):
        assert personal not in message.subject + message.body
    event = AuditEvent.objects.get(purpose="safety alert notice emailed")
    assert event.detail["alerts"] == [SafetyAlert.objects.get().pk]


def test_no_email_when_no_safety_alert_is_raised(ycna: Assessment, django_capture_on_commit_callbacks: Any) -> None:
    staff_member(ycna.organisation, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        save_section(
            ycna, "panoc_yc20", answers=panoc(item_1=2), expected_version=0, complete=True, saved_by=ycna.assessor
        )

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(purpose="safety alert notice emailed").exists()


def test_an_alert_acknowledged_before_the_notice_is_sent_is_not_emailed(ycna: Assessment) -> None:
    alert = SafetyAlertFactory.create(assessment=ycna)
    acknowledge_safety_alert(alert, by=ycna.assessor, action_taken="Spoke to them at school today.")

    assert send_safety_alert_notice([alert.pk]) == 0
    assert mail.outbox == []


# Stale determinations ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["eligibility_outcomes", "health", "necessary_care"])
def test_changing_a_section_the_determination_reads_takes_the_determination_out_of_force(
    assessment: Assessment, practitioner: User, key: str
) -> None:
    determined(assessment, practitioner)
    section = AssessmentSection.objects.get(assessment=assessment, key=key)
    changes: dict[str, dict[str, Any]] = {
        "eligibility_outcomes": {"outcome_nutrition": [], "outcome_recreation": ["pain_distress_anxiety"]},
        "health": {"health_at_risk": "yes"},
        "necessary_care": {"necessary_care": "no"},
    }
    changed = changes[key]

    save_section(
        assessment,
        key,
        answers=section_answers(assessment.kind, key, **changed),
        expected_version=section.version,
        complete=True,
        saved_by=practitioner,
    )

    assessment.refresh_from_db()
    assert (assessment.determined_at, assessment.determined_by, assessment.eligible) == (None, None, None)
    assert (assessment.decision, assessment.determination_reasons) == ({}, [])
    # The practitioner's own judgement stays, to start the new determination from.
    assert assessment.significant_impact_reasons == DETERMINATION["reasons"]
    event = AuditEvent.objects.filter(subject_id=str(assessment.pk), purpose__startswith="determination cleared").get()
    assert event.detail["superseded"]["eligible"] is True
    with pytest.raises(AssessmentInvalid):
        submit_for_sign_off(assessment, by=practitioner)


def test_saving_a_determination_section_unchanged_or_another_section_keeps_the_determination(
    assessment: Assessment, practitioner: User
) -> None:
    determined(assessment, practitioner)
    for key in ("health", "caring_role"):
        section = AssessmentSection.objects.get(assessment=assessment, key=key)
        save_section(
            assessment,
            key,
            answers=dict(section.answers) if key == "health" else {**section.answers, "able_now": "no"},
            expected_version=section.version,
            complete=True,
            saved_by=practitioner,
        )

    assessment.refresh_from_db()
    assert assessment.determined_at is not None
    assert not AuditEvent.objects.filter(purpose__startswith="determination cleared").exists()


def test_returning_for_changes_takes_the_determination_out_of_force(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    determined(assessment, practitioner)
    submit_for_sign_off(assessment, by=practitioner)

    return_for_changes(assessment, by=manager, note="Say more about her work.")

    assessment.refresh_from_db()
    assert (assessment.status, assessment.determined_at) == (Assessment.Status.IN_PROGRESS, None)
    assert AuditEvent.objects.filter(purpose="determination cleared: returned for changes", actor=manager).exists()


def test_the_written_record_shows_the_outcomes_as_they_stood_when_decided(
    assessment: Assessment, practitioner: User
) -> None:
    assessment = determined(assessment, practitioner)
    section = AssessmentSection.objects.get(assessment=assessment, key="eligibility_outcomes")
    # Changed behind the workflow's back (as a later import might): the record must not follow it.
    section.answers = {**section.answers, "outcome_recreation": ["without_assistance"]}
    section.save(update_fields=["answers"])

    record = written_record(assessment)

    assert [outcome.label for outcome in record.unable_outcomes] == ["Managing and maintaining nutrition"]
    assert assessment.decision["outcome_limbs"] == {"nutrition": ["without_assistance"]}


# Required steps before sign-off -----------------------------------------------------------------------------------


def test_an_assessment_waits_for_the_carers_self_assessment_answers_to_be_reviewed(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    determined(assessment, practitioner)
    invitation, _ = create_invitation(assessment, by=practitioner, site_url="https://carers.example.gov.uk")
    submit_answers(invitation)

    with pytest.raises(AssessmentInvalid) as refused:
        submit_for_sign_off(assessment, by=practitioner)

    assert refused.value.errors == {"self_assessment": "Review the answers the carer sent in their self-assessment"}
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == (Assessment.Status.IN_PROGRESS, None)
    mark_answers_reviewed(invitation, by=practitioner)
    assert submit_for_sign_off(assessment, by=practitioner).status == Assessment.Status.AWAITING_SIGN_OFF


def test_an_open_safety_alert_blocks_submission_and_sign_off(
    assessment: Assessment, practitioner: User, manager: User
) -> None:
    submit_for_sign_off(determined(assessment, practitioner), by=practitioner)
    # Raised after submission (for example through an older link); the manager must not sign off over it.
    alert = SafetyAlertFactory.create(assessment=assessment)

    with pytest.raises(AssessmentInvalid) as refused:
        sign_off(assessment, by=manager)

    assert refused.value.errors == {"safety_alerts": "Record what was done about each open safety alert"}
    assessment.refresh_from_db()
    assert (assessment.status, assessment.signed_off_at) == (Assessment.Status.AWAITING_SIGN_OFF, None)
    assert not Review.objects.filter(assessment=assessment).exists()
    acknowledge_safety_alert(alert, by=practitioner, action_taken="Safeguarding referral made today.")
    assert sign_off(assessment, by=manager).status == Assessment.Status.COMPLETED


def test_a_delegation_that_has_ended_gives_no_authority_to_determine(
    assessment: Assessment, practitioner: User, delegation: Delegation
) -> None:
    complete_sections(assessment, by=practitioner, answers=eligible_answers())
    delegation.ends_on = timezone.localdate() - timedelta(days=1)
    delegation.save(update_fields=["ends_on"])
    assessment.refresh_from_db()

    with pytest.raises(NotPermitted):
        record_determination(assessment, answers=DETERMINATION, by=practitioner)

    assessment.refresh_from_db()
    assert assessment.determined_at is None
    assert not AuditEvent.objects.filter(purpose="determination recorded").exists()


def test_several_children_providing_care_each_get_one_young_carers_referral(
    assessment: Assessment, practitioner: User, home_area: Area, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    answers = child_found() | section_answers(
        Assessment.Kind.CARERS,
        "whole_family",
        child_involved="yes",
        child_given_name="Kai",
        child_2_given_name="Ava",
        child_2_family_name="Reid",
        child_2_date_of_birth=date(2016, 9, 3),
        child_2_tasks="Ava keeps her grandmother company after school.",
    )

    for version in (0, 1):
        save_section(
            assessment, "whole_family", answers=answers, expected_version=version, complete=True, saved_by=practitioner
        )

    referrals = young_carer_referrals(assessment)
    assert [referral.carer.given_name for referral in referrals] == ["Kai", "Ava"]
    assert Referral.objects.count() == 2
    assessment.refresh_from_db()
    assert assessment.young_carer_referral == referrals[0]


def test_a_parent_carers_needs_assessment_has_the_whole_family_check(
    home_area: Area, council: Organisation, young_carers_service: Organisation
) -> None:
    RoutingRuleFactory.create(area=home_area, cohort=Cohort.YOUNG, provider=young_carers_service)
    social_worker = staff_member(council, Role.PRACTITIONER)
    pcna = AssessmentFactory.create(
        carer=AdultCarerFactory.create(area=home_area),
        organisation=council,
        assessor=social_worker,
        kind=Assessment.Kind.PARENT_CARERS_NEEDS,
    )
    answers = section_answers(
        Assessment.Kind.PARENT_CARERS_NEEDS,
        "whole_family",
        child_involved="yes",
        child_given_name="Noah",
        child_date_of_birth=date(2013, 1, 9),
        referral_consent_given_by="parent_or_guardian",
    )

    save_section(pcna, "whole_family", answers=answers, expected_version=0, complete=True, saved_by=social_worker)

    assert [referral.carer.given_name for referral in young_carer_referrals(pcna)] == ["Noah"]
