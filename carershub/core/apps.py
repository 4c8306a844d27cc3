from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from carershub.core.triggers import install_sqlite_audit_triggers


def _install_audit_triggers(*, using: str = "default", **kwargs: Any) -> None:
    install_sqlite_audit_triggers(connections[using])


class CoreConfig(AppConfig):
    name = "carershub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Infrastructure, not domain logic: the audit log's SQLite triggers (core.triggers) after every migrate.
        post_migrate.connect(_install_audit_triggers, sender=self, dispatch_uid="core_audit_triggers")
