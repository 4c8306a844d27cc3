"""Each case closure points at its reason's entry (loaded by 0006) by the code its `reason` column already holds: the
column keeps its name and values and gains a foreign key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("caseloads", "0006_case_closure_reasons")]

    operations = [
        migrations.AlterField(
            model_name="caseclosure",
            name="reason",
            field=models.ForeignKey(
                db_column="reason",
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="caseloads.caseclosurereason",
                to_field="code",
            ),
        ),
    ]
