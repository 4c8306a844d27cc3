"""Demo engagement history: realistic, deterministic, and loaded once."""

import io
from datetime import date

from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from carershub.identification.models import EngagementActivity
from carershub.identification.selectors import engaged_gp_practice_count, twelve_months_before
from carershub.organisations.models import Area, GPPractice, School

SEEDERS = ["carershub.organisations.demo.seed", "carershub.identification.demo.seed"]


@override_settings(CARERSHUB_DEMO_SEEDERS=SEEDERS)
def seed(seed: int = 7) -> None:
    call_command("seed_demo", scale="demo", seed=seed, stdout=io.StringIO())


def history() -> list[tuple[str, date, str, int]]:
    return list(
        EngagementActivity.objects.order_by("gp_practice__ods_code", "school__urn", "occurred_on", "kind").values_list(
            "organisation__slug", "occurred_on", "kind", "carers_identified"
        )
    )


def seeded_history(seed_number: int) -> list[tuple[str, date, str, int]]:
    with transaction.atomic():
        seed(seed_number)
        result = history()
        transaction.set_rollback(True)
    return result


def test_most_practices_were_engaged_in_the_last_year_and_some_never(db: None) -> None:
    seed()
    area = Area.objects.get(slug="mersey-vale")
    practices = GPPractice.objects.filter(area=area).count()
    engaged = engaged_gp_practice_count(area, twelve_months_before(timezone.localdate()))
    never = GPPractice.objects.filter(area=area, engagement_activities__isnull=True).count()

    assert practices * 0.6 <= engaged < practices
    assert never > 0
    assert School.objects.filter(area=area, engagement_activities__isnull=False).exists()
    workers = {
        (slug, school_id is not None)
        for slug, school_id in EngagementActivity.objects.filter(area=area).values_list("organisation__slug", "school")
    }
    assert workers == {("mersey-vale-carers-centre", False), ("young-carers-mersey-vale", True)}
    assert not EngagementActivity.objects.filter(occurred_on__gt=timezone.localdate()).exists()
    # Every activity is in its partner's area (rows never span tenants).
    assert not EngagementActivity.objects.filter(school__isnull=True).exclude(area=F("gp_practice__area")).exists()
    assert not EngagementActivity.objects.filter(gp_practice__isnull=True).exclude(area=F("school__area")).exists()


def test_the_same_seed_gives_the_same_history_and_another_seed_does_not(db: None) -> None:
    first = seeded_history(11)

    assert first
    assert seeded_history(11) == first
    assert seeded_history(12) != first


def test_running_it_again_adds_nothing(db: None) -> None:
    seed()
    count = EngagementActivity.objects.count()

    seed()

    assert EngagementActivity.objects.count() == count
