"""Management commands: the bulk card seeder for benchmarks, the review reminder, and the demo seeder."""

import random
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from carershub.core.seeding import SeedContext
from carershub.emergency_response import demo
from carershub.emergency_response.models import Activation, ContingencyPlan, EmergencyCard, EmergencyLine
from carershub.emergency_response.rules import is_valid_card_number
from carershub.organisations.models import Area


def test_seed_emergency_cards_creates_active_plans_with_unique_valid_cards(line: EmergencyLine, tmp_path: Path) -> None:
    numbers_file = tmp_path / "cards.txt"
    call_command(
        "seed_emergency_cards",
        "--count",
        "25",
        "--area",
        line.area.slug,
        "--batch",
        "10",
        "--numbers-file",
        str(numbers_file),
        stdout=StringIO(),
    )
    cards = list(EmergencyCard.objects.filter(area=line.area))
    assert len(cards) == 25
    assert len({card.number for card in cards}) == 25
    assert all(is_valid_card_number(card.number) and card.is_active() for card in cards)
    assert ContingencyPlan.objects.filter(status="active").count() == 25
    assert set(numbers_file.read_text().split()) == {card.number for card in cards}


def test_seed_emergency_cards_needs_an_area_with_a_line(home_area: Area) -> None:
    with pytest.raises(CommandError):
        call_command("seed_emergency_cards", "--count", "1", "--area", home_area.slug, stdout=StringIO())


def test_the_review_reminder_marks_plans_past_their_review_date(plan: ContingencyPlan) -> None:
    ContingencyPlan.objects.filter(pk=plan.pk).update(review_date=timezone.localdate() - timedelta(days=1))
    out = StringIO()
    call_command("mark_plans_for_review", stdout=out)
    plan.refresh_from_db()
    assert plan.status == ContingencyPlan.Status.NEEDS_REVIEW
    assert "1 contingency plan(s) now need review" in out.getvalue()


def test_the_demo_has_lines_plans_one_past_review_and_a_closed_activation(seeded_demo: None) -> None:
    assert EmergencyLine.objects.count() == 2
    assert not EmergencyLine.objects.filter(notify_api_key_encrypted__gt="").exists()
    assert ContingencyPlan.objects.filter(status="needs_review").count() == 1
    closed = Activation.objects.get()
    assert closed.outcome
    assert closed.closed_at is not None
    assert all(is_valid_card_number(number) for number in EmergencyCard.objects.values_list("number", flat=True))
    before = ContingencyPlan.objects.count()
    demo.seed(SeedContext(scale="small", rng=random.Random(1), log=lambda _: None))  # idempotent
    assert ContingencyPlan.objects.count() == before
