# The plain data of a table: columns, rows of cells, footnotes; and the order rows sort in.
#
# Built by `build_table` while a page is rendered and handed to `table.html`: text only, no
# markup. The sort rule here is the one `assets/almanac-tables.js` applies in the browser
# (`compareKeys`), so a table sorted by the block's `sort:` and one sorted by a click agree.
#
# Sort keys (`Cell.sort`, the `data-sort` attribute): a number is a plain decimal string with
# `SORT_PLACES` decimals (`"13.50000000"`), text is casefolded, and a blank key (`""`: not
# offered, not listed, unknown) sorts last whichever the direction.

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.money import round_to

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SORT_PLACES",
    "Cell",
    "Column",
    "Footnote",
    "Row",
    "Table",
    "compare_keys",
    "number_key",
    "sort_rows",
    "text_key",
]

SORT_PLACES: Final = 8
"""Decimals of a numeric sort key: enough for a price per token converted into another currency."""


@dataclass(frozen=True)
class Column:
    """A column as the header shows it."""

    key: str
    """The column's name in the block's `columns:` (`cache_read`)."""
    header: str
    """The header text: `Cache read`."""
    unit: str | None = None
    """The unit under the header: `USD / 1M tokens`, `per request`, `tokens`; `None` for none."""
    numeric: bool = False
    """True when cells sort as numbers (and are aligned right)."""


@dataclass(frozen=True)
class Cell:
    """One cell: the text shown, its sort key, and what the reader should know about it."""

    text: str
    """What the reader sees: `$3.00`, `≈$1.27`, `Free`, `—`, `DeepSeek-V4-Pro`."""
    sort: str
    """The sort key (see the module comment); `""` sorts last."""
    href: str | None = None
    """A link: a site path relative to the root (`models/gpt-5/`), or an http(s) URL when `external`."""
    external: bool = False
    """True when `href` is an absolute http(s) URL outside the site."""
    title: str | None = None
    """A tooltip: `not offered`, `billed as input`, the reason for a state."""
    marks: tuple[str, ...] = ()
    """Footnote marks shown after the text (`1`, `2`), in the order of the table's footnotes."""
    notes: tuple[str, ...] = ()
    """The texts of the cell's footnotes, before marks are numbered (builders fill this)."""
    currency: str | None = None
    """The currency of a money amount as shown; `None` for other cells."""
    converted: bool = False
    """True when the amount was converted from another currency (shown with `≈`)."""
    stale: bool = False
    """True when the price was checked more than 60 days before the table's date."""
    free: bool = False
    """True when the price is zero: shown as `Free`."""
    not_offered: bool = False
    """True when the offer does not sell this (`null` in the data): shown as `—`."""
    state: str | None = None
    """For a status cell, the state (`degraded`…), for styling."""

    @property
    def flags(self) -> str:
        """The cell's CSS classes from its flags (`almanac-converted almanac-stale`), or `""`."""
        if not (self.converted or self.stale or self.free or self.not_offered or self.state):
            return ""  # most cells (asked for once per cell of every table drawn)
        names = [
            name
            for name, on in (
                ("almanac-converted", self.converted),
                ("almanac-stale", self.stale),
                ("almanac-free", self.free),
                ("almanac-not-offered", self.not_offered),
            )
            if on
        ]
        if self.state:
            names.append(f"almanac-state almanac-state--{self.state}")
        return " ".join(names)


@dataclass(frozen=True)
class Row:
    """The cells of one row, in column order."""

    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Footnote:
    """A note under the table: `mark` is what cells show (`1`); `None` for a note about the whole table."""

    mark: str | None
    text: str


@dataclass(frozen=True)
class Table:
    """A table ready for `table.html`: plain text and flags, deterministic for the same input."""

    kind: str
    """The block's `table:` (`prices`…)."""
    title: str
    """The caption's text."""
    caption: str | None
    """A sentence under the title, if the block gave one."""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    footnotes: tuple[Footnote, ...] = ()
    """Numbered footnotes first, in mark order, then notes about the whole table."""
    row_header: int | None = 0
    """The index of the column whose cells head their row (`<th scope="row">`)."""
    sort: str | None = None
    """The column the rows are sorted by, if any."""
    descending: bool = False
    """True when `sort` is in descending order."""
    total: int = 0
    """Rows before `limit`."""


def number_key(value: Decimal | int) -> str:
    """The sort key of a number: a plain decimal string with `SORT_PLACES` decimals (`"9.50000000"`)."""
    number = round_to(Decimal(value), SORT_PLACES)
    return f"{number:f}"


def text_key(text: str) -> str:
    """The sort key of text: casefolded, so that case does not decide the order."""
    return text.casefold()


def compare_keys(a: str, b: str, *, numeric: bool, descending: bool) -> int:
    """The order of two sort keys, as `compareKeys` in `almanac-tables.js`: negative when `a` comes first.

    Blank keys come last in both directions; numbers compare by value, text by code point;
    `descending` reverses only the order of non-blank keys.
    """
    if a == "" or b == "":
        return (a == "") - (b == "")
    if numeric:
        low, high = Decimal(a), Decimal(b)
        result = (low > high) - (low < high)
    else:
        result = (a > b) - (a < b)
    return -result if descending else result


def sort_rows(rows: Sequence[Sequence[str]], column: int, *, numeric: bool, descending: bool) -> list[int]:
    """The indices of `rows` (each a sequence of sort keys) in sorted order by `column`; stable."""

    def compare(i: int, j: int) -> int:
        return compare_keys(rows[i][column], rows[j][column], numeric=numeric, descending=descending)

    return sorted(range(len(rows)), key=functools.cmp_to_key(compare))
