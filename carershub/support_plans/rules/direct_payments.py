"""The direct payment schedule: when each payment is made, how much, and when the payments must be reviewed.

One pure function serves the payment schedule of a direct payment agreement and the public rule at
`POST /api/v1/rules/direct-payment-schedule`, so a carer, a finance officer and the council's own pages get the
same dates and the same pennies.

- Payment dates count from the start date, never from the previous payment, so a monthly schedule does not drift:
  31 January, 28 February, 31 March.
- The total is split equally to the penny, rounded down, and the pennies left over go one each on the first
  payments: the payments always add up to the total exactly.
- Reviews follow the Care and Support (Direct Payments) Regulations 2014 reg 7(1)(a): within the first six months
  and then at intervals of no more than 12 months. The schedule gives the latest date each may happen.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

PENNY = Decimal("0.01")
# A schedule longer than five years is a mistake, not a plan: agreements are reviewed at least every 12 months.
LONGEST_SCHEDULE_MONTHS = 60
FIRST_REVIEW_MONTHS = 6  # reg 7(1)(a): "within the first six months"
REVIEW_INTERVAL_MONTHS = 12  # reg 7(1)(a): "at intervals not exceeding 12 months"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"
    ONE_OFF = "one_off"


FREQUENCY_LABELS = {
    Frequency.WEEKLY: "Weekly",
    Frequency.FOUR_WEEKLY: "Every four weeks",
    Frequency.MONTHLY: "Monthly",
    Frequency.ONE_OFF: "One-off",
}
_DAYS_BETWEEN = {Frequency.WEEKLY: 7, Frequency.FOUR_WEEKLY: 28}


class ScheduleError(ValueError):
    """The input cannot make a schedule; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ScheduledPayment:
    date: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentSchedule:
    payments: tuple[ScheduledPayment, ...]
    reviews: tuple[date, ...]

    @property
    def count(self) -> int:
        return len(self.payments)

    @property
    def total(self) -> Decimal:
        return sum((payment.amount for payment in self.payments), Decimal("0.00"))


def add_months(day: date, months: int) -> date:
    """`day` moved forward by whole calendar months, moved back to the month's last day when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError("date out of range")
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def latest_end_date(start_date: date) -> date:
    """The last end date a schedule starting on `start_date` may have."""
    try:
        return add_months(start_date, LONGEST_SCHEDULE_MONTHS)
    except OverflowError:
        return date.max


def payment_dates(*, start_date: date, end_date: date, frequency: Frequency) -> tuple[date, ...]:
    """Every payment date from the start date up to and including the end date."""
    if frequency is Frequency.ONE_OFF:
        return (start_date,)
    dates = []
    # Weekly payments are the most there can be: a bound on the loop whatever the frequency.
    for number in range((end_date - start_date).days // 7 + 1):
        day = _nth_payment_date(start_date, frequency, number)
        if day is None or day > end_date:
            break
        dates.append(day)
    return tuple(dates)


def _nth_payment_date(start_date: date, frequency: Frequency, number: int) -> date | None:
    """The date of payment `number` (0 is the first), or None past the last date there is (9999-12-31)."""
    # Always from the start date: chaining from the last payment would lose the 31st after one short month.
    try:
        if frequency is Frequency.MONTHLY:
            return add_months(start_date, number)
        return start_date + timedelta(days=_DAYS_BETWEEN[frequency] * number)
    except OverflowError:
        return None


def review_dates(*, start_date: date, end_date: date) -> tuple[date, ...]:
    """The reg 7 review dates: six months after the start, then every 12 months, up to the end date."""
    dates = []
    for months in range(FIRST_REVIEW_MONTHS, LONGEST_SCHEDULE_MONTHS + 1, REVIEW_INTERVAL_MONTHS):
        try:
            day = add_months(start_date, months)
        except OverflowError:
            break
        if day > end_date:
            break
        dates.append(day)
    return tuple(dates)


def split_evenly(total: Decimal, parts: int) -> tuple[Decimal, ...]:
    """`total` in `parts` equal amounts rounded down to the penny, the pennies left over one each on the first."""
    share = (total / parts).quantize(PENNY, rounding=ROUND_DOWN)
    pennies_left = int((total - share * parts) / PENNY)
    return tuple(share + PENNY if number < pennies_left else share for number in range(parts))


def direct_payment_schedule(
    *, amount: Decimal, start_date: date, end_date: date, frequency: Frequency
) -> PaymentSchedule:
    """The payments (dates and amounts adding up to `amount`) and the reg 7 review dates. Raises ScheduleError."""
    check_schedule(amount=amount, start_date=start_date, end_date=end_date)
    dates = payment_dates(start_date=start_date, end_date=end_date, frequency=frequency)
    if amount < PENNY * len(dates):
        raise ScheduleError("amount", f"The amount must be at least £{PENNY * len(dates)}: 1p for each payment")
    amounts = split_evenly(amount, len(dates))
    return PaymentSchedule(
        payments=tuple(ScheduledPayment(day, share) for day, share in zip(dates, amounts, strict=True)),
        reviews=review_dates(start_date=start_date, end_date=end_date),
    )


def check_schedule(*, amount: Decimal, start_date: date, end_date: date) -> None:
    """Raise ScheduleError naming the field when the amount or the dates cannot make a schedule."""
    if not amount.is_finite() or amount <= 0:
        raise ScheduleError("amount", "The amount must be more than zero")
    if amount % PENNY:
        raise ScheduleError("amount", "The amount must be in pounds and pence, at most 2 decimal places")
    if end_date < start_date:
        raise ScheduleError("end_date", "The end date must be the same as or after the start date")
    if end_date > latest_end_date(start_date):
        raise ScheduleError(
            "end_date", f"The end date must be no more than {LONGEST_SCHEDULE_MONTHS} months after the start date"
        )
