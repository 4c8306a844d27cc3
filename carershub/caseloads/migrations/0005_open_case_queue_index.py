"""The team page's unallocated cases walk the organisation's open cases oldest first (caseloads.selectors
.unallocated_cases); without this index PostgreSQL read about a million people in name order to find them at county
scale. The table is people's, the query is caseloads', so the index is created here as SQL (Django's state of
people.Involvement does not know it; `makemigrations` therefore leaves it alone)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("caseloads", "0004_task"),
        ("people", "0011_name_legacy_events"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS caseloads_open_case_queue_idx ON people_involvement "
                "(organisation_id, started_at, id) WHERE reason = 'case_open' AND ended_at IS NULL"
            ),
            reverse_sql="DROP INDEX IF EXISTS caseloads_open_case_queue_idx",
        ),
    ]
