"""A page of a long list without counting the whole list.

Django's Paginator counts every row to number the pages. For a team's list of thousands of rows, each checked against
the visibility rule, that count costs more than the page itself (the support plan list at county scale: 20-70 ms to
count 10,000 plans, under 1 ms to read the 50 shown). A page read one row beyond its end knows whether another
follows, which is all GOV.UK's previous-and-next pagination needs.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class UncountedPage[RowT: Model]:
    """Rows `start_index` to `end_index` (counting from 1) of a list, and whether pages come before and after."""

    object_list: Sequence[RowT]
    number: int
    per_page: int
    has_next: bool

    def __iter__(self) -> Iterator[RowT]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0


def uncounted_page[RowT: Model](rows: QuerySet[RowT], *, number: object, per_page: int) -> UncountedPage[RowT]:
    """The page asked for (a page number from the query string; anything else, or a number below 1, is the first
    page), read with one row more than the page holds to learn whether another follows. A page past the end is
    empty, and says so, rather than an error."""
    try:
        page_number = max(int(str(number)), 1)
    except ValueError:
        page_number = 1
    offset = (page_number - 1) * per_page
    fetched = list(rows[offset : offset + per_page + 1])
    return UncountedPage(fetched[:per_page], page_number, per_page, has_next=len(fetched) > per_page)
