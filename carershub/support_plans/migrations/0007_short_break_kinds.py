"""The kinds of short break become the council's own list (docs/code-lists.md), loaded with the six every area had
in code, with the same words and codes. The next migration makes each break point at its entry by that code, so
nothing a user sees changes and no row is rewritten."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# (code, name) in the order the form offered them. `emergency` drives behaviour and must stay.
SHORT_BREAK_KINDS = [
    ("planned_regular", "Planned regular break"),
    ("one_off_planned", "One-off planned break"),
    ("preventative", "Preventative break (timely or interim)"),
    ("emergency", "Emergency break"),
    ("my_time", "My Time (recreational) break"),
    ("replacement_care", "Replacement care for the person cared for"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    kind = apps.get_model("support_plans", "ShortBreakKind")
    for order, (code, name) in enumerate(SHORT_BREAK_KINDS, start=1):
        kind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("support_plans", "0006_direct_payment_points_at_its_holding")]

    operations = [
        migrations.CreateModel(
            name="ShortBreakKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255)),
                ("order", models.PositiveIntegerField(default=0)),
                ("disabled_on", models.DateField(blank=True, null=True)),
                ("code", models.SlugField(unique=True)),
            ],
            options={
                "verbose_name": "kind of short break",
                "verbose_name_plural": "kinds of short break",
                "ordering": ["order", "name"],
                "abstract": False,
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
