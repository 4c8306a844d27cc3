"""Indexes for staff search by the start of a name, on PostgreSQL.

Search matches `LOWER(name) LIKE 'word%'` on the family, given and preferred names. PostgreSQL uses an ordinary
B-tree index for such a prefix only under the "C" collation; with `text_pattern_ops` it can use one under any
collation, and combine the three with a BitmapOr instead of reading every person in the area. SQLite, which only
serves local demos, has no equivalent operator class, so nothing is created there.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAMES = {
    "family_name": "person_family_prefix_idx",
    "given_name": "person_given_prefix_idx",
    "preferred_name": "person_preferred_prefix_idx",
}


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, index in NAMES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "people_person" (LOWER("{column}"::text) text_pattern_ops)'
        )


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in NAMES.values():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0002_load_ethnic_categories")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
