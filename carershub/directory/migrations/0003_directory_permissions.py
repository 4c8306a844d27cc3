"""Managers of a provider may propose changes to their organisation's directory entries; the council's
administrators check and publish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def grant(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations; make sure these exist now.
    app_config = apps.get_app_config("directory")
    # Migration-state app configs have no models module, which create_permissions would take as "no models".
    app_config.models_module = True  # type: ignore[assignment]
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    edit = Permission.objects.get(codename="edit_own_entries", content_type__app_label="directory")
    approve = Permission.objects.get(codename="approve_entries", content_type__app_label="directory")
    Group.objects.get(name="manager").permissions.add(edit)
    Group.objects.get(name="administrator").permissions.add(approve)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_carers_taxonomy"), ("accounts", "0003_create_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
