# From drafted rows to a `Table`: the headers and units of the columns, the order of the rows,
# the `limit`, the columns the block asked for, and numbered footnotes.
#
# The last step of `build_table`. Footnote marks are numbered here, after sorting and
# cutting, in reading order (row by row, left to right), so that a table shows only the notes
# of the rows it shows and the same input always gives the same marks.

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.workloads import WORKLOADS
from almanac.core.data.tables.model import Column, Footnote, Row, Table, sort_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from almanac.core.data.tables.cells import Draft, TableContext
    from almanac.core.data.tables.model import Cell

__all__ = ["HEADERS", "assemble", "is_numeric"]

# Column: (header, unit kind, numeric). Unit kinds: `price` (per million tokens), `request`
# (per request), or the unit text itself.
HEADERS: Final[dict[str, tuple[str, str | None, bool]]] = {
    "model": ("Model", None, False),
    "vendor": ("Vendor", None, False),
    "provider": ("Provider", None, False),
    "relay": ("Relay", None, False),
    "region": ("Region", None, False),
    "service_tier": ("Tier", None, False),
    "currency": ("Currency", None, False),
    "input": ("Input", "price", True),
    "cache_read": ("Cache read", "price", True),
    "cache_write": ("Cache write", "price", True),
    "output": ("Output", "price", True),
    "blended": ("Blended", "price", True),
    "context": ("Context", "tokens", True),
    "max_output": ("Max output", "tokens", True),
    "checked": ("Checked", None, False),
    "date": ("Date", None, False),
    "band": ("Request size", None, False),
    "key": ("Price of", None, False),
    "old": ("Before", "price", True),
    "new": ("After", "price", True),
    "change": ("Change", None, True),
    **{workload.name: (workload.label.split(" (")[0].capitalize(), "request", True) for workload in WORKLOADS},
    "kind": ("Kind", None, False),
    "category": ("Category", None, False),
    "quality": ("Quality", "1–5", True),
    "stability": ("Stability", "1–5", True),
    "affordability": ("Affordability", "1–5", True),
    "support": ("Support", "1–5", True),
    "rated": ("Rated", None, False),
    "homepage": ("Homepage", None, False),
    "state": ("State", None, False),
    "uptime_24h": ("Uptime 24 h", None, True),
    "uptime_7d": ("Uptime 7 d", None, True),
    "uptime_30d": ("Uptime 30 d", None, True),
    "uptime_90d": ("Uptime 90 d", None, True),
    "incidents": ("Open incidents", None, True),
    "reason": ("Why", None, False),
    "group": ("Group", None, False),
    "multiplier": ("Multiplier", "× list price", True),
    "list_input": ("List input", "price", True),
    "list_output": ("List output", "price", True),
}
"""Header, unit kind and sort type of every column of every table."""

_OVERRIDES: Final[dict[tuple[str, str], str]] = {
    ("providers", "currency"): "Billing currency",
    ("relay-prices", "currency"): "Billing currency",
    ("relay-prices", "input"): "Effective input",
    ("relay-prices", "output"): "Effective output",
    ("workloads", "rag"): "RAG",
}

_ROW_HEADERS: Final = ("model", "provider", "relay")


def is_numeric(column: str) -> bool:
    """True when `column` sorts as numbers."""
    return HEADERS[column][2]


def _unit(kind: str | None, cells: Sequence[Cell]) -> str | None:
    """The unit under a header; for money, with the currency when every amount of the column has the same one."""
    if kind not in ("price", "request"):
        return kind
    currencies = sorted({cell.currency for cell in cells if cell.currency is not None})
    if kind == "price":
        return f"{currencies[0]} / 1M tokens" if len(currencies) == 1 else "per 1M tokens"
    return f"{currencies[0]} per request" if len(currencies) == 1 else "per request"


def assemble(
    ctx: TableContext,
    drafts: list[Draft],
    *,
    title: str,
    notes: Sequence[str] = (),
    default_sort: tuple[str, bool] | None = None,
) -> Table:
    """The table the block asked for, from one draft per row in the table's own order.

    Rows are sorted by the block's `sort` (else `default_sort`, else kept in order), cut to
    `limit`, and reduced to the block's `columns`. Row notes go on the row's header cell; a
    stale mark goes on the `checked` cell, or on the header cell when `checked` is not shown.
    `notes` are about the whole table and come after the numbered footnotes.
    """
    spec = ctx.spec
    sort, descending = (spec.sort, spec.descending) if spec.sort is not None else (default_sort or (None, False))
    if sort is not None:
        keys = [[draft.cells[sort].sort] for draft in drafts]
        drafts = [drafts[i] for i in sort_rows(keys, 0, numeric=is_numeric(sort), descending=descending)]
    total = len(drafts)
    if spec.limit is not None:
        drafts = drafts[: spec.limit]

    shown = spec.columns
    header = next((shown.index(key) for key in _ROW_HEADERS if key in shown), 0)
    marks: dict[str, str] = {}
    rows: list[Row] = []
    for draft in drafts:
        cells: list[Cell] = []
        for n, key in enumerate(shown):
            cell = draft.cells[key]
            texts = list(cell.notes)
            if n == header:
                texts += draft.notes
                checked = draft.cells.get("checked")
                if "checked" not in shown and checked is not None and checked.stale:
                    texts += checked.notes
                    cell = dataclasses.replace(cell, stale=True)
            if not texts and not cell.notes:
                cells.append(cell)  # most cells: nothing to number (and copying them cost time)
                continue
            cell_marks = [marks.setdefault(text, str(len(marks) + 1)) for text in texts]
            cells.append(dataclasses.replace(cell, marks=tuple(dict.fromkeys(cell_marks)), notes=()))
        rows.append(Row(tuple(cells)))

    columns = []
    for n, key in enumerate(shown):
        text, unit, numeric = HEADERS[key]
        text = _OVERRIDES.get((spec.kind, key), text)
        columns.append(Column(key, text, _unit(unit, [row.cells[n] for row in rows]), numeric))
    footnotes = [Footnote(mark, text) for text, mark in marks.items()]
    footnotes += [Footnote(None, text) for text in notes]
    return Table(
        kind=spec.kind,
        title=spec.title or title,
        caption=spec.caption,
        columns=tuple(columns),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
        row_header=header if shown else None,
        sort=sort if sort in shown else None,
        descending=descending,
        total=total,
    )
