"""Name the events of audit rows written before procurement declared its vocabulary (core.events).

Procurement kept its own name for each event in `detail["event"]`, and those names are the codes now declared, so a
row is named by that key, its kind and its subject. The two views of a young person are told apart by purpose (the
council's view was recorded under the "package requested" name). Nothing that was recorded changes."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from carershub.core.event_migrations import LegacyAuditRows, name_legacy_events, noop

CREATED, CHANGED, VIEWED, EXPORTED = "record_created", "record_changed", "record_viewed", "exported"

# Each code, the kinds it was written with and the records it was written about.
_WRITTEN: dict[str, tuple[tuple[str, ...], str]] = {
    "procurement.participant_joined": ((CREATED, CHANGED), "procurement.purchasingarrangement"),
    "procurement.participant_left": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.extension_decided": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.window_opened": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.notice_recorded": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.category_added": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.question_added": ((CHANGED,), "procurement.purchasingarrangement"),
    "procurement.open_data_exported": ((EXPORTED,), "procurement.purchasingarrangement"),
    "procurement.supplier_registered": ((CREATED,), "procurement.supplier"),
    "procurement.application_started": ((CREATED,), "procurement.application"),
    "procurement.application_answered": ((CHANGED,), "procurement.application"),
    "procurement.application_submitted": ((CHANGED,), "procurement.application"),
    "procurement.application_evaluated": ((CHANGED,), "procurement.application"),
    "procurement.application_decided": ((CHANGED,), "procurement.application"),
    "procurement.membership_suspended": ((CHANGED,), "procurement.membership"),
    "procurement.membership_reinstated": ((CHANGED,), "procurement.membership"),
    "procurement.membership_removed": ((CHANGED,), "procurement.membership"),
    "procurement.rating_rechecked": ((CHANGED,), "procurement.membership"),
    "procurement.rating_recheck_reminded": ((CHANGED,), "procurement.membership"),
    "procurement.package_requested": ((CREATED,), "procurement.packagerequest"),
    "procurement.package_published": ((CHANGED,), "procurement.packagerequest"),
    "procurement.bid_submitted": ((CHANGED,), "procurement.packagerequest"),
    "procurement.bid_evaluated": ((CHANGED,), "procurement.packagerequest"),
    "procurement.package_awarded": ((CHANGED,), "procurement.packagerequest"),
    "procurement.package_shared": ((CHANGED,), "procurement.packagerequest"),
    "procurement.spot_purchase_requested": ((CHANGED,), "procurement.spotpurchase"),
    "procurement.spot_purchase_decided": ((CHANGED,), "procurement.spotpurchase"),
    "procurement.provider_review_recorded": ((CHANGED,), "procurement.providerreview"),
    "procurement.continuing_package_reviewed": ((CHANGED,), "procurement.continuingpackage"),
    "procurement.continuing_package_recorded": ((CHANGED,), "procurement.continuingpackage"),
}

AUDIT = [
    LegacyAuditRows(
        "procurement.package_request_viewed",
        VIEWED,
        "people.person",
        purpose="Buying a care package for a child or young person",
    ),
    LegacyAuditRows(
        "procurement.young_person_viewed", VIEWED, "people.person", purpose="Providing the care package awarded"
    ),
    *(
        LegacyAuditRows(code, kind, subject_type, detail={"event": code})
        for code, (kinds, subject_type) in _WRITTEN.items()
        for kind in kinds
    ),
]


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    name_legacy_events(apps, schema_editor, audit=AUDIT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_event_vocabulary"),
        ("people", "0010_event_vocabulary"),
        ("procurement", "0002_application_rating_reminded_on"),
    ]

    operations = [migrations.RunPython(forward, noop)]
