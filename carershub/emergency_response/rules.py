"""Emergency card numbers, how many emergency contacts a plan has, and when a failed message to an emergency contact
is tried again: pure functions, no Django.

A card number is 10 digits: 9 random digits and a Luhn check digit. The digits are random (never derived from the
carer's details), so a lost card says nothing about its holder; the check digit lets the responder's screen tell a
mis-typed number (every single wrong digit and every swap of neighbouring digits but 09/90) from an unknown one.
"""

import re
import secrets
from datetime import timedelta
from typing import Final

CARD_NUMBER_LENGTH: Final = 10
_RANDOM_DIGITS: Final = CARD_NUMBER_LENGTH - 1
_SEPARATORS: Final = re.compile(r"[\s-]")


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits` followed by it pass the Luhn check."""
    total = 0
    # Counting from the right of the number that will hold the check digit, every second digit is doubled.
    for position, character in enumerate(reversed(digits)):
        value = int(character)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def generate_card_number() -> str:
    """A new random card number. Its first digit is never 0, so the number never loses a digit in a spreadsheet."""
    lowest = 10 ** (_RANDOM_DIGITS - 1)
    stem = str(lowest + secrets.randbelow(9 * lowest))
    return stem + luhn_check_digit(stem)


def normalise_card_number(text: str) -> str:
    """What was typed without the spaces and dashes people add when reading a number out."""
    return _SEPARATORS.sub("", text)


def is_card_number_shaped(number: str) -> bool:
    """Ten digits (after `normalise_card_number`)."""
    return len(number) == CARD_NUMBER_LENGTH and number.isascii() and number.isdigit()


def is_valid_card_number(number: str) -> bool:
    """Ten digits whose last is the Luhn check digit of the other nine."""
    return is_card_number_shaped(number) and luhn_check_digit(number[:-1]) == number[-1]


def format_card_number(number: str) -> str:
    """Grouped for reading out over the phone: "1234 5678 90"."""
    return f"{number[:4]} {number[4:8]} {number[8:]}"


# Emergency contacts ---------------------------------------------------------------------------------------------------

# A plan names at most three people to call (the emergency line works down the list), and an active plan (one with a
# card) at least two, so that the line has someone to call when one does not answer.
MAX_EMERGENCY_CONTACTS: Final = 3
MIN_EMERGENCY_CONTACTS: Final = 2


def can_add_emergency_contact(current_contacts: int) -> bool:
    """Whether a plan with this many current emergency contacts may name another."""
    return current_contacts < MAX_EMERGENCY_CONTACTS


def contact_limit_message() -> str:
    return f"A plan has at most {MAX_EMERGENCY_CONTACTS} emergency contacts: remove one first"


# Messages to emergency contacts -------------------------------------------------------------------------------------

# How many times a message is sent in all before only the responder's "Try again" sends it again.
AUTOMATIC_SEND_ATTEMPTS: Final = 3
# The wait before the second attempt; each later wait is four times the one before (30 seconds, then 2 minutes):
# an emergency cannot wait long, and Notify's own outages are usually short.
FIRST_RETRY_DELAY: Final = timedelta(seconds=30)
_BACKOFF_FACTOR: Final = 4
# Notify answers these when the fault is passing (it is down or busy); the client reports a timeout or a refused
# connection as 503 too. Anything else (a wrong template, a revoked key, a bad phone number) fails the same way
# every time, so it is left to the responder.
_PASSING_FAILURES: Final = frozenset({429, 500, 502, 503, 504})


def is_passing_failure(status_code: int) -> bool:
    """Whether a failed send is worth trying again unchanged."""
    return status_code in _PASSING_FAILURES


def automatic_retry_delay(attempts_made: int, status_code: int) -> timedelta | None:
    """How long to wait before sending a failed message again by itself, or None to leave it to the responder:
    only passing failures, and only while fewer than AUTOMATIC_SEND_ATTEMPTS sends have been made."""
    if attempts_made < 1 or attempts_made >= AUTOMATIC_SEND_ATTEMPTS or not is_passing_failure(status_code):
        return None
    return FIRST_RETRY_DELAY * int(_BACKOFF_FACTOR ** (attempts_made - 1))
