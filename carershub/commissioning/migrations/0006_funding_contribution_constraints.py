"""Funders' contributions: one funder or one pooled fund, one row per funder (or fund) and contract year."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0005_funding_one_row_per_contract_year")]

    operations = [
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
