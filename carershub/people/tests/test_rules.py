"""The category rules and identifier checks, without a database."""

import random
from datetime import date, timedelta

import pytest
from nhs_number.constants import REGION_SYNTHETIC
from nhs_number.generate import generate
from nhs_number.validate import calculate_checksum, is_valid

from carershub.people.rules import (
    CarerCategory,
    CarerFacts,
    RelationshipFacts,
    add_years,
    age_on,
    birth_dates_reaching_age_between,
    carer_categories,
    has_hidden_formatting,
    is_adult,
    is_valid_nhs_number,
    normalise_phone_number,
    normalise_postcode,
    transition_dates,
)

YOUNG = CarerCategory.YOUNG_CARER
YOUNG_ADULT = CarerCategory.YOUNG_ADULT_CARER
ADULT = CarerCategory.ADULT_CARER
PARENT = CarerCategory.PARENT_CARER
KINSHIP = CarerCategory.KINSHIP_CARER
WORKING = CarerCategory.WORKING_CARER


def caring_for(
    age: int | None = 75,
    *,
    relationship: str = "parent",
    parental_responsibility: bool = False,
    kinship: bool = False,
    conditions: bool = True,
) -> RelationshipFacts:
    return RelationshipFacts(
        cared_for_age=age,
        relationship=relationship,
        has_parental_responsibility=parental_responsibility,
        is_kinship_care=kinship,
        cared_for_has_conditions=conditions,
    )


def carer(age: int | None, *relationships: RelationshipFacts, employment_status: str = "not_working") -> CarerFacts:
    return CarerFacts(age=age, employment_status=employment_status, relationships=relationships)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(carer(15, caring_for()), {YOUNG}, id="15_is_a_young_carer_only"),
        pytest.param(carer(16, caring_for()), {YOUNG, YOUNG_ADULT}, id="16_is_also_a_young_adult_carer"),
        pytest.param(carer(17, caring_for()), {YOUNG, YOUNG_ADULT}, id="17_is_still_a_young_carer"),
        pytest.param(carer(18, caring_for()), {ADULT, YOUNG_ADULT}, id="18_is_an_adult_carer"),
        pytest.param(carer(25, caring_for()), {ADULT, YOUNG_ADULT}, id="25_is_the_last_young_adult_year"),
        pytest.param(carer(26, caring_for()), {ADULT}, id="26_is_an_adult_carer_only"),
        pytest.param(carer(12, caring_for(9, relationship="sibling")), {YOUNG}, id="a_child_caring_for_a_sibling"),
        pytest.param(
            carer(40, caring_for(8, relationship="child", parental_responsibility=True)),
            {ADULT, PARENT},
            id="parental_responsibility_for_a_disabled_child",
        ),
        pytest.param(
            carer(40, caring_for(8, relationship="child", parental_responsibility=True, conditions=False)),
            {ADULT},
            id="parental_responsibility_for_a_child_without_conditions",
        ),
        pytest.param(
            carer(66, caring_for(8, relationship="grandchild")),
            {ADULT},
            id="no_parental_responsibility_for_a_disabled_child",
        ),
        pytest.param(
            carer(45, caring_for(18, relationship="child", parental_responsibility=True)),
            {ADULT},
            id="parental_responsibility_for_a_disabled_child_now_18",
        ),
        pytest.param(
            carer(45, caring_for(None, relationship="child", parental_responsibility=True)),
            {ADULT},
            id="parental_responsibility_for_someone_of_unknown_age",
        ),
        pytest.param(
            carer(17, caring_for(1, relationship="child", parental_responsibility=True)),
            {YOUNG, YOUNG_ADULT},
            id="a_parent_under_18_is_a_young_carer_not_a_parent_carer",
        ),
        pytest.param(
            carer(60, caring_for(7, relationship="grandchild", kinship=True)), {ADULT, KINSHIP}, id="kinship_care"
        ),
        pytest.param(
            carer(60, caring_for(80), caring_for(7, relationship="grandchild", kinship=True)),
            {ADULT, KINSHIP},
            id="kinship_care_for_one_of_two_people",
        ),
        pytest.param(carer(None, caring_for()), set(), id="unknown_age"),
        pytest.param(carer(None, caring_for(7, kinship=True)), {KINSHIP}, id="unknown_age_in_kinship_care"),
        pytest.param(carer(None, caring_for(), employment_status="self_employed"), {WORKING}, id="unknown_age_working"),
        pytest.param(carer(40, employment_status="employed_full_time"), set(), id="caring_for_nobody"),
    ],
)
def test_carer_categories(facts: CarerFacts, expected: set[CarerCategory]) -> None:
    assert carer_categories(facts) == expected


