"""Bid evaluation for a mini-competition: exclusions, scores rounded half up, ranks with ties, the winner and the
abnormally-low flag. No database."""

from decimal import Decimal
from fractions import Fraction

import pytest

from carershub.procurement.rules.bid_evaluation import (
    MOST_BIDS,
    Bid,
    BidEvaluationError,
    Exclusion,
    evaluate_bids,
)


def bid(bid_id: str, price: str, quality: int | str) -> Bid:
    return Bid(bid_id, Decimal(price), Decimal(quality))


# The example: 60/40, threshold 40, ceiling £1,200, ratio 0.80. B is over the ceiling, D below the threshold.
EXAMPLE = [bid("A", "950.00", 72), bid("B", "1250.00", 95), bid("C", "1100.00", 90), bid("D", "700.00", 30)]


def test_the_worked_example_checked_by_hand() -> None:
    # By hand: the lowest price left in is A's £950 (B and D are out).
    # C: quality 60 x 90 / 100 = 54.00; price 40 x 950 / 1100 = 34.5454... -> 34.55; total 88.55.
    # A: quality 60 x 72 / 100 = 43.20; price 40 x 950 / 950 = 40.00; total 83.20.
    assert Fraction(60 * 90, 100) == 54
    assert Fraction(40 * 950, 1100) == Fraction(380, 11)  # 34.545454...
    assert Fraction(34545, 1000) < Fraction(380, 11) < Fraction(34555, 1000)  # rounds to 34.55
    assert Fraction(60 * 72, 100) == Fraction(4320, 100)
    # A is not abnormally low: the mean of the others left in is C's £1,100, and 0.80 x 1100 = 880 < 950.
    evaluation = evaluate_bids(
        EXAMPLE,
        quality_weight=60,
        quality_threshold=Decimal(40),
        price_ceiling=Decimal("1200.00"),
        abnormally_low_ratio=Decimal("0.80"),
    )

    assert (evaluation.quality_weight, evaluation.price_weight, evaluation.winner) == (60, 40, "C")
    assert [
        (b.id, b.rank, b.quality_score, b.price_score, b.total, b.excluded, b.abnormally_low) for b in evaluation.bids
    ] == [
        ("C", 1, Decimal("54.00"), Decimal("34.55"), Decimal("88.55"), None, False),
        ("A", 2, Decimal("43.20"), Decimal("40.00"), Decimal("83.20"), None, False),
        ("B", None, None, None, None, Exclusion.OVER_PRICE_CEILING, False),
        ("D", None, None, None, None, Exclusion.BELOW_QUALITY_THRESHOLD, False),
    ]


def test_a_bid_over_the_ceiling_is_excluded_for_price_even_when_its_quality_is_also_too_low() -> None:
    evaluation = evaluate_bids(
        [bid("A", "1300.00", 10), bid("B", "900.00", 80)],
        quality_weight=60,
        quality_threshold=Decimal(40),
        price_ceiling=Decimal("1200.00"),
    )

    assert [(b.id, b.excluded) for b in evaluation.bids] == [("B", None), ("A", Exclusion.OVER_PRICE_CEILING)]


def test_a_price_equal_to_the_ceiling_and_quality_equal_to_the_threshold_stay_in() -> None:
    evaluation = evaluate_bids(
        [bid("A", "1200.00", 40)], quality_weight=60, quality_threshold=Decimal(40), price_ceiling=Decimal("1200")
    )

    assert evaluation.bids[0].excluded is None
    assert evaluation.winner == "A"


def test_scores_round_half_up_exactly() -> None:
    # A half penny: quality weight 1 x 5 / 1000 = 0.005 -> 0.01 (half up, not half to even, which gives 0.00).
    evaluation = evaluate_bids([bid("A", "1.00", 5)], quality_weight=1, max_quality=Decimal(1000))

    assert evaluation.bids[0].quality_score == Decimal("0.01")
    assert evaluation.bids[0].price_score == Decimal("99.00")
    assert evaluation.bids[0].total == Decimal("99.01")


