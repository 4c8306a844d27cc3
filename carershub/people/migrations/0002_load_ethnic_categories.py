"""NHS Data Dictionary ETHNIC CATEGORY codes (the 2001 census categories used by NHS and social care returns)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CATEGORIES = [
    ("A", "British", "White"),
    ("B", "Irish", "White"),
    ("C", "Any other White background", "White"),
    ("D", "White and Black Caribbean", "Mixed"),
    ("E", "White and Black African", "Mixed"),
    ("F", "White and Asian", "Mixed"),
    ("G", "Any other mixed background", "Mixed"),
    ("H", "Indian", "Asian or Asian British"),
    ("J", "Pakistani", "Asian or Asian British"),
    ("K", "Bangladeshi", "Asian or Asian British"),
    ("L", "Any other Asian background", "Asian or Asian British"),
    ("M", "Caribbean", "Black or Black British"),
    ("N", "African", "Black or Black British"),
    ("P", "Any other Black background", "Black or Black British"),
    ("R", "Chinese", "Other ethnic groups"),
    ("S", "Any other ethnic group", "Other ethnic groups"),
    ("Z", "Not stated", "Not stated"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    category = apps.get_model("people", "EthnicCategory")
    for order, (code, name, group) in enumerate(CATEGORIES, start=1):
        category.objects.update_or_create(code=code, defaults={"name": name, "group": group, "order": order})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
