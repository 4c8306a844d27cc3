"""Light touch is a kind of contract (Procurement Act 2023 s.9), not a procedure: contracts recorded with a
"light-touch procedure" become light-touch contracts awarded by the competitive flexible procedure, the procedure an
authority designs for itself (s.20(2)(b)), which is what a light-touch procurement was. Check and correct them."""

from typing import Any

from django.db import migrations, models


def light_touch_route_to_regime(apps: Any, schema_editor: Any) -> None:
    Contract = apps.get_model("commissioning", "Contract")
    Contract.objects.filter(route="light_touch").update(route="competitive_flexible", light_touch=True)


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0002_monitoring_return_frozen_after_submission"),
    ]

    operations = [
        migrations.RunPython(light_touch_route_to_regime, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contract",
            name="route",
            field=models.CharField(
                choices=[
                    ("open", "Open procedure"),
                    ("competitive_flexible", "Competitive flexible procedure"),
                    ("restricted", "Restricted procedure"),
                    ("direct_award", "Direct award"),
                    ("framework_call_off", "Call-off from a framework"),
                    ("grant", "Grant"),
                ],
                max_length=30,
            ),
        ),
    ]
