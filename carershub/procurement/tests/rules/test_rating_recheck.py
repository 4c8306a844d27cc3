from datetime import date

from carershub.procurement.rules.rating_recheck import is_recheck_due, months_before


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() -> None:
    assert months_before(date(2026, 12, 7), 12) == date(2025, 12, 7)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 2) == date(2025, 11, 15)


def test_a_rating_checked_12_months_ago_or_never_is_due() -> None:
    today = date(2026, 12, 7)
    assert is_recheck_due(None, today=today, months=12)
    assert is_recheck_due(date(2025, 12, 7), today=today, months=12)
    assert not is_recheck_due(date(2025, 12, 8), today=today, months=12)
    assert not is_recheck_due(date(2026, 6, 1), today=today, months=12)
    assert is_recheck_due(date(2026, 6, 1), today=today, months=6)
