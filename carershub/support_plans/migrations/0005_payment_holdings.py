"""Where a direct payment is held becomes the council's own list (docs/code-lists.md): the three entries every area
had in code are loaded with the same words, and each agreement is pointed at the entry it was signed with. The next
migration drops the old text column, so nothing a user sees changes."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# (code, name) in the order the form offered them.
PAYMENT_HOLDINGS = [
    ("bank_account", "A bank account"),
    ("prepaid_card", "A pre-paid card"),
    ("managed_account", "A managed account"),
]


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    holding = apps.get_model("support_plans", "PaymentHolding")
    for order, (code, name) in enumerate(PAYMENT_HOLDINGS, start=1):
        holding.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    agreement = apps.get_model("support_plans", "DirectPaymentAgreement")
    for entry in holding.objects.all():
        agreement.objects.filter(holding=entry.code).update(holding_entry=entry)


class Migration(migrations.Migration):
    dependencies = [("support_plans", "0004_team_list_indexes")]

    operations = [
        migrations.CreateModel(
            name="PaymentHolding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255)),
                ("order", models.PositiveIntegerField(default=0)),
                ("disabled_on", models.DateField(blank=True, null=True)),
                ("code", models.SlugField(unique=True)),
            ],
            options={
                "verbose_name": "direct payment holding",
                "ordering": ["order", "name"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="directpaymentagreement",
            name="holding_entry",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="support_plans.paymentholding",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
