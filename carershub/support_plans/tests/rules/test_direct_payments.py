"""The direct payment schedule rule (issue 13 item 6; Care and Support (Direct Payments) Regulations 2014 reg 7),
tested without a database."""

from datetime import date
from decimal import Decimal

import pytest

from carershub.support_plans.rules.direct_payments import (
    Frequency,
    ScheduleError,
    add_months,
    direct_payment_schedule,
    payment_dates,
    review_dates,
    split_evenly,
)


def schedule(amount: str, start: str, end: str, frequency: Frequency) -> list[tuple[str, str]]:
    result = direct_payment_schedule(
        amount=Decimal(amount),
        start_date=date.fromisoformat(start),
        end_date=date.fromisoformat(end),
        frequency=frequency,
    )
    return [(payment.date.isoformat(), str(payment.amount)) for payment in result.payments]


def test_a_years_monthly_payments_of_1000_put_the_four_spare_pennies_on_the_first_four() -> None:
    result = direct_payment_schedule(
        amount=Decimal("1000.00"),
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
        frequency=Frequency.MONTHLY,
    )

    assert [str(payment.amount) for payment in result.payments] == ["83.34"] * 4 + ["83.33"] * 8
    assert [payment.date for payment in result.payments] == [date(2026, month, 1) for month in range(4, 13)] + [
        date(2027, month, 1) for month in range(1, 4)
    ]
    assert (result.count, result.total, result.reviews) == (12, Decimal("1000.00"), (date(2026, 10, 1),))


def test_monthly_payments_from_the_31st_move_to_shorter_months_last_day_without_drifting() -> None:
    dates = payment_dates(start_date=date(2027, 1, 31), end_date=date(2027, 6, 30), frequency=Frequency.MONTHLY)

    assert dates == (
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    )


def test_monthly_payments_from_the_31st_reach_29_february_in_a_leap_year() -> None:
    dates = payment_dates(start_date=date(2028, 1, 31), end_date=date(2028, 3, 31), frequency=Frequency.MONTHLY)

    assert dates == (date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31))


def test_weekly_payments_are_seven_days_apart_on_or_before_the_end_date() -> None:
    assert schedule("100.00", "2026-04-01", "2026-04-29", Frequency.WEEKLY) == [
        ("2026-04-01", "20.00"),
        ("2026-04-08", "20.00"),
        ("2026-04-15", "20.00"),
        ("2026-04-22", "20.00"),
        ("2026-04-29", "20.00"),
    ]


def test_four_weekly_payments_are_28_days_apart_and_a_date_after_the_end_is_left_out() -> None:
    assert schedule("10.00", "2026-04-01", "2026-06-23", Frequency.FOUR_WEEKLY) == [
        ("2026-04-01", "3.34"),
        ("2026-04-29", "3.33"),
        ("2026-05-27", "3.33"),
    ]


def test_a_one_off_payment_is_the_whole_amount_on_the_start_date() -> None:
    assert schedule("450.00", "2026-05-14", "2026-05-14", Frequency.ONE_OFF) == [("2026-05-14", "450.00")]
    assert schedule("450.00", "2026-05-14", "2027-05-13", Frequency.ONE_OFF) == [("2026-05-14", "450.00")]


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        ("1000.00", 12, ["83.34"] * 4 + ["83.33"] * 8),
        ("0.05", 3, ["0.02", "0.02", "0.01"]),
        ("100.00", 3, ["33.34", "33.33", "33.33"]),
        ("99.99", 1, ["99.99"]),
        ("0.12", 12, ["0.01"] * 12),
        ("5000.00", 53, ["94.34"] * 51 + ["94.33"] * 2),
    ],
)
def test_equal_shares_rounded_down_with_the_pennies_on_the_first_payments(
    total: str, parts: int, expected: list[str]
) -> None:
    shares = split_evenly(Decimal(total), parts)

    assert [str(share) for share in shares] == expected
    assert sum(shares) == Decimal(total)


