"""Which kinds of carer someone is, and the checks on identifiers at the door. Pure Python: nothing from Django.

A selector builds `CarerFacts` once (`selectors.carer_facts`); these functions only compute on them, so they are
tested without a database.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# A person comes of age at 18 (Family Law Reform Act 1969 s.1): under it they are a child (Children Act 1989 s.105(1))
# and a young carer (s.17ZA(3)); from it, an adult carer under the Care Act 2014 s.10. Every age-18 check uses these.
ADULTHOOD = 18
# From 16 a young person is presumed able to decide for themselves (the Mental Capacity Act 2005 applies from 16);
# under 16 only a competence judgement (Gillick competence) lets a child consent without a parent.
AGE_OF_CONSENT = 16
# Young adult carers are a service cohort (16 to 25), not a legal status: at 18 the law treats them as adult
# carers under the Care Act 2014 s.10 (under 18 they are young carers: Children Act 1989 s.17ZA).
YOUNG_ADULT_CARER_AGES = range(16, 26)
WORKING_STATUSES = frozenset({"employed_full_time", "employed_part_time", "self_employed"})

# Outward code (area, district, optional sub-district letter or digit), then inward code (sector digit and unit).
POSTCODE_SHAPE = re.compile(r"(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][A-Z]{2})")
# Spaces, hyphens, dots and brackets people type between digits: "(01632) 960-001", "+44 (0)7700 900 982".
PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
PHONE_SHAPE = re.compile(r"\+?[0-9]{10,15}")


class CarerCategory(StrEnum):
    YOUNG_CARER = "young_carer"
    YOUNG_ADULT_CARER = "young_adult_carer"
    ADULT_CARER = "adult_carer"
    PARENT_CARER = "parent_carer"
    KINSHIP_CARER = "kinship_carer"
    WORKING_CARER = "working_carer"


@dataclass(frozen=True)
class RelationshipFacts:
    """One current caring relationship, seen from the carer's side."""

    cared_for_age: int | None
    relationship: str
    has_parental_responsibility: bool
    is_kinship_care: bool
    cared_for_has_conditions: bool


@dataclass(frozen=True)
class CarerFacts:
    """What the category rules need to know about a carer on one day."""

    age: int | None
    employment_status: str
    relationships: tuple[RelationshipFacts, ...]


