"""Funders' contributions: one row for each contract year a contract could run, from the single annual amount each
funder had (committed; check the standing of any partner's money that is not)."""

from typing import Any

from django.db import migrations


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
    dependencies = [("commissioning", "0004_funding_by_contract_year_and_standing")]

    operations = [migrations.RunPython(one_row_per_contract_year, migrations.RunPython.noop)]
