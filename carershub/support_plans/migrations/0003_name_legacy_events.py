"""Name the events of the rows this app wrote before it declared its events (core.events), so the returns count
them too. The app kept its own name for each event in `detail["event"]`; that, and all else recorded, stays."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

AUDIT = [
    LegacyAuditRows(
        "support_plans.plan_started",
        "record_created",
        "support_plans.supportplan",
        detail={"event": "support_plan_started"},
    ),
    LegacyAuditRows(
        "support_plans.plan_changed",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "support_plan_changed"},
    ),
    LegacyAuditRows(
        "support_plans.need_saved",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "support_plan_need_saved"},
    ),
    LegacyAuditRows(
        "support_plans.need_removed",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "support_plan_need_removed"},
    ),
    LegacyAuditRows(
        "support_plans.personal_budget_approved",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "personal_budget_approved"},
    ),
    LegacyAuditRows(
        "support_plans.plan_agreed",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "support_plan_agreed"},
    ),
    LegacyAuditRows(
        "support_plans.plan_revision_started",
        "record_created",
        "support_plans.supportplan",
        detail={"event": "support_plan_revision_started"},
    ),
    LegacyAuditRows(
        "support_plans.plan_ended",
        "record_changed",
        "support_plans.supportplan",
        detail={"event": "support_plan_ended"},
    ),
    LegacyAuditRows(
        "support_plans.plan_viewed", "record_viewed", "people.person", detail={"event": "support_plan_viewed"}
    ),
    LegacyAuditRows(
        "support_plans.plan_copy_given", "record_viewed", "people.person", detail={"event": "support_plan_copy_given"}
    ),
    LegacyAuditRows(
        "support_plans.plan_list_viewed", "record_viewed", "", detail={"event": "support_plan_list_viewed"}
    ),
    LegacyAuditRows(
        "support_plans.review_scheduled",
        "record_created",
        "support_plans.planreview",
        detail={"event": "plan_review_scheduled"},
    ),
    LegacyAuditRows(
        "support_plans.review_requested",
        "record_created",
        "support_plans.planreview",
        detail={"event": "plan_review_requested"},
    ),
    LegacyAuditRows(
        "support_plans.review_completed",
        "record_changed",
        "support_plans.planreview",
        detail={"event": "plan_review_completed"},
    ),
    LegacyAuditRows(
        "support_plans.review_cancelled",
        "record_changed",
        "support_plans.planreview",
        detail={"event": "plan_review_cancelled"},
    ),
    LegacyAuditRows(
        "support_plans.review_reminded",
        "record_changed",
        "support_plans.planreview",
        detail={"event": "plan_review_reminded"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_agreed",
        "record_created",
        "support_plans.directpaymentagreement",
        detail={"event": "direct_payment_agreed"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_made",
        "record_changed",
        "support_plans.directpayment",
        detail={"event": "direct_payment_made"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_ended",
        "record_changed",
        "support_plans.directpaymentagreement",
        detail={"event": "direct_payment_ended"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payments_exported", "exported", "", detail={"event": "direct_payments_exported"}
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_monitoring_recorded",
        "record_created",
        "support_plans.monitoringreturn",
        detail={"event": "direct_payment_monitoring_recorded"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_review_completed",
        "record_changed",
        "support_plans.directpaymentreview",
        detail={"event": "direct_payment_review_completed"},
    ),
    LegacyAuditRows(
        "support_plans.direct_payment_review_reminded",
        "record_changed",
        "support_plans.directpaymentreview",
        detail={"event": "direct_payment_review_reminded"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_requested",
        "record_created",
        "support_plans.shortbreak",
        detail={"event": "short_break_requested"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_approved",
        "record_changed",
        "support_plans.shortbreak",
        detail={"event": "short_break_approved"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_booked",
        "record_changed",
        "support_plans.shortbreak",
        detail={"event": "short_break_booked"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_delivered",
        "record_changed",
        "support_plans.shortbreak",
        detail={"event": "short_break_delivered"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_cancelled",
        "record_changed",
        "support_plans.shortbreak",
        detail={"event": "short_break_cancelled"},
    ),
    LegacyAuditRows(
        "support_plans.short_break_viewed", "record_viewed", "people.person", detail={"event": "short_break_viewed"}
    ),
]

# The timeline kinds written before, by the same names.
TIMELINE = {
    "support_plan_started": "support_plans.plan_started",
    "personal_budget_approved": "support_plans.personal_budget_approved",
    "support_plan_agreed": "support_plans.plan_agreed",
    "support_plan_revision_started": "support_plans.plan_revision_started",
    "support_plan_ended": "support_plans.plan_ended",
    "plan_review_requested": "support_plans.review_requested",
    "plan_review_completed": "support_plans.review_completed",
    "direct_payment_agreed": "support_plans.direct_payment_agreed",
    "direct_payment_made": "support_plans.direct_payment_made",
    "direct_payment_ended": "support_plans.direct_payment_ended",
    "direct_payment_review_completed": "support_plans.direct_payment_review_completed",
    "short_break_requested": "support_plans.short_break_requested",
    "short_break_approved": "support_plans.short_break_approved",
    "short_break_booked": "support_plans.short_break_booked",
    "short_break_delivered": "support_plans.short_break_delivered",
    "short_break_cancelled": "support_plans.short_break_cancelled",
}


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT, timeline=TIMELINE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("support_plans", "0002_managers_may_approve_personal_budgets"),
    ]

    operations = [migrations.RunPython(forward, noop)]