def test_a_quarter_penny_rounds_down_and_three_quarters_round_up() -> None:
    quarter = evaluate_bids([bid("A", "1.00", 1)], quality_weight=1, max_quality=Decimal(400))
    three_quarters = evaluate_bids([bid("A", "1.00", 3)], quality_weight=1, max_quality=Decimal(400))

    assert quarter.bids[0].quality_score == Decimal("0.00")
    assert three_quarters.bids[0].quality_score == Decimal("0.01")


def test_the_total_is_the_sum_of_the_rounded_scores() -> None:
    # Quality 50 x 1 / 3 = 16.666... -> 16.67; price 50 x 100 / 300 = 16.666... -> 16.67; total 33.34 (not 33.33).
    evaluation = evaluate_bids(
        [bid("A", "100.00", 3), bid("B", "300.00", 1)], quality_weight=50, max_quality=Decimal(3)
    )

    b = next(evaluated for evaluated in evaluation.bids if evaluated.id == "B")
    assert (b.quality_score, b.price_score, b.total) == (Decimal("16.67"), Decimal("16.67"), Decimal("33.34"))


def test_bids_equal_on_all_three_share_a_rank_and_there_is_no_winner() -> None:
    evaluation = evaluate_bids(
        [bid("A", "500.00", 70), bid("B", "500.00", 70), bid("C", "600.00", 70)], quality_weight=60
    )

    assert [(b.id, b.rank) for b in evaluation.bids] == [("A", 1), ("B", 1), ("C", 3)]
    assert evaluation.winner is None


def test_a_tie_below_the_top_leaves_a_single_winner_and_skips_a_rank() -> None:
    evaluation = evaluate_bids(
        [bid("A", "600.00", 70), bid("B", "500.00", 90), bid("C", "600.00", 70), bid("D", "900.00", 10)],
        quality_weight=60,
    )

    assert [(b.id, b.rank) for b in evaluation.bids] == [("B", 1), ("A", 2), ("C", 2), ("D", 4)]
    assert evaluation.winner == "B"


def test_equal_totals_are_split_by_quality_score_then_by_price() -> None:
    # X: quality 60 x 50/100 = 30.00, price 40 x 500/500 = 40.00 -> 70.00.
    # Y: quality 60 x 60/100 = 36.00, price 40 x 500/588.24 = 34.00 (33.9996...) -> 70.00: more quality wins.
    by_quality = evaluate_bids([bid("X", "500.00", 50), bid("Y", "588.24", 60)], quality_weight=60)
    # Equal totals and quality scores; prices differ yet round to the same price score: the lower price wins.
    by_price = evaluate_bids(
        [bid("P", "1000.01", 50), bid("Q", "1000.00", 50)], quality_weight=60, max_quality=Decimal(100)
    )

    assert [(b.id, b.total) for b in by_quality.bids] == [("Y", Decimal("70.00")), ("X", Decimal("70.00"))]
    assert by_quality.winner == "Y"
    assert [(b.id, b.total, b.rank) for b in by_price.bids] == [
        ("Q", Decimal("70.00"), 1),
        ("P", Decimal("70.00"), 2),
    ]
    assert by_price.winner == "Q"


def test_no_winner_when_every_bid_is_excluded_and_excluded_bids_keep_the_order_sent() -> None:
    evaluation = evaluate_bids(
        [bid("Z", "2000.00", 90), bid("A", "100.00", 5)],
        quality_weight=60,
        quality_threshold=Decimal(40),
        price_ceiling=Decimal("1000.00"),
    )

    assert evaluation.winner is None
    assert [(b.id, b.rank, b.total) for b in evaluation.bids] == [("Z", None, None), ("A", None, None)]


def test_the_lowest_price_is_taken_among_the_bids_left_in_only() -> None:
    # The £100 bid is out on quality, so B's £800 is the lowest and scores the full 40.
    evaluation = evaluate_bids(
        [bid("A", "100.00", 10), bid("B", "800.00", 80)], quality_weight=60, quality_threshold=Decimal(40)
    )

    assert evaluation.bids[0].price_score == Decimal("40.00")


