"""Audit rows written before procurement declared its events are named by their own `detail["event"]`."""

from importlib import import_module

import pytest
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from carershub.accounts.models import User
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area
from carershub.people.tests.factories import PersonFactory
from carershub.procurement.events import ProcurementEvent
from carershub.procurement.tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

migration = import_module("carershub.procurement.migrations.0003_name_legacy_events")


def test_legacy_rows_take_the_event_their_detail_named_and_keep_what_was_recorded(
    practitioner: User, home_area: Area
) -> None:
    supplier = SupplierFactory.create()
    child = PersonFactory.create(area=home_area)
    registered = record_event(
        AuditEvent.Kind.RECORD_CREATED,
        actor=practitioner,
        subject=supplier,
        purpose="Supplier membership of a purchasing arrangement",
        detail={"event": "procurement.supplier_registered"},
    )
    viewed = record_event(
        AuditEvent.Kind.RECORD_VIEWED,
        actor=practitioner,
        subject=child,
        purpose="Buying a care package for a child or young person",
        detail={"event": "procurement.package_requested"},
    )
    unrelated = record_event(AuditEvent.Kind.RECORD_CHANGED, actor=practitioner, subject=child, purpose="other")
    state_apps = MigrationLoader(connection).project_state(("procurement", "0003_name_legacy_events")).apps

    with transaction.atomic():
        migration.forward(state_apps, InTransactionSchemaEditor())

    registered.refresh_from_db()
    assert registered.event == ProcurementEvent.SUPPLIER_REGISTERED
    assert registered.detail == {"event": "procurement.supplier_registered"}  # what was recorded is kept
    assert AuditEvent.objects.get(pk=viewed.pk).event == ProcurementEvent.PACKAGE_REQUEST_VIEWED
    assert AuditEvent.objects.get(pk=unrelated.pk).event == ""