def add_years(value: date, years: int) -> date:
    """The same day `years` later (or earlier, if negative); 29 February becomes 1 March in a common year."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year without one
        return date(value.year + years, 3, 1)


def is_adult(age: int) -> bool:
    """Whether someone of this age (in completed years) is an adult: 18 or over."""
    return age >= ADULTHOOD


def age_on(date_of_birth: date, on: date) -> int:
    """Age in completed years on a day.

    Someone born on 29 February comes of age on 1 March in a common year: a person attains an age at the start of
    the anniversary of their birth (Family Law Reform Act 1969 s.9), and in a common year that is taken as 1 March.
    """
    if on < date_of_birth:
        raise ValueError("The day is before the date of birth.")
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def transition_dates(date_of_birth: date) -> tuple[date, date]:
    """The 17½ and 18th birthdays, between which transition to adult support is planned (Care Act 2014 ss.58-66).

    The half birthday is the same day six months after the 17th birthday, or the last day of that month when it is
    shorter (31 August gives 28 or 29 February).
    """
    month_index = date_of_birth.month - 1 + 6
    half_birthday = _day_or_month_end(
        date_of_birth.year + ADULTHOOD - 1 + month_index // 12, month_index % 12 + 1, date_of_birth.day
    )
    return half_birthday, add_years(date_of_birth, ADULTHOOD)


def birth_dates_reaching_age_between(age: int, start: date, end: date) -> tuple[date, date]:
    """The first and last dates of birth of people who reach `age` between `start` and `end`, both included."""
    # Someone born on 29 February reaches an age on 1 March in a common year (see `age_on`). So the earliest date
    # of birth is the day after whoever reaches the age the day before `start`, and the latest is `end` moved back
    # `age` years, going back to 28 February rather than forward into March.
    day_before = start - timedelta(days=1)
    earliest = _day_or_month_end(day_before.year - age, day_before.month, day_before.day) + timedelta(days=1)
    latest = _day_or_month_end(end.year - age, end.month, end.day)
    return earliest, latest


def _day_or_month_end(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def carer_categories(facts: CarerFacts) -> frozenset[CarerCategory]:
    """The categories a carer belongs to. They overlap; without a known age, no age-based category applies."""
    if not facts.relationships:
        return frozenset()  # someone who cares for nobody now is not a carer
    categories: set[CarerCategory] = set()
    if facts.age is not None:
        categories |= _age_categories(facts.age, facts.relationships)
    if any(relationship.is_kinship_care for relationship in facts.relationships):
        categories.add(CarerCategory.KINSHIP_CARER)
    if facts.employment_status in WORKING_STATUSES:
        categories.add(CarerCategory.WORKING_CARER)
    return frozenset(categories)


def _age_categories(age: int, relationships: tuple[RelationshipFacts, ...]) -> set[CarerCategory]:
    categories: set[CarerCategory] = set()
    if not is_adult(age):
        # Anyone under 18 who cares for another person, adult or child (Children Act 1989 s.17ZA(3)).
        categories.add(CarerCategory.YOUNG_CARER)
    else:
        # An adult caring for another adult (Care Act 2014 s.10(3)), or for a child (Care Act 2014 s.60(7)).
        categories.add(CarerCategory.ADULT_CARER)
        if any(_is_parent_carer_relationship(relationship) for relationship in relationships):
            categories.add(CarerCategory.PARENT_CARER)
    if age in YOUNG_ADULT_CARER_AGES:
        categories.add(CarerCategory.YOUNG_ADULT_CARER)
    return categories


def _is_parent_carer_relationship(relationship: RelationshipFacts) -> bool:
    # A parent carer cares for a disabled child for whom they have parental responsibility (Children Act 1989
    # s.17ZD). Without parental responsibility (a grandparent, say) the carer is not a parent carer.
    return (
        relationship.has_parental_responsibility
        and relationship.cared_for_age is not None
        and not is_adult(relationship.cared_for_age)
        and relationship.cared_for_has_conditions
    )


def is_valid_nhs_number(value: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (NHS Data Dictionary, NHS NUMBER)."""
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True))
    check_digit = (11 - total % 11) % 11
    # A check digit of 10 means the number is never issued; it can never equal a single digit.
    return check_digit == int(value[9])


def normalise_postcode(value: str) -> str:
    """A UK postcode in capitals with one space before the inward code: "mv12ab" gives "MV1 2AB"."""
    compact = "".join(value.split()).upper()
    match = POSTCODE_SHAPE.fullmatch(compact)
    if match is None:
        raise ValueError(f"{value!r} is not the shape of a UK postcode.")
    return f"{match['outward']} {match['inward']}"


def normalise_phone_number(value: str) -> str:
    """A phone number as digits only, UK numbers in national form: "+44 (0)7700 900 982" gives "07700900982"."""
    compact = PHONE_PUNCTUATION.sub("", value)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+440"):
        compact = compact[3:]  # "+44 (0)…": the trunk 0 written after the country code
    elif compact.startswith("+44"):
        compact = "0" + compact[3:]
    if PHONE_SHAPE.fullmatch(compact) is None:
        raise ValueError(f"{value!r} is not the shape of a phone number.")
    return compact


# Characters that change how text around them is shown without being seen themselves: the bidirectional embeddings,
# overrides and isolates (a name that reads differently from what it holds, the "Trojan Source" trick) and the
# zero-width spaces, word joiner and byte order mark (two names that look the same and are not).
HIDDEN_FORMATTING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u180e")
# Zero-width (non-)joiners shape letters in Persian, Arabic and Indic names, so they are kept between two letters (or
# combining marks).
JOINERS = frozenset("\u200c\u200d")
HIDDEN_FORMATTING_MESSAGE = "Remove the hidden formatting characters (for example, pasted text direction marks)"


def has_hidden_formatting(text: str) -> bool:
    """Whether the text holds a character that changes how it is shown without being seen (HIDDEN_FORMATTING), or a
    joiner anywhere but between two letters or marks."""
    for index, character in enumerate(text):
        if character in HIDDEN_FORMATTING:
            return True
        if character in JOINERS:
            before = text[index - 1] if index > 0 else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not (_is_letter_or_mark(before) and _is_letter_or_mark(after)):
                return True
    return False


def _is_letter_or_mark(character: str) -> bool:
    # A joiner after a virama (a combining mark) makes a half-form in Devanagari and other Indic scripts.
    return bool(character) and unicodedata.category(character)[0] in {"L", "M"}
