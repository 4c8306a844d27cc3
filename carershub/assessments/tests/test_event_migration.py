"""Rows written before AssessmentEvent get their event named (the statutory returns count by event), without changing
what was recorded; legacy timeline kinds become the event codes."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction

from carershub.accounts.models import User
from carershub.assessments.events import AssessmentEvent
from carershub.assessments.tests.factories import AssessmentFactory
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area
from carershub.people.models import TimelineEntry

pytestmark = pytest.mark.django_db

migration = importlib.import_module("carershub.assessments.migrations.0003_event_vocabulary")


def test_legacy_rows_are_named_and_keep_what_was_recorded(practitioner: User, home_area: Area) -> None:
    assessment = AssessmentFactory.create(area=home_area)
    signed_off = record_event(
        AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=assessment, purpose="signed off"
    )
    cleared = record_event(
        AuditEvent.Kind.RECORD_CHANGED,
        actor=practitioner,
        subject=assessment,
        purpose="determination cleared: The carer's health changed",
    )
    viewed = record_event(
        AuditEvent.Kind.RECORD_VIEWED, actor=practitioner, subject=assessment, purpose="assessment section health"
    )
    listed = record_event(AuditEvent.Kind.RECORD_VIEWED, actor=practitioner, purpose="assessment list")
    unrelated = record_event(AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=assessment, purpose="other")
    line = TimelineEntry.objects.create(
        area=home_area,
        person=assessment.carer,
        occurred_at=signed_off.occurred_at,
        kind="assessment_signed_off",
        summary="Carer's assessment signed off",
    )

    with transaction.atomic():
        migration.forward(django_apps, InTransactionSchemaEditor())

    events = dict(AuditEvent.objects.values_list("pk", "event"))
    assert events[signed_off.pk] == AssessmentEvent.SIGNED_OFF
    assert events[cleared.pk] == AssessmentEvent.DETERMINATION_CLEARED
    assert events[viewed.pk] == AssessmentEvent.VIEWED
    assert events[listed.pk] == AssessmentEvent.TEAM_LIST_VIEWED
    assert events[unrelated.pk] == ""
    assert AuditEvent.objects.get(pk=signed_off.pk).purpose == "signed off"
    line.refresh_from_db()
    assert line.kind == AssessmentEvent.SIGNED_OFF