@pytest.mark.parametrize(
    ("employment_status", "is_working"),
    [
        pytest.param("employed_full_time", True, id="employed_full_time"),
        pytest.param("employed_part_time", True, id="employed_part_time"),
        pytest.param("self_employed", True, id="self_employed"),
        pytest.param("in_education", False, id="in_education"),
        pytest.param("not_working", False, id="not_working"),
        pytest.param("retired", False, id="retired"),
        pytest.param("not_stated", False, id="not_stated"),
        pytest.param("", False, id="not_recorded"),
    ],
)
def test_working_carers_are_employed_or_self_employed(employment_status: str, is_working: bool) -> None:
    categories = carer_categories(carer(50, caring_for(), employment_status=employment_status))
    assert (WORKING in categories) is is_working


@pytest.mark.parametrize(
    ("date_of_birth", "on", "expected"),
    [
        pytest.param(date(2010, 6, 15), date(2026, 6, 14), 15, id="the_day_before_a_birthday"),
        pytest.param(date(2010, 6, 15), date(2026, 6, 15), 16, id="on_the_birthday"),
        pytest.param(date(2010, 6, 15), date(2010, 6, 15), 0, id="the_day_of_birth"),
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), 17, id="leap_day_birthday_on_28_february_of_a_common_year"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), 18, id="leap_day_birthday_on_1_march_of_a_common_year"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 28), 19, id="leap_day_birthday_on_28_february_of_a_leap_year"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 29), 20, id="leap_day_birthday_on_29_february_of_a_leap_year"),
        pytest.param(date(2007, 3, 1), date(2024, 2, 29), 16, id="1_march_birthday_on_29_february"),
    ],
)
def test_age_on_counts_completed_years(date_of_birth: date, on: date, expected: int) -> None:
    assert age_on(date_of_birth, on) == expected


def test_age_on_refuses_a_day_before_birth() -> None:
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2010, 6, 15), date(2010, 6, 14))


@pytest.mark.parametrize(
    ("date_of_birth", "expected"),
    [
        pytest.param(date(2009, 3, 15), (date(2026, 9, 15), date(2027, 3, 15)), id="an_ordinary_day"),
        pytest.param(date(2008, 8, 31), (date(2026, 2, 28), date(2026, 8, 31)), id="31_august_half_birthday_is_28_feb"),
        pytest.param(date(2010, 8, 31), (date(2028, 2, 29), date(2028, 8, 31)), id="31_august_in_a_leap_year"),
        pytest.param(date(2008, 2, 29), (date(2025, 8, 29), date(2026, 3, 1)), id="leap_day_18th_birthday_is_1_march"),
        pytest.param(date(2008, 12, 31), (date(2026, 6, 30), date(2026, 12, 31)), id="half_birthday_in_june"),
    ],
)
def test_transition_dates_are_the_17_and_a_half_and_18th_birthdays(
    date_of_birth: date, expected: tuple[date, date]
) -> None:
    assert transition_dates(date_of_birth) == expected


def test_birth_dates_reaching_18_between_two_days_are_exactly_those_whose_18th_birthday_falls_there() -> None:
    # Windows of one, two and 31 days starting on every day of four years, one of them a leap year. The 18th
    # birthday moves forward with the date of birth, so checking each end and the day beyond it covers every date.
    one_day = timedelta(days=1)
    for offset in range(4 * 366):
        start = date(2026, 1, 1) + timedelta(days=offset)
        for length in (0, 1, 30):
            end = start + timedelta(days=length)
            earliest, latest = birth_dates_reaching_age_between(18, start, end)
            assert add_years(earliest - one_day, 18) < start <= add_years(earliest, 18), (start, end)
            assert add_years(latest, 18) <= end < add_years(latest + one_day, 18), (start, end)


def test_nobody_reaches_18_on_29_february_when_they_were_born_in_a_common_year() -> None:
    earliest, latest = birth_dates_reaching_age_between(18, date(2028, 2, 29), date(2028, 2, 29))
    assert (earliest, latest) == (date(2010, 3, 1), date(2010, 2, 28))  # an empty range


