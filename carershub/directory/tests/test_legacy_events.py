"""Audit rows and timeline lines the directory wrote before it declared its events get their event's code, so the
returns count them; what was recorded stays as it was."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.directory.events import DirectoryEvent
from carershub.directory.tests.factories import PublishedServiceFactory
from carershub.organisations.models import Area
from carershub.people.models import TimelineEntry
from carershub.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("carershub.directory.migrations.0005_name_legacy_events")


def test_the_migration_names_only_events_the_directory_declares() -> None:
    named = {rows.event for rows in MIGRATION.AUDIT} | set(MIGRATION.TIMELINE.values())
    assert named <= set(DirectoryEvent.values)
    assert {(rows.detail or {}).get("event") for rows in MIGRATION.AUDIT} == {
        code.replace("directory.", "directory_") for code in DirectoryEvent.values
    }


def test_legacy_rows_with_the_same_purpose_get_each_its_own_event(practitioner: User, home_area: Area) -> None:
    service = PublishedServiceFactory.create(area=home_area)
    carer = PersonFactory.create(area=home_area)
    legacy = {
        old: record_event(
            AuditEvent.Kind.RECORD_CHANGED,
            actor=practitioner,
            subject=service,
            purpose="keeping the service directory up to date",
            detail={"event": old},
        )
        for old in ("directory_change_proposed", "directory_change_approved")
    }
    TimelineEntry.objects.create(
        area=home_area, person=carer, occurred_at=timezone.now(), kind="directory_signposted", summary="Signposted"
    )

    with transaction.atomic():
        MIGRATION.forward(django_apps, InTransactionSchemaEditor())

    assert AuditEvent.objects.get(pk=legacy["directory_change_proposed"].pk).event == DirectoryEvent.CHANGE_PROPOSED
    assert AuditEvent.objects.get(pk=legacy["directory_change_approved"].pk).event == DirectoryEvent.CHANGE_APPROVED
    assert AuditEvent.objects.get(pk=legacy["directory_change_approved"].pk).detail == {
        "event": "directory_change_approved"
    }
    assert TimelineEntry.objects.get(person=carer).kind == DirectoryEvent.SIGNPOSTED
