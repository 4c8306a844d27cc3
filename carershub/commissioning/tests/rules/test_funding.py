"""Funding by contract year and standing (committed, anticipated, assumed). No database."""

from decimal import Decimal

from carershub.commissioning.rules.funding import (
    FundingRun,
    FundingSplit,
    Standing,
    YearContribution,
    funding_by_year,
    funding_runs,
    funding_split,
)

COUNCIL_ADULT = Decimal("731236.00")
COUNCIL_CHILDREN = Decimal("259694.00")
ICB = Decimal("132000.00")


def sefton() -> list[YearContribution]:
    """Seed 000, section 4 and recommendation (1): "The total Local Authority budget for the contract from April 2025
    will be £990,930 ... and additional Integrated Care Board (ICB) funding for 25/26 is anticipated to be £132,000";
    the finance table's grand total is "(Excluding ICB contribution and uplift)" and only assumes later years."""
    rows = []
    for year in range(1, 6):
        rows.append(YearContribution("Adult social care", year, COUNCIL_ADULT, Standing.COMMITTED))
        rows.append(YearContribution("Children's social care", year, COUNCIL_CHILDREN, Standing.COMMITTED))
        rows.append(YearContribution("ICB", year, ICB, Standing.ANTICIPATED if year == 1 else Standing.ASSUMED))
    return rows


def test_seftons_lifetime_funding_is_4954650_committed_132000_anticipated_and_the_later_icb_years_assumed() -> None:
    split = funding_split(sefton())

    assert split == FundingSplit(
        committed=Decimal("4954650.00"), anticipated=Decimal("132000.00"), assumed=Decimal("528000.00")
    )
    assert split.total == Decimal("5614650.00")
    assert split.not_committed == Decimal("660000.00")


def test_each_year_is_split_by_standing() -> None:
    years = funding_by_year(sefton(), 5)

    assert years[0] == FundingSplit(committed=Decimal("990930.00"), anticipated=ICB)
    assert years[1:] == (FundingSplit(committed=Decimal("990930.00"), assumed=ICB),) * 4


def test_a_year_nobody_funds_is_nothing() -> None:
    years = funding_by_year([YearContribution("Better Care Fund", 1, Decimal(550000), Standing.COMMITTED)], 2)

    assert years[1].total == Decimal("0.00")


def test_runs_merge_consecutive_years_at_the_same_amount_and_standing() -> None:
    runs = funding_runs(sefton())

    assert runs == (
        FundingRun("Adult social care", Standing.COMMITTED, 1, 5, COUNCIL_ADULT),
        FundingRun("Children's social care", Standing.COMMITTED, 1, 5, COUNCIL_CHILDREN),
        FundingRun("ICB", Standing.ANTICIPATED, 1, 1, ICB),
        FundingRun("ICB", Standing.ASSUMED, 2, 5, ICB),
    )
    assert [run.total for run in runs] == [Decimal("3656180.00"), Decimal("1298470.00"), ICB, Decimal("528000.00")]


def test_a_gap_or_a_change_of_amount_starts_a_new_run() -> None:
    rows = [
        YearContribution("ICB", 1, ICB, Standing.COMMITTED),
        YearContribution("ICB", 3, ICB, Standing.COMMITTED),
        YearContribution("ICB", 4, Decimal("134096.00"), Standing.COMMITTED),
    ]

    assert [(run.first_year, run.last_year) for run in funding_runs(rows)] == [(1, 1), (3, 3), (4, 4)]
