"""What the numbers were measured against: the database server and how much data it holds.

Import this module only after `django.setup()`.
"""

from django.apps import apps
from django.db import connection
from psycopg import sql

# The tables every report names, whatever their size; any other table is named once it passes BIG_TABLE_ROWS.
MAIN_TABLES = {
    "organisations": "organisations.Organisation",
    "areas": "organisations.Area",
    "users": "accounts.User",
    "gp_practices": "organisations.GPPractice",
    "schools": "organisations.School",
    "audit_events": "core.AuditEvent",
}
BIG_TABLE_ROWS = 1000


def database_info() -> dict[str, str]:
    """Vendor and server version, so results from different PostgreSQL releases are not compared blindly."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    return {"vendor": connection.vendor, "version": str(row[0]) if row else "unknown"}


def analyze() -> None:
    """Vacuum and refresh planner statistics after a bulk load, as autovacuum would in a long-running deployment.

    The vacuum matters as much as the statistics: it marks pages all-visible, and only then does an index-only scan
    skip the table (the covering index on people's visibility, people migration 0012, answers each lookup from the
    index alone). The bench's PostgreSQL may run with autovacuum off, and a bulk load leaves no page marked; a
    deployment's autovacuum marks them after inserts. Pages already marked are skipped, so a re-run is quick."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _estimated_row_counts() -> dict[str, float]:
    """Planner estimates for every table in the schema: cheap, and enough to pick the big ones."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()"
        )
        return {str(name): float(estimate) for name, estimate in cursor.fetchall()}


def _exact_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string())
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def scale() -> dict[str, int]:
    """Exact row counts of the main tables, and of any other table holding more than BIG_TABLE_ROWS rows.

    Later issues bring carers and activities by the hundred thousand; their tables appear here by size alone.
    """
    counts: dict[str, int] = {}
    main_tables = {label: apps.get_model(model)._meta.db_table for label, model in MAIN_TABLES.items()}
    for label, table in main_tables.items():
        counts[label] = _exact_count(table)
    named = set(main_tables.values())
    for table, estimate in sorted(_estimated_row_counts().items()):
        if table in named or estimate <= BIG_TABLE_ROWS:
            continue
        exact = _exact_count(table)
        if exact > BIG_TABLE_ROWS:
            counts[table] = exact
    return counts
