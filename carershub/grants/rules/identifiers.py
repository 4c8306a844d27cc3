"""Identifiers by the 360Giving Data Standard's rules (standard.threesixtygiving.org, "Identifiers").

A grant's id is the publisher's registered 360Giving prefix and an id from its own records: `360G-<prefix>-<id>`,
never reused. An organisation's id follows the Organisation Identifier standard (org-id.guide): a registered charity
in England and Wales is `GB-CHC-<number>`, a company `GB-COH-<number>`; a group with neither (most small carers'
groups) gets the publisher's prefix and an internal id, `360G-<prefix>-ORG-<id>`.
"""

import re

PREFIX = re.compile(r"^360G-[A-Za-z0-9]+$")
CHARITY_NUMBER = re.compile(r"^\d{6,7}$")
# Companies House numbers: eight digits, or two letters (SC, NI, OC...) and six digits.
COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")


class IdentifierInvalid(ValueError):
    pass


def check_prefix(prefix: str) -> str:
    if not PREFIX.match(prefix):
        raise IdentifierInvalid("A 360Giving prefix looks like 360G-carershub (letters and numbers after 360G-)")
    return prefix


def grant_identifier(prefix: str, reference: str) -> str:
    """`360G-<prefix>-<reference>`: the reference is the application's, unique and never reused."""
    if not reference or not re.fullmatch(r"[A-Za-z0-9-]+", reference):
        raise IdentifierInvalid("A grant reference is letters, numbers and hyphens")
    return f"{check_prefix(prefix)}-{reference}"


def normalise_charity_number(text: str) -> str:
    return re.sub(r"\s", "", text)


def normalise_company_number(text: str) -> str:
    number = re.sub(r"\s", "", text).upper()
    # Companies House numbers are eight characters; leading zeros are often dropped when typed.
    return number.zfill(8) if number.isdigit() else number


def is_charity_number(text: str) -> bool:
    return bool(CHARITY_NUMBER.match(normalise_charity_number(text)))


def is_company_number(text: str) -> bool:
    return bool(COMPANY_NUMBER.match(normalise_company_number(text)))


def organisation_identifier(prefix: str, *, charity_number: str, company_number: str, internal_id: str) -> str:
    """The recipient's org-id: the charity number first (what small groups most often have), then the company
    number, then the publisher's own id for the group."""
    if charity_number and is_charity_number(charity_number):
        return f"GB-CHC-{normalise_charity_number(charity_number)}"
    if company_number and is_company_number(company_number):
        return f"GB-COH-{normalise_company_number(company_number)}"
    return f"{check_prefix(prefix)}-ORG-{internal_id}"
