"""The reasons for closing a case become the council's own list (docs/code-lists.md), loaded with the six every area
had in code, with the same words and codes. The next migration makes each closure point at its entry by that code,
so nothing a user sees changes and no row is rewritten."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# (code, name) in the order the form offered them.
CASE_CLOSURE_REASONS = [
    ("needs_met", "Support complete: the carer's needs are met"),
    ("no_longer_caring", "No longer caring"),
    ("declined", "The carer declined further support"),
    ("no_contact", "Could not make contact with the carer"),
    ("moved_away", "Moved out of the area"),
    ("carer_died", "The carer has died"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    reason = apps.get_model("caseloads", "CaseClosureReason")
    for order, (code, name) in enumerate(CASE_CLOSURE_REASONS, start=1):
        reason.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("caseloads", "0005_open_case_queue_index")]

    operations = [
        migrations.CreateModel(
            name="CaseClosureReason",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255)),
                ("order", models.PositiveIntegerField(default=0)),
                ("disabled_on", models.DateField(blank=True, null=True)),
                ("code", models.SlugField(unique=True)),
            ],
            options={
                "verbose_name": "reason for closing a case",
                "verbose_name_plural": "reasons for closing a case",
                "ordering": ["order", "name"],
                "abstract": False,
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
