"""What happens in commissioning is recorded as an event the statutory returns can count, and rows written before
the vocabulary are named by the data migration without changing what was recorded."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils import timezone

from carershub.accounts.models import User
from carershub.commissioning.events import CommissioningEvent
from carershub.commissioning.models import Contract
from carershub.commissioning.rules.rag import financial_quarter
from carershub.commissioning.services.life_cycle import change_status
from carershub.commissioning.services.monitoring import add_kpi, generate_return, submit_return
from carershub.commissioning.services.reviews import accept_return
from carershub.commissioning.tests.factories import ContractFactory, LotFactory
from carershub.core.audit import record_event
from carershub.core.models import AuditEvent
from carershub.core.tests.migrations import InTransactionSchemaEditor
from carershub.organisations.models import Area, Organisation

pytestmark = pytest.mark.django_db

migration = import_module("carershub.commissioning.migrations.0010_name_legacy_events")


@pytest.fixture
def contract(council: Organisation, home_area: Area, carers_centre: Organisation) -> Contract:
    contract = ContractFactory.create(commissioner=council, areas=[home_area], status=Contract.Status.AWARDED)
    LotFactory.create(contract=contract, provider=carers_centre)
    return contract


def _events(subject: Model) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_a_contract_and_its_return_record_what_happened_as_events(
    contract: Contract, commissioner: User, manager: User
) -> None:
    change_status(contract, status=Contract.Status.LIVE, by=commissioner)
    kpi = add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    draft = generate_return(contract, lot=None, period=financial_quarter(timezone.localdate()), by=manager)
    accept_return(submit_return(draft, by=manager), by=commissioner)

    assert _events(contract) == [CommissioningEvent.CONTRACT_STATUS_CHANGED]
    assert _events(kpi) == [CommissioningEvent.KPI_ADDED]
    assert _events(draft) == [
        CommissioningEvent.RETURN_GENERATED,
        CommissioningEvent.RETURN_SUBMITTED,
        CommissioningEvent.RETURN_ACCEPTED,
    ]
    # purpose means only why person data was read; these changes read none.
    assert not AuditEvent.objects.filter(subject_type__startswith="commissioning.").exclude(purpose="").exists()


def test_legacy_rows_are_named_by_their_purpose_or_detail_and_keep_what_was_recorded(
    contract: Contract, commissioner: User, manager: User
) -> None:
    changed = AuditEvent.Kind.RECORD_CHANGED
    status = record_event(
        changed, actor=commissioner, subject=contract, detail={"status": "live", "previous_status": "awarded"}
    )
    extension = record_event(
        changed, actor=commissioner, subject=contract, detail={"extension_option": 1, "outcome": "extend"}
    )
    exported = record_event(AuditEvent.Kind.EXPORTED, actor=commissioner, subject=contract, purpose="KPI series (csv)")
    add_kpi(contract, measure="carers_supported", annual_target=Decimal(40), by=commissioner)
    monitoring_return = generate_return(contract, lot=None, period=financial_quarter(timezone.localdate()), by=manager)
    queried = record_event(changed, actor=commissioner, subject=monitoring_return, purpose="monitoring return queried")
    state_apps = MigrationLoader(connection).project_state(("commissioning", "0010_name_legacy_events")).apps

    with transaction.atomic():
        migration.forward(state_apps, InTransactionSchemaEditor())

    named = {
        row.pk: row for row in AuditEvent.objects.filter(pk__in=[status.pk, extension.pk, exported.pk, queried.pk])
    }
    assert named[status.pk].event == CommissioningEvent.CONTRACT_STATUS_CHANGED
    assert named[extension.pk].event == CommissioningEvent.EXTENSION_DECIDED
    assert named[exported.pk].event == CommissioningEvent.KPI_SERIES_EXPORTED
    assert named[exported.pk].purpose == "KPI series (csv)"  # what was recorded is kept
    assert named[queried.pk].event == CommissioningEvent.RETURN_QUERIED
