"""Django's SQLite backend, except that emptying the whole database (`manage.py flush`, and the test runner after a
test with a transactional database) lifts the audit log's DELETE trigger for that one act and puts it back after.

It is the SQLite counterpart of PostgreSQL's TRUNCATE, which no row trigger sees: a deliberate act of the database's
owner. Every other DELETE, and REPLACE INTO over an existing row, is refused by the triggers in `core.triggers`.
"""

from collections.abc import Iterable
from typing import Any

from django.db.backends.sqlite3 import base, operations

from carershub.core.triggers import AUDIT_TABLE, SQLITE_DELETE_TRIGGER, SQLITE_DROP_DELETE_TRIGGER


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(
        self, style: Any, tables: Iterable[str], *, reset_sequences: bool = False, allow_cascade: bool = False
    ) -> list[str]:
        tables = list(tables)
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if AUDIT_TABLE not in tables or not statements:
            return statements
        return [SQLITE_DROP_DELETE_TRIGGER, *statements, SQLITE_DELETE_TRIGGER]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
