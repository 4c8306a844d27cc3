"""Freeze a submitted monitoring return in the database itself, not just in the services.

Once a return has left draft, an UPDATE may only move its status on (accepted, queried, superseded: never back to
draft) and record the commissioner's review (comment, reviewer, when) and who touched it last. Everything the provider
submitted (the period, the figures, the provider's comment, when and by whom, the version and what it corrects) is
refused on both engines. DELETE of a submitted return is refused on PostgreSQL by a row trigger, as for the audit log;
TRUNCATE (test teardown) is not a row operation. On SQLite, which only serves local demos and whose test teardown
deletes rows one table at a time, the model layer refuses the delete (`MonitoringReturnQuerySet`).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Columns a submitted return must keep as they are. `status`, `commissioner_comment`, `reviewed_at`,
# `reviewed_by_id`, `updated_at` and `updated_by_id` still change when the commissioner accepts or queries it and
# when a submitted correction supersedes it.
FROZEN_COLUMNS = (
    "contract_id",
    "lot_id",
    "period_start",
    "period_end",
    "version",
    "figures",
    "generated_at",
    "provider_comment",
    "submitted_at",
    "submitted_by_id",
    "supersedes_id",
    "correction_reason",
    "created_at",
    "created_by_id",
)

POSTGRESQL_CHANGED = " OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in FROZEN_COLUMNS)
POSTGRESQL_CREATE = f"""
CREATE OR REPLACE FUNCTION commissioning_monitoringreturn_refuse_change() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'draft' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'monitoring return % has been submitted: it cannot be deleted', OLD.id;
    END IF;
    IF NEW.status = 'draft' OR {POSTGRESQL_CHANGED} THEN
        RAISE EXCEPTION 'monitoring return % has been submitted: its figures are frozen (correct it with a new version)',
            OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER commissioning_monitoringreturn_frozen
    BEFORE UPDATE OR DELETE ON commissioning_monitoringreturn
    FOR EACH ROW EXECUTE FUNCTION commissioning_monitoringreturn_refuse_change();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS commissioning_monitoringreturn_frozen ON commissioning_monitoringreturn;
DROP FUNCTION IF EXISTS commissioning_monitoringreturn_refuse_change();
"""

# SQLite stores JSON as text: compare it normalised, so a re-save of the same figures is not a change.
SQLITE_CHANGED = " OR ".join(
    "json(NEW.figures) IS NOT json(OLD.figures)" if column == "figures" else f"NEW.{column} IS NOT OLD.{column}"
    for column in FROZEN_COLUMNS
)
SQLITE_CREATE = f"""
CREATE TRIGGER commissioning_monitoringreturn_frozen BEFORE UPDATE ON commissioning_monitoringreturn
WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR {SQLITE_CHANGED})
BEGIN
    SELECT RAISE(ABORT, 'monitoring return has been submitted: its figures are frozen (correct it with a new version)');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS commissioning_monitoringreturn_frozen;"


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE, params=None)  # the body contains a literal %
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
