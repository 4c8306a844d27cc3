"""Managers may approve a personal budget above the approval threshold (never one in a plan they wrote)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def grant(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations; make sure this one exists now.
    app_config = apps.get_app_config("support_plans")
    # Migration-state app configs have no models module, which create_permissions would take as "no models".
    app_config.models_module = True  # type: ignore[assignment]
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    permission = apps.get_model("auth", "Permission").objects.get(
        codename="approve_personal_budget", content_type__app_label="support_plans"
    )
    apps.get_model("auth", "Group").objects.get(name="manager").permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("support_plans", "0001_initial"), ("accounts", "0003_create_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
