"""Django's SQLite backend, with the audit log kept append-only (see `base.py`)."""
