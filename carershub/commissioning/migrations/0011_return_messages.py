"""The conversation about a monitoring return (issue 12: the provider answers the commissioner's query, and the
answer is part of the return's history). Queries made before are copied in from the return's review comment."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_earlier_queries(apps, schema_editor):
    monitoring_return = apps.get_model("commissioning", "MonitoringReturn")
    message = apps.get_model("commissioning", "ReturnMessage")
    queried = monitoring_return.objects.filter(status="queried", reviewed_by__isnull=False).exclude(
        commissioner_comment=""
    )
    for each in queried.select_related("reviewed_by"):
        message.objects.create(
            monitoring_return=each,
            kind="query",
            text=each.commissioner_comment,
            organisation_id=each.reviewed_by.organisation_id,
            created_at=each.reviewed_at or each.updated_at,
            created_by=each.reviewed_by,
            updated_by=each.reviewed_by,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0010_name_legacy_events"),
        ("organisations", "0004_area_complaints_details"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReturnMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("kind", models.CharField(choices=[("query", "Query"), ("answer", "Answer")], max_length=10)),
                ("text", models.TextField()),
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
                    "monitoring_return",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="messages",
                        to="commissioning.monitoringreturn",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.organisation"
                    ),
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
            options={
                "ordering": ["created_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("text", ""), _negated=True), name="return_message_has_text"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_earlier_queries, migrations.RunPython.noop),
    ]
