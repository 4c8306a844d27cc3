"""Card numbers: random, ten digits, a Luhn check digit that catches the mistakes people make reading numbers out."""

import pytest

from carershub.emergency_response.rules import (
    format_card_number,
    generate_card_number,
    is_valid_card_number,
    luhn_check_digit,
    normalise_card_number,
)


def test_luhn_check_digit_matches_the_published_example() -> None:
    assert luhn_check_digit("7992739871") == "3"  # the textbook example: 79927398713


def test_generated_numbers_are_ten_valid_digits_not_starting_with_zero() -> None:
    numbers = {generate_card_number() for _ in range(500)}
    assert len(numbers) == 500  # random, not a sequence
    for number in numbers:
        assert len(number) == 10
        assert number[0] != "0"
        assert is_valid_card_number(number)


@pytest.mark.parametrize("number", ["1234567897", "5000000009", "9999999999"[:9] + luhn_check_digit("999999999")])
def test_every_single_digit_mistake_is_detected(number: str) -> None:
    assert is_valid_card_number(number)
    for position in range(10):
        for digit in "0123456789":
            if digit != number[position]:
                typo = number[:position] + digit + number[position + 1 :]
                assert not is_valid_card_number(typo), typo


def test_every_adjacent_swap_is_detected_except_09_and_90() -> None:
    for _ in range(200):
        number = generate_card_number()
        for position in range(9):
            first, second = number[position], number[position + 1]
            if first == second:
                continue
            swapped = number[:position] + second + first + number[position + 2 :]
            if {first, second} == {"0", "9"}:
                continue  # the known blind spot of the Luhn check
            assert not is_valid_card_number(swapped), (number, swapped)


def test_numbers_of_the_wrong_shape_are_not_valid() -> None:
    assert not is_valid_card_number("123456789")
    assert not is_valid_card_number("12345678970")
    assert not is_valid_card_number("12345a7897")
    assert not is_valid_card_number(
        "".join(chr(0xFF10 + int(digit)) for digit in "1234567897")
    )  # full-width digits are digits to Python, not to us


def test_a_number_read_out_with_spaces_or_dashes_is_normalised() -> None:
    assert normalise_card_number(" 1234 5678-97 ") == "1234567897"


def test_format_groups_the_number_for_reading_out() -> None:
    assert format_card_number("1234567897") == "1234 5678 97"
