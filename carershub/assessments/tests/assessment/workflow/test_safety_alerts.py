"""PANOC-YC20 safety alerts: raised at once, never twice while open, and emailed to the team once committed."""

from typing import Any

import pytest
from django.core import mail

from carershub.accounts.models import Role
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.models import Assessment, SafetyAlert
from carershub.assessments.services.errors import AssessmentInvalid
from carershub.assessments.services.safety_alert_notice import send_safety_alert_notice
from carershub.assessments.services.safety_alerts import acknowledge_safety_alert
from carershub.assessments.services.sections import save_section
from carershub.assessments.tests.assessment.workflow.helpers import panoc
from carershub.assessments.tests.factories import SafetyAlertFactory, staff_member
from carershub.core.models import AuditEvent
from carershub.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_safety_item_answered_other_than_never_raises_an_alert_at_once(ycna: Assessment) -> None:
    # The placeholder questionnaire file configures items 14 and 17 as safety items.
    save_section(
        ycna, "panoc_yc20", answers=panoc(item_14=1), expected_version=0, complete=False, saved_by=ycna.assessor
    )

    alert = SafetyAlert.objects.get(assessment=ycna)
    assert (alert.item, alert.answer, alert.acknowledged_at) == (14, 1, None)
    assert AuditEvent.objects.filter(subject_id=str(alert.pk), event=AssessmentEvent.SAFETY_ALERT_RAISED).exists()


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
    # Email is not a secure channel: nothing says who the young carer is or what they answered (the item's number
    # is looked for outside the reference, whose digits are a test factory's sequence).
    words = (message.subject + message.body).replace(ycna.reference, "")
    for personal in (ycna.carer.given_name, ycna.carer.family_name, "17", "A lot of the time"):
        assert personal not in words
    event = AuditEvent.objects.get(event=AssessmentEvent.SAFETY_ALERT_NOTICE_EMAILED)
    assert event.detail["alerts"] == [SafetyAlert.objects.get().pk]


def test_no_email_when_no_safety_alert_is_raised(ycna: Assessment, django_capture_on_commit_callbacks: Any) -> None:
    staff_member(ycna.organisation, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        save_section(
            ycna, "panoc_yc20", answers=panoc(item_1=2), expected_version=0, complete=True, saved_by=ycna.assessor
        )

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(event=AssessmentEvent.SAFETY_ALERT_NOTICE_EMAILED).exists()


def test_an_alert_acknowledged_before_the_notice_is_sent_is_not_emailed(ycna: Assessment) -> None:
    alert = SafetyAlertFactory.create(assessment=ycna)
    acknowledge_safety_alert(alert, by=ycna.assessor, action_taken="Spoke to them at school today.")

    assert send_safety_alert_notice([alert.pk]) == 0
    assert mail.outbox == []