def test_a_bid_below_the_ratio_of_the_mean_of_the_others_is_flagged_not_excluded() -> None:
    # A: mean of B and C = 1000; 0.80 x 1000 = 800; 700 < 800 -> flagged. B: mean of A and C = 850; 680 < 900.
    evaluation = evaluate_bids(
        [bid("A", "700.00", 50), bid("B", "900.00", 50), bid("C", "1100.00", 50)],
        quality_weight=50,
        abnormally_low_ratio=Decimal("0.80"),
    )

    flags = {b.id: b.abnormally_low for b in evaluation.bids}
    assert flags == {"A": True, "B": False, "C": False}
    assert evaluation.winner == "A"


def test_a_price_exactly_at_the_ratio_of_the_mean_is_not_abnormally_low() -> None:
    evaluation = evaluate_bids(
        [bid("A", "800.00", 50), bid("B", "1000.00", 50)], quality_weight=50, abnormally_low_ratio=Decimal("0.80")
    )

    assert not any(b.abnormally_low for b in evaluation.bids)


def test_the_mean_leaves_out_excluded_bids() -> None:
    # Counting C's £5,000 would make A look abnormally low; C is over the ceiling, so the mean is B's £1,000.
    evaluation = evaluate_bids(
        [bid("A", "900.00", 50), bid("B", "1000.00", 50), bid("C", "5000.00", 50)],
        quality_weight=50,
        price_ceiling=Decimal("2000.00"),
        abnormally_low_ratio=Decimal("0.80"),
    )

    assert not any(b.abnormally_low for b in evaluation.bids)


def test_a_lone_bid_or_no_ratio_is_never_abnormally_low() -> None:
    alone = evaluate_bids([bid("A", "1.00", 50)], quality_weight=50, abnormally_low_ratio=Decimal("0.80"))
    no_ratio = evaluate_bids([bid("A", "1.00", 50), bid("B", "1000.00", 50)], quality_weight=50)

    assert not alone.bids[0].abnormally_low
    assert not any(b.abnormally_low for b in no_ratio.bids)


@pytest.mark.parametrize(("quality_weight", "scores"), [(0, ("0.00", "100.00")), (100, ("80.00", "0.00"))])
def test_all_weight_on_one_side(quality_weight: int, scores: tuple[str, str]) -> None:
    evaluation = evaluate_bids([bid("A", "10.00", 80)], quality_weight=quality_weight)

    assert (evaluation.price_weight, evaluation.bids[0].quality_score, evaluation.bids[0].price_score) == (
        100 - quality_weight,
        Decimal(scores[0]),
        Decimal(scores[1]),
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"quality_weight": 101}, "quality_weight", id="weight_case"),
        pytest.param({"max_quality": Decimal(0)}, "max_quality", id="max_case"),
        pytest.param({"quality_threshold": Decimal(101)}, "quality_threshold", id="threshold_case"),
        pytest.param({"price_ceiling": Decimal(0)}, "price_ceiling", id="ceiling_case"),
        pytest.param({"abnormally_low_ratio": Decimal("1.01")}, "abnormally_low_ratio", id="ratio_case"),
        pytest.param({"bids": []}, "bids", id="no_bids_case"),
        pytest.param({"bids": [bid("A", "1", 1)] * (MOST_BIDS + 1)}, "bids", id="too_many_case"),
        pytest.param({"bids": [bid("A", "1", 1), bid("A", "2", 2)]}, "bids.1.id", id="duplicate_case"),
        pytest.param({"bids": [bid("A", "0", 1)]}, "bids.0.price", id="price_case"),
        pytest.param({"bids": [bid("A", "1", 1), bid("B", "1", 101)]}, "bids.1.quality", id="quality_case"),
    ],
)
def test_invalid_input_names_the_field(changes: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"bids": [bid("A", "1.00", 50)], "quality_weight": 60} | changes

    with pytest.raises(BidEvaluationError) as raised:
        evaluate_bids(**arguments)  # type: ignore[arg-type]

    assert raised.value.field == field


def test_five_hundred_bids_are_ranked_without_gaps() -> None:
    bids = [bid(f"S{n}", f"{500 + n % 50}.00", 40 + n % 60) for n in range(MOST_BIDS)]

    evaluation = evaluate_bids(bids, quality_weight=60)

    assert len(evaluation.bids) == MOST_BIDS
    assert evaluation.bids[0].rank == 1
    ranks = [b.rank for b in evaluation.bids]
    assert ranks == sorted(ranks)  # type: ignore[type-var]
