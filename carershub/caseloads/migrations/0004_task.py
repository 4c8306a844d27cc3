import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0003_event_vocabulary"),
        ("emergency_response", "0004_name_legacy_events"),
        ("organisations", "0004_area_complaints_details"),
        ("people", "0011_name_legacy_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Task",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("offer_carers_assessment", "Offer a carer's assessment"),
                            ("review_plans", "Review the support and contingency plan"),
                        ],
                        max_length=30,
                    ),
                ),
                ("text", models.TextField()),
                ("due_on", models.DateField()),
                ("done_at", models.DateTimeField(blank=True, null=True)),
                ("done_note", models.CharField(blank=True, max_length=500)),
                (
                    "activation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="emergency_response.activation",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.area"
                    ),
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
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisations.organisation"
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="tasks", to="people.person"
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
                (
                    "worker",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tasks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["worker", "due_on"],
                        name="task_open_worker_idx",
                    ),
                    models.Index(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=["organisation", "due_on"],
                        name="task_open_team_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("done_at__isnull", True), ("done_by__isnull", True)),
                            models.Q(("done_at__isnull", False), ("done_by__isnull", False)),
                            _connector="OR",
                        ),
                        name="task_done_by_someone",
                    ),
                    models.UniqueConstraint(
                        fields=("activation", "organisation", "kind"),
                        name="one_task_per_activation_organisation_and_kind",
                    ),
                ],
            },
        ),
    ]
