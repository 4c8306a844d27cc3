"""Name the events of audit rows written before commissioning declared its vocabulary (core.events).

Monitoring rows are told apart by the purpose they were written with, contract changes by what their detail holds
(a status change names the previous status, an extension decision its option, a variation itself). Nothing that was
recorded changes."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

CREATED, CHANGED, EXPORTED = "record_created", "record_changed", "exported"
CONTRACT = "commissioning.contract"
RETURN = "commissioning.monitoringreturn"

AUDIT = [
    LegacyAuditRows("commissioning.contract_set_up", CREATED, CONTRACT),
    LegacyAuditRows("commissioning.contract_status_changed", CHANGED, CONTRACT, detail={"has_key": "previous_status"}),
    LegacyAuditRows("commissioning.extension_decided", CHANGED, CONTRACT, detail={"has_key": "extension_option"}),
    LegacyAuditRows("commissioning.variation_recorded", CHANGED, CONTRACT, detail={"has_key": "variation"}),
    LegacyAuditRows("commissioning.kpi_series_exported", EXPORTED, CONTRACT, purpose="KPI series (csv)"),
    LegacyAuditRows("commissioning.kpi_series_exported", EXPORTED, CONTRACT, purpose="KPI series (xlsx)"),
    LegacyAuditRows("commissioning.contract_exported", EXPORTED, CONTRACT, purpose=""),
    LegacyAuditRows("commissioning.population_estimate_recorded", CREATED, "commissioning.populationestimate"),
    LegacyAuditRows("commissioning.population_estimate_recorded", CHANGED, "commissioning.populationestimate"),
    LegacyAuditRows("commissioning.pooled_fund_set_up", CREATED, "commissioning.pooledfund"),
    LegacyAuditRows("commissioning.extension_decision_reminded", CHANGED, "commissioning.extensiondecision"),
    LegacyAuditRows("commissioning.kpi_added", CREATED, "commissioning.contractkpi", purpose="KPI added"),
    LegacyAuditRows(
        "commissioning.kpi_target_changed", CHANGED, "commissioning.contractkpi", purpose="KPI target changed"
    ),
    *(
        LegacyAuditRows(
            "commissioning.manual_figure_entered", kind, "commissioning.manualmeasurement", "manual KPI figure entered"
        )
        for kind in (CREATED, CHANGED)
    ),
    *(
        LegacyAuditRows("commissioning.return_generated", kind, RETURN, "monitoring return generated")
        for kind in (CREATED, CHANGED)
    ),
    LegacyAuditRows("commissioning.return_commented", CHANGED, RETURN, "monitoring return comment"),
    LegacyAuditRows("commissioning.return_submitted", CHANGED, RETURN, "monitoring return submitted"),
    LegacyAuditRows("commissioning.return_accepted", CHANGED, RETURN, "monitoring return accepted"),
    LegacyAuditRows("commissioning.return_queried", CHANGED, RETURN, "monitoring return queried"),
    LegacyAuditRows("commissioning.return_corrected", CREATED, RETURN, "monitoring return corrected"),
    *(
        LegacyAuditRows(
            "commissioning.performance_rated", kind, "commissioning.performancerating", "contract performance rated"
        )
        for kind in (CREATED, CHANGED)
    ),
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("commissioning", "0009_extension_allowance_taken_in_parts"),
    ]

    operations = [migrations.RunPython(forward, noop)]
