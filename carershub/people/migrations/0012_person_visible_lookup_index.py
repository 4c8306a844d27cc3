"""A covering index for the visibility check of lists about people, on PostgreSQL.

`people.selectors.person_is_visible` asks, for each row of a list (a support plan, a direct payment, a contact), whether
its person is in one of the user's areas and not merged into another record. Counting a provider's 10,000 support
plans looked 10,000 people up by primary key and read each one's row from the table for its area and merge: about four
buffers a plan. This index holds the live (not merged) records' ids with their area, so each lookup is answered from
the index alone (an index-only scan), without the table: EXPLAIN (ANALYZE, BUFFERS) of the team list's count at county
scale read 40,916 buffers before and 30,976 after, and its executor CPU fell from 23.5 to 21.2 ms (docs/performance.md,
"Support plans"). Index-only scans need the visibility map that autovacuum keeps.

Outside the model's indexes, like the name prefix indexes (0003): it exists for PostgreSQL's planner only, and SQLite,
which serves local demos, has no use for it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "person_visible_lookup_idx"


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "people_person" ("id") INCLUDE ("area_id") '
        'WHERE "merged_into_id" IS NULL'
    )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0011_name_legacy_events")]

    operations = [migrations.RunPython(create_index, drop_index)]