def test_someone_born_on_29_february_reaches_18_on_1_march() -> None:
    assert birth_dates_reaching_age_between(18, date(2026, 3, 1), date(2026, 3, 1)) == (
        date(2008, 2, 29),
        date(2008, 3, 1),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("9434765919", True, id="a_valid_number"),
        pytest.param("9990000018", True, id="a_valid_synthetic_number"),
        pytest.param("9434765918", False, id="wrong_check_digit"),
        pytest.param("943476591", False, id="nine_digits"),
        pytest.param("94347659190", False, id="eleven_digits"),
        pytest.param("943 476 5919", False, id="spaces_are_removed_by_the_caller"),
        pytest.param("94347659l9", False, id="a_letter"),
        pytest.param("٩٤٣٤٧٦٥٩١٩", False, id="arabic_indic_digits"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_valid_nhs_number(value: str, expected: bool) -> None:
    assert is_valid_nhs_number(value) is expected


def test_a_stem_whose_check_digit_would_be_10_is_never_valid() -> None:
    stem = next(str(n) for n in range(999_000_000, 999_000_100) if calculate_checksum(str(n)) == 10)
    assert not any(is_valid_nhs_number(f"{stem}{digit}") for digit in range(10))


def test_is_valid_nhs_number_agrees_with_the_nhs_number_package() -> None:
    seeded = random.Random(20260101)
    # Random synthetic numbers (about one in eleven valid), every check digit of a few stems, and the package's own
    # valid and invalid synthetic numbers.
    candidates = [str(seeded.randint(9_990_000_000, 9_999_999_999)) for _ in range(200)]
    candidates += [f"{seeded.randint(999_000_000, 999_999_999)}{digit}" for digit in range(10) for _ in range(5)]
    candidates += generate(valid=True, for_region=REGION_SYNTHETIC, quantity=50)
    candidates += generate(valid=False, for_region=REGION_SYNTHETIC, quantity=50)
    verdicts = {candidate: is_valid_nhs_number(candidate) for candidate in candidates}
    assert verdicts == {candidate: is_valid(candidate) for candidate in candidates}
    assert sum(verdicts.values()) >= 50
    assert len(verdicts) - sum(verdicts.values()) >= 50


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("mv12ab", "MV1 2AB", id="lower_case_without_a_space"),
        pytest.param("  MV1   2AB ", "MV1 2AB", id="extra_spaces"),
        pytest.param("m11ae", "M1 1AE", id="one_letter_one_digit"),
        pytest.param("B338TH", "B33 8TH", id="one_letter_two_digits"),
        pytest.param("CR2 6XH", "CR2 6XH", id="two_letters_one_digit"),
        pytest.param("dn551pt", "DN55 1PT", id="two_letters_two_digits"),
        pytest.param("w1a0ax", "W1A 0AX", id="one_letter_digit_letter"),
        pytest.param("ec1a 1bb", "EC1A 1BB", id="two_letters_digit_letter"),
    ],
)
def test_normalise_postcode(value: str, expected: str) -> None:
    assert normalise_postcode(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("MV1", id="outward_code_only"),
        pytest.param("MV1 2A", id="short_inward_code"),
        pytest.param("MV1 2ABC", id="long_inward_code"),
        pytest.param("1V1 2AB", id="starts_with_a_digit"),
        pytest.param("MVX1 2AB", id="three_letter_area"),
        pytest.param("MV1-2AB", id="a_hyphen"),
        pytest.param("12345", id="a_zip_code"),
    ],
)
def test_normalise_postcode_refuses_what_is_not_a_postcode(value: str) -> None:
    with pytest.raises(ValueError, match="not the shape of a UK postcode"):
        normalise_postcode(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("07700 900982", "07700900982", id="national_mobile"),
        pytest.param("(01632) 960-001", "01632960001", id="brackets_and_hyphen"),
        pytest.param("+44 7700 900982", "07700900982", id="international_uk"),
        pytest.param("+44 (0)7700 900982", "07700900982", id="international_uk_with_trunk_zero"),
        pytest.param("0044 7700 900982", "07700900982", id="international_uk_with_00"),
        pytest.param("+33 1 23 45 67 89", "+33123456789", id="another_country"),
    ],
)
def test_normalise_phone_number(value: str, expected: str) -> None:
    assert normalise_phone_number(value) == expected


@pytest.mark.parametrize("value", ["0770090", "call me", "07700 900982 ext 2", ""], ids=str)
def test_normalise_phone_number_refuses_what_is_not_a_phone_number(value: str) -> None:
    with pytest.raises(ValueError, match="not the shape of a phone number"):
        normalise_phone_number(value)


def test_add_years_moves_29_february_to_1_march_in_a_common_year() -> None:
    assert (add_years(date(2024, 2, 29), 1), add_years(date(2024, 2, 29), 4)) == (date(2025, 3, 1), date(2028, 2, 29))


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        pytest.param("Okafor", False, id="plain"),
        pytest.param("Zoë Ó Súilleabháin-Nguyễn", False, id="accents"),
        pytest.param("محمد", False, id="arabic"),
        pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", False, id="persian_zwnj_between_letters"),
        pytest.param("\u0915\u094d\u200d\u0937", False, id="devanagari_half_form_joiner_after_a_virama"),
        pytest.param("Ri\u202esrev", True, id="right_to_left_override"),
        pytest.param("\u2066admin\u2069", True, id="isolate"),
        pytest.param("Oka\u200bfor", True, id="zero_width_space"),
        pytest.param("\ufeffOkafor", True, id="byte_order_mark"),
        pytest.param("Okafor\u200d", True, id="joiner_at_the_end"),
        pytest.param("Oka \u200cfor", True, id="joiner_beside_a_space"),
    ],
)
def test_hidden_formatting_is_found_and_joiners_between_letters_are_kept(text: str, hidden: bool) -> None:
    assert has_hidden_formatting(text) is hidden


def test_adulthood_starts_on_the_18th_birthday() -> None:
    born = date(2008, 2, 29)

    assert not is_adult(age_on(born, date(2026, 2, 28)))
    assert is_adult(age_on(born, date(2026, 3, 1)))
