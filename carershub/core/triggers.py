"""The audit log is append-only in the database itself. Migration 0002 refuses UPDATE on both engines and DELETE on
PostgreSQL; on SQLite these triggers also refuse DELETE and REPLACE INTO (which would delete the row it replaces:
SQLite fires no delete trigger for that unless recursive triggers are on, so the INSERT is refused instead).

They are installed after every `migrate` (core.apps) with IF NOT EXISTS rather than by a migration, and the SQLite
backend (`core.sqlite`) lifts the DELETE trigger only while the whole database is emptied."""

from django.db.backends.base.base import BaseDatabaseWrapper

AUDIT_TABLE = "core_auditevent"
SQLITE_DELETE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: DELETE is not allowed');
END;
"""
SQLITE_DROP_DELETE_TRIGGER = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"
SQLITE_REPLACE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_replace BEFORE INSERT ON core_auditevent
WHEN EXISTS (SELECT 1 FROM core_auditevent WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: a row cannot be replaced');
END;
"""


def install_sqlite_audit_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create the SQLite triggers if the audit table exists and they do not yet."""
    if connection.vendor != "sqlite" or AUDIT_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        # A migration that rebuilds the table (SQLite's way of altering one) drops its triggers: restore all three.
        cursor.execute(SQLITE_UPDATE_TRIGGER)
        cursor.execute(SQLITE_DELETE_TRIGGER)
        cursor.execute(SQLITE_REPLACE_TRIGGER)


# Migration 0002's UPDATE trigger. Lifted only by `core.event_migrations`, to name the events of rows written
# before the event vocabulary existed (filling the new, empty `event` column; nothing recorded is changed).
SQLITE_UPDATE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: UPDATE is not allowed');
END;
"""
SQLITE_DROP_UPDATE_TRIGGER = "DROP TRIGGER IF EXISTS core_auditevent_append_only;"
POSTGRESQL_DISABLE_UPDATE_TRIGGER = "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only;"
POSTGRESQL_ENABLE_UPDATE_TRIGGER = "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only;"
