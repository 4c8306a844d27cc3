"""Funders' contributions per contract year with their standing (committed, anticipated, assumed), and pooled funds
(such as the Better Care Fund) as funders. A contribution recorded as one annual amount becomes one row for each
contract year the contract could run, committed: check the standing of any partner's money that is not."""

from decimal import Decimal
from typing import Any

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def one_row_per_contract_year(apps: Any, schema_editor: Any) -> None:
    FundingContribution = apps.get_model("commissioning", "FundingContribution")
    rows = []
    for contribution in FundingContribution.objects.select_related("contract").order_by("pk"):
        contract = contribution.contract
        longest = contract.initial_term_years + sum(contract.extension_years)
        for year in range(2, longest + 1):
            rows.append(
                FundingContribution(
                    contract=contract,
                    funder_id=contribution.funder_id,
                    contract_year=year,
                    amount=contribution.amount,
                    standing="committed",
                    created_by_id=contribution.created_by_id,
                )
            )
    FundingContribution.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0003_contract_procedure_apart_from_light_touch"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PooledFund",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=200)),
                (
                    "agreement",
                    models.CharField(blank=True, help_text="Like a section 75 agreement's reference.", max_length=200),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "host",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.organisation"
                    ),
                ),
                (
                    "members",
                    models.ManyToManyField(blank=True, related_name="pooled_funds", to="organisations.organisation"),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"abstract": False},
        ),
        migrations.RemoveConstraint(model_name="fundingcontribution", name="one_contribution_per_funder"),
        migrations.RemoveConstraint(model_name="fundingcontribution", name="contribution_not_negative"),
        migrations.RenameField(model_name="fundingcontribution", old_name="annual_amount", new_name="amount"),
        migrations.AddField(
            model_name="fundingcontribution",
            name="contract_year",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="fundingcontribution",
            name="standing",
            field=models.CharField(
                choices=[("committed", "Committed"), ("anticipated", "Anticipated"), ("assumed", "Assumed")],
                default="committed",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="fundingcontribution",
            name="pooled_fund",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contributions",
                to="commissioning.pooledfund",
            ),
        ),
        migrations.AlterField(
            model_name="fundingcontribution",
            name="funder",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="fundingcontribution",
            name="amount",
            field=models.DecimalField(
                decimal_places=2,
                max_digits=14,
                validators=[django.core.validators.MinValueValidator(Decimal("0.00"))],
            ),
        ),
        migrations.RunPython(one_row_per_contract_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="fundingcontribution",
            constraint=models.CheckConstraint(
                condition=models.Q(("funder__isnull", False), ("pooled_fund__isnull", True))
                | models.Q(("funder__isnull", True), ("pooled_fund__isnull", False)),
                name="contribution_from_one_funder_or_fund",
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingcontribution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("funder__isnull", False)),
                fields=("contract", "funder", "contract_year"),
                name="one_contribution_per_funder_and_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingcontribution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("pooled_fund__isnull", False)),
                fields=("contract", "pooled_fund", "contract_year"),
                name="one_contribution_per_fund_and_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingcontribution",
            constraint=models.CheckConstraint(
                condition=models.Q(("contract_year__gte", 1)), name="contribution_year_from_1"
            ),
        ),
        migrations.AddConstraint(
            model_name="fundingcontribution",
            constraint=models.CheckConstraint(condition=models.Q(("amount__gte", 0)), name="contribution_not_negative"),
        ),
    ]
