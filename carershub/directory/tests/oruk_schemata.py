"""Validating answers against the official Open Referral UK 3.0 schemata (tests/schemas/oruk-3.0), offline.

The schemata are draft-07 with relative `$ref`s ("attribute.json"); a `referencing.Registry` keyed by file name
resolves them locally, as the official validator does against the published files.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker  # type: ignore[import-untyped]  # no stubs installed
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ORUK = Path(__file__).resolve().parents[3] / "tests" / "schemas" / "oruk-3.0"
PAGE_FIELDS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents")


@cache
def _registry() -> Registry[Any]:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT7))
        for path in (ORUK / "schemata").glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft7Validator:
    schema = json.loads((ORUK / "schemata" / f"{name}.json").read_text())
    return Draft7Validator(schema, registry=_registry(), format_checker=FormatChecker())


def errors(name: str, instance: Any) -> list[str]:
    """Every schema error, as "path: message" (empty when the instance is valid)."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(instance)
    ]


@cache
def page_validator() -> Draft7Validator:
    """The openapi.json's `Page` component, which every paged answer follows."""
    openapi = json.loads((ORUK / "openapi.json").read_text())
    schema = {**openapi["components"]["schemas"]["Page"], "required": list(PAGE_FIELDS[:-1])}
    return Draft7Validator(schema)


def page_errors(item_schema: str, body: dict[str, Any]) -> list[str]:
    """A paged answer: the page object's fields, and each item against its schema."""
    found = [error.message for error in page_validator().iter_errors(body)]
    found += [f"missing {field}" for field in PAGE_FIELDS if field not in body]
    for index, item in enumerate(body.get("contents", [])):
        found += [f"contents/{index}/{message}" for message in errors(item_schema, item)]
    return found


def example(name: str) -> Any:
    return json.loads((ORUK / "examples" / f"{name}.json").read_text())
