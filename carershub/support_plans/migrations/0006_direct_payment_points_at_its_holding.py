"""Each direct payment agreement now points at its holding entry (loaded by 0005); the old text column goes. Kept
apart from 0005 because PostgreSQL refuses to alter a table whose rows' references are still to be checked in the
same transaction. Going back writes each entry's code into the text column again."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def write_codes_back(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    agreement = apps.get_model("support_plans", "DirectPaymentAgreement")
    for entry in apps.get_model("support_plans", "PaymentHolding").objects.all():
        agreement.objects.filter(holding_entry=entry).update(holding=entry.code)


class Migration(migrations.Migration):
    dependencies = [("support_plans", "0005_payment_holdings")]

    operations = [
        # Nullable first, so that going back can add the column before the codes are written into it.
        migrations.AlterField(
            model_name="directpaymentagreement", name="holding", field=models.CharField(max_length=20, null=True)
        ),
        migrations.RunPython(migrations.RunPython.noop, write_codes_back),
        migrations.RemoveField(model_name="directpaymentagreement", name="holding"),
        migrations.RenameField(model_name="directpaymentagreement", old_name="holding_entry", new_name="holding"),
        migrations.AlterField(
            model_name="directpaymentagreement",
            name="holding",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT, related_name="+", to="support_plans.paymentholding"
            ),
        ),
    ]
