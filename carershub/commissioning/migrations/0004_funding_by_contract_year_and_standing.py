"""Funders' contributions per contract year with their standing (committed, anticipated, assumed), and pooled funds
(such as the Better Care Fund) as funders. A contribution recorded as one annual amount becomes one row for each
contract year the contract could run, committed (the next migration): check the standing of any partner's money that is
not. Schema, rows and constraints are three migrations, so PostgreSQL never alters a table with pending trigger events
from rows written in the same transaction."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


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
    ]
