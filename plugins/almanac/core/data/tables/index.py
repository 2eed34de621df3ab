# What the tables of one build look up again and again, computed once per `Datasets`.
#
# Used by `TableContext` (`cells.py`) for every table and chart of a build. A build draws the
# same offers many times: the prices page has a prices table per currency and an offers table,
# and every model, vendor and provider page shows again the offers of its own. The index keeps
# the models in table order (with their positions and by vendor), and caches what tables
# compute: an offer's `Priced` quote and row of cells, a model's main offer, a workload's
# cost, the cells of models, vendors and providers, and money cells.
#
# Cache keys, and why a cached value cannot be stale:
#   - the index belongs to one `Datasets` object (`table_index` compares identity). Datasets
#     are frozen and a build loads new ones, so a value made from them stays true for them;
#   - a value made from an offer or a model is keyed by its identity (`id`) and holds the
#     object itself, so that no other object can take that `id` while the value lives; the
#     instant (and the currency shown, for cells) completes the key;
#   - a money cell is keyed by the amount's value with everything else that shapes it (see
#     `TableContext.money`): equal amounts are written alike (`3.0` and `3.00`: `$3.00`).

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.data.datasets.models import Model, Offer
    from almanac.core.data.tables.model import Cell
    from almanac.core.data.tables.priced import Priced

__all__ = ["ByIdentity", "TableIndex", "table_index"]

MoneyKey = tuple[Decimal | None, str, bool, str | None, str | None, str | None, str | None, dt.date]
"""What a money cell depends on (see `TableContext.money`)."""

T = TypeVar("T")
V = TypeVar("V")


class ByIdentity(Generic[T, V]):
    """Values made from an object (such as an offer) and a hashable key (such as an instant).

    Keyed by the object's identity, not its value: comparing two offers field by field would
    cost more than pricing them. Each entry holds its object, so its `id` is not reused.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[int, Hashable], tuple[T, V]] = {}

    def get(self, subject: T, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `subject` and `key`, made by `make()` the first time (an exception is not kept)."""
        slot = (id(subject), key)
        found = self._values.get(slot)
        if found is None or found[0] is not subject:
            found = (subject, make())
            self._values[slot] = found
        return found[1]

    def __len__(self) -> int:
        return len(self._values)


class TableIndex:
    """The models of one `Datasets` in table order, and caches of what tables compute per offer."""

    def __init__(self, datasets: Datasets) -> None:
        self.datasets = datasets
        vendor_of = datasets.vendor_of
        numbered = sorted(enumerate(datasets.models.items()), key=lambda item: (vendor_of.get(item[1][0], ""), item[0]))
        self.ordered: tuple[Model, ...] = tuple(model for _, (_, model) in numbered)
        """Every model by vendor id, then in the order of the vendor's file: the order of price tables."""
        self.position: dict[str, int] = {model_id: n for n, (_, (model_id, _)) in enumerate(numbered)}
        """The place of each model id in `ordered`."""
        self.written: dict[str, int] = {model_id: n for n, model_id in enumerate(datasets.models)}
        """The place of each model id in `datasets.models` (the order charts list models in)."""
        by_vendor: dict[str, list[Model]] = {}
        for _, (model_id, model) in numbered:
            by_vendor.setdefault(vendor_of.get(model_id, ""), []).append(model)
        self.by_vendor: dict[str, tuple[Model, ...]] = {vendor: tuple(models) for vendor, models in by_vendor.items()}
        """The models of each vendor id, in `ordered` order."""
        self.model_cells: dict[str, Cell] = {}
        """The cell of each model (by id): its name, linking to its page."""
        self.vendor_cells: dict[str, Cell] = {}
        """The cell of the vendor of each model (by model id)."""
        self.provider_cells: dict[str, Cell] = {}
        """The cell of each provider (by id)."""
        self.money_cells: dict[MoneyKey, Cell] = {}
        """Money cells by amount, currency, `listed`, unit, titles, and the table's currency and day."""
        self.priced: ByIdentity[Offer, Priced | None] = ByIdentity()
        """`Priced` quotes by offer and instant (see `TableContext.price`)."""
        self.cells: ByIdentity[Offer, dict[str, Cell]] = ByIdentity()
        """Rows of offer cells by offer, and model, instant and currency shown (see `TableContext.offer_cells`)."""
        self.workload_costs: ByIdentity[Offer, Decimal | None] = ByIdentity()
        """The cost of a request of a workload by offer, and workload name and instant (`workload_rows`)."""
        self.main_offers: ByIdentity[Model, Priced | None] = ByIdentity()
        """The main offer of a model by instant and currency preferred, for blocks with no offer filter."""


_current: TableIndex | None = None


def table_index(datasets: Datasets) -> TableIndex:
    """The index of `datasets`: made on first use, kept while the same `Datasets` object is in use.

    One index is kept, that of the latest datasets: a build uses one `Datasets` object for all
    its pages, and the next build (`mkdocs serve`) loads new ones, which replace it.
    """
    global _current  # the one index, of the datasets in use, replaced when they change
    if _current is None or _current.datasets is not datasets:
        _current = TableIndex(datasets)
    return _current
