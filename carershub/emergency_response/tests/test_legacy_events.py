"""Migration 0004 names the events of rows written before the app declared its events: with codes the app still
declares, without changing what was recorded, and leaving unnamed what cannot be told apart."""

import importlib

from django.apps import apps as django_apps
from django.db import transaction

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.emergency_response.events import EmergencyEvent
from carershub.emergency_response.models import ContingencyPlan
from carershub.people.models import TimelineEntry

migration = importlib.import_module("carershub.emergency_response.migrations.0004_name_legacy_events")


def test_every_legacy_row_is_named_with_an_event_the_app_declares() -> None:
    declared = set(EmergencyEvent.values)
    assert {rows.event for rows in migration.AUDIT} <= declared
    assert set(migration.TIMELINE.values()) <= declared


def test_legacy_rows_are_named_and_what_was_recorded_is_kept(
    plan: ContingencyPlan, practitioner: User, responder: User
) -> None:
    carer = plan.carer
    started = record_event(
        AuditEvent.Kind.RECORD_CREATED, actor=practitioner, subject=carer, purpose="contingency planning"
    )
    printed = record_event(AuditEvent.Kind.EXPORTED, actor=practitioner, subject=carer, purpose="printed for the carer")
    opened = record_event(
        AuditEvent.Kind.EMERGENCY_PLAN_OPENED, actor=responder, subject=carer, purpose="Carer in hospital"
    )
    # A change to an activation was recorded with the responder's reason: nothing tells it from another app's row.
    closed = record_event(AuditEvent.Kind.RECORD_CHANGED, actor=responder, subject=carer, purpose="Carer in hospital")
    entry = TimelineEntry.objects.create(
        area=carer.area, person=carer, occurred_at=started.occurred_at, kind="emergency_plan_activated", summary="s"
    )

    with transaction.atomic():
        migration.forward(django_apps, InTransactionSchemaEditor())

    assert AuditEvent.objects.get(pk=started.pk).event == EmergencyEvent.PLAN_STARTED
    assert AuditEvent.objects.get(pk=printed.pk).event == EmergencyEvent.PLAN_PRINTED
    assert AuditEvent.objects.get(pk=opened.pk).event == EmergencyEvent.PLAN_OPENED
    assert AuditEvent.objects.get(pk=opened.pk).purpose == "Carer in hospital"  # what was recorded is kept
    assert AuditEvent.objects.get(pk=closed.pk).event == ""
    assert TimelineEntry.objects.get(pk=entry.pk).kind == EmergencyEvent.ACTIVATION_OPENED
    # Rows written since keep their own event: agreeing the plan is not renamed a change ("contingency planning").
    assert AuditEvent.objects.filter(event=EmergencyEvent.PLAN_AGREED, subject_id=str(carer.pk)).count() == 1
