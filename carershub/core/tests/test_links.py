"""A list's row links, reversed once (core.links.RowUrl), are the links reverse() gives for each row."""

import pytest
from django.urls import reverse

from carershub.core.links import RowUrl


@pytest.mark.parametrize("person_id", [1, 42, 2147483646])
def test_a_one_argument_row_link_is_what_reverse_gives(person_id: int) -> None:
    assert RowUrl("people:detail")(person_id) == reverse("people:detail", args=[person_id])


@pytest.mark.parametrize(("reference", "version"), [("P25HY58UY", 1), ("PABC12345", 12)])
def test_a_two_argument_row_link_puts_each_argument_where_reverse_does(reference: str, version: int) -> None:
    plan_url = RowUrl("support_plans:detail", markers=("REFERENCEMARKER", 2147483647))

    assert plan_url(reference, version) == reverse("support_plans:detail", args=[reference, version])


def test_a_row_link_needs_every_argument() -> None:
    with pytest.raises(ValueError, match="shorter"):
        RowUrl("support_plans:detail", markers=("REFERENCEMARKER", 2147483647))("P25HY58UY")
