"""Running a data migration's function inside a test's transaction.

Django's real schema editor cannot open there on SQLite (it must switch foreign-key checks off first), so tests pass
this stand-in: what `core.event_migrations` and the apps' data migrations use of a schema editor, its connection and
running a statement.
"""

from typing import Any

from django.db import connection


class InTransactionSchemaEditor:
    connection = connection

    def execute(self, sql: str, params: Any = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
