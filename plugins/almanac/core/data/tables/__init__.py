# Tables of the `almanac` block: prices, offers, price history, workload costs, providers,
# status and relay prices, as plain data and as HTML.
#
# The public face of the package. Runs while pages are rendered (`on_page_markdown`), once per
# table block: `parse_block` (in `core/data/blocks/options.py`) has checked the options, `build_table`
# computes the rows from the datasets at the table's instant, `render_table` writes them with
# `templates/almanac/table.html`. The HTML is complete without JavaScript;
# `assets/almanac-tables.js` adds sorting and a filter box on top. Nothing here imports MkDocs.
#
#   model.py      the plain data (`Table`, `Column`, `Row`, `Cell`, `Footnote`) and the sort rule
#   cells.py      one table being built: the instant, the filters, and the cells of each kind
#   index.py      what the tables of one build share: models in table order, cached quotes and cells
#   prices.py     rows of `prices`, `offers`, `workloads`, `history`, `relay-prices`
#   providers.py  rows of `providers` and `status`
#   assemble.py   headers and units, sorting, `limit`, the columns shown, numbered footnotes
#   render.py     the HTML, through Jinja with autoescaping

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from almanac.core.data.pricing.current import STALE_AFTER
from almanac.core.data.pricing.fx import FxRateMissing
from almanac.core.data.pricing.workloads import WORKLOADS
from almanac.core.data.status import UPTIME_FORMULA
from almanac.core.data.tables.assemble import HEADERS, assemble
from almanac.core.data.tables.cells import TableContext, table_instant
from almanac.core.data.tables.html import TEMPLATE, render_table
from almanac.core.data.tables.model import (
    SORT_PLACES,
    Cell,
    Column,
    Footnote,
    Row,
    Table,
    compare_keys,
    number_key,
    sort_rows,
    text_key,
)
from almanac.core.data.tables.prices import history_rows, offer_rows, price_rows, relay_rows, workload_rows
from almanac.core.data.tables.providers import provider_rows, status_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from almanac.core.data.blocks.options import BlockSpec
    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.data.tables.cells import Draft

__all__ = [
    "HEADERS",
    "SORT_PLACES",
    "TEMPLATE",
    "Cell",
    "Column",
    "Footnote",
    "Row",
    "Table",
    "build_table",
    "compare_keys",
    "number_key",
    "render_table",
    "sort_rows",
    "table_instant",
    "text_key",
]

_BUILDERS: Final[dict[str, Callable[[TableContext], list[Draft]]]] = {
    "prices": price_rows,
    "offers": offer_rows,
    "history": history_rows,
    "workloads": workload_rows,
    "providers": provider_rows,
    "status": status_rows,
    "relay-prices": relay_rows,
}

_TITLES: Final = {
    "prices": "API prices on {day}",
    "offers": "Every offer on {day}",
    "history": "Price changes up to {day}",
    "workloads": "Cost per request on {day}",
    "providers": "API providers on {day}",
    "status": "Provider status on {day}",
    "relay-prices": "Prices at relays on {day}",
}


def _notes(spec: BlockSpec) -> list[str]:
    """Notes about the whole table, for the columns it shows."""
    shown = set(spec.columns)
    notes: list[str] = []
    if "blended" in shown:
        notes.append("Blended: (3 × input + output) / 4, three input tokens for each output token.")
    workloads = [workload.label for workload in WORKLOADS if workload.name in shown]
    if workloads:
        notes.append("Cost of one request: " + "; ".join(workloads) + ".")
    if shown & {"quality", "stability", "affordability", "support"}:
        notes.append("Editorial scores from 1 to 5: the latest rating on or before the table's date.")
    if any(column.startswith("uptime_") for column in shown):
        notes.append(f"Uptime over the full UTC days before the table's date: {UPTIME_FORMULA}.")
    if "checked" in shown:
        notes.append(f"A price checked more than {STALE_AFTER.days} days before the table's date may be out of date.")
    return notes


def build_table(spec: BlockSpec, datasets: Datasets, *, at: dt.datetime) -> Table:
    """The table `spec` asks for, at the instant `at` (the build), from `datasets`.

    A block with its own `as_of` shows 00:00 UTC of that day (see `table_instant`). Raises
    `AlmanacError` at the block's `currency:` line when an amount cannot be converted for lack
    of an exchange rate. Charts are not tables: `ValueError`.
    """
    if spec.block != "table":
        raise ValueError(f"the {spec.kind} chart is not a table")
    ctx = TableContext(spec, datasets, at)
    try:
        drafts = _BUILDERS[spec.kind](ctx)
    except FxRateMissing as missing:
        raise missing.as_error(spec.path, spec.line_of("currency")) from None
    title = _TITLES[spec.kind].format(day=ctx.day.isoformat())
    if ctx.target is not None:
        title += f", in {ctx.target}"
    default = ("date", True) if spec.kind == "history" else None
    return assemble(ctx, drafts, title=title, notes=_notes(spec), default_sort=default)
