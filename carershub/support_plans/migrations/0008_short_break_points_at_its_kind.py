"""Each short break points at its kind's entry (loaded by 0007) by the code its `kind` column already holds: the
column keeps its name and values and gains a foreign key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("support_plans", "0007_short_break_kinds")]

    operations = [
        migrations.AlterField(
            model_name="shortbreak",
            name="kind",
            field=models.ForeignKey(
                db_column="kind",
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="support_plans.shortbreakkind",
                to_field="code",
            ),
        ),
    ]