@pytest.mark.parametrize("frequency", list(Frequency))
@pytest.mark.parametrize("amount", ["3.00", "333.33", "1000.00", "12345.67", "999999.99"])
def test_the_payments_always_add_up_to_the_total_exactly(frequency: Frequency, amount: str) -> None:
    result = direct_payment_schedule(
        amount=Decimal(amount), start_date=date(2026, 1, 31), end_date=date(2030, 12, 31), frequency=frequency
    )

    assert result.total == Decimal(amount)
    assert max(p.amount for p in result.payments) - min(p.amount for p in result.payments) <= Decimal("0.01")


def test_the_number_of_payments_follows_the_frequency_over_five_years() -> None:
    counts = {
        frequency: direct_payment_schedule(
            amount=Decimal("5000.00"), start_date=date(2026, 4, 1), end_date=date(2031, 3, 31), frequency=frequency
        ).count
        for frequency in Frequency
    }

    assert counts == {Frequency.WEEKLY: 261, Frequency.FOUR_WEEKLY: 66, Frequency.MONTHLY: 60, Frequency.ONE_OFF: 1}


def test_reg_7_reviews_fall_six_months_after_the_start_then_every_twelve_months() -> None:
    # Care and Support (Direct Payments) Regulations 2014 reg 7(1)(a): within the first six months, then at
    # intervals not exceeding 12 months.
    assert review_dates(start_date=date(2026, 4, 1), end_date=date(2031, 3, 31)) == (
        date(2026, 10, 1),
        date(2027, 10, 1),
        date(2028, 10, 1),
        date(2029, 10, 1),
        date(2030, 10, 1),
    )


def test_reviews_use_the_month_end_rule_counting_from_the_start_date() -> None:
    assert review_dates(start_date=date(2027, 8, 31), end_date=date(2029, 8, 31)) == (
        date(2028, 2, 29),
        date(2029, 2, 28),
    )


def test_no_review_is_due_when_the_payments_end_within_six_months() -> None:
    assert review_dates(start_date=date(2026, 4, 1), end_date=date(2026, 9, 30)) == ()
    assert review_dates(start_date=date(2026, 4, 1), end_date=date(2026, 10, 1)) == (date(2026, 10, 1),)


def test_add_months_clamps_to_the_last_day_and_never_drifts() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 31), 2) == date(2027, 3, 31)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 4, 1), 60) == date(2031, 4, 1)


@pytest.mark.parametrize(
    ("amount", "start", "end", "field", "message"),
    [
        ("0.00", "2026-04-01", "2027-03-31", "amount", "more than zero"),
        ("-5.00", "2026-04-01", "2027-03-31", "amount", "more than zero"),
        ("10.005", "2026-04-01", "2027-03-31", "amount", "2 decimal places"),
        ("NaN", "2026-04-01", "2027-03-31", "amount", "more than zero"),
        ("100.00", "2026-04-01", "2026-03-31", "end_date", "after the start date"),
        ("100.00", "2026-04-01", "2031-04-02", "end_date", "60 months"),
        ("0.11", "2026-04-01", "2027-03-31", "amount", "1p for each payment"),
    ],
)
def test_input_that_cannot_make_a_schedule_names_the_field(
    amount: str, start: str, end: str, field: str, message: str
) -> None:
    with pytest.raises(ScheduleError) as raised:
        schedule(amount, start, end, Frequency.MONTHLY)

    assert raised.value.field == field
    assert message in raised.value.message


def test_an_end_date_exactly_60_months_after_the_start_is_allowed() -> None:
    assert len(schedule("60.00", "2026-04-01", "2031-04-01", Frequency.MONTHLY)) == 61


def test_schedules_near_the_last_date_there_is_stop_without_overflowing() -> None:
    for frequency in Frequency:
        result = direct_payment_schedule(
            amount=Decimal("10.00"), start_date=date(9999, 7, 1), end_date=date(9999, 12, 31), frequency=frequency
        )
        assert result.total == Decimal("10.00")
        assert result.reviews == ()
