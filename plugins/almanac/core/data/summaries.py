# Where an entity of the data stands now, in a few words: a model's current price (its main
# offer's input and output, as the prices table writes them), a provider's state.
#
# Asked while pages are rendered (`almanac/data`'s `entity_summary`, from `on_env` on) for the
# list of entities that ends each post; computed with the tables' own functions (`main_offer`,
# the money cells) and the status rule (`provider_state`), so a post says what the prices and
# status pages say on the same build.

from __future__ import annotations

from typing import TYPE_CHECKING

from almanac.core.data.blocks.options import BlockSpec
from almanac.core.data.pricing.quotes import TOKENS_PER_UNIT
from almanac.core.data.status import provider_state
from almanac.core.data.tables.cells import BLANK, TableContext
from almanac.core.data.tables.prices import main_offer

if TYPE_CHECKING:
    import datetime as dt

    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.links.model import EntityKey

__all__ = ["entity_summary", "model_price", "provider_status"]


def model_price(datasets: Datasets, model_id: str, at: dt.datetime) -> str | None:
    """The price of the model's main offer at `at`, as the prices table writes it:
    `input $0.28 · output $0.42 per 1M tokens` (`input $0.04 / image` for a price per image);
    `None` when the model has no priced offer then (or none of input and output is listed)."""
    model = datasets.models.get(model_id)
    if model is None:
        return None
    spec = BlockSpec(block="table", kind="prices", path="", line=0, as_of=at.date(), models=(model_id,))
    ctx = TableContext(spec, datasets, at)
    priced = main_offer(ctx, model)
    if priced is None:
        return None
    cells = ctx.offer_cells(model, priced)
    parts = [f"{key} {cells[key].text}" for key in ("input", "output") if cells[key].text != BLANK]
    if not parts:
        return None
    per_token = priced.quote.unit in TOKENS_PER_UNIT
    return " · ".join(parts) + (" per 1M tokens" if per_token else "")


def provider_status(datasets: Datasets, provider_id: str, at: dt.datetime) -> str | None:
    """The provider's state at `at` in the words of the status page (`Operational`, `Partial
    outage`, `No recent data`); `None` when the provider is not in the data."""
    if provider_id not in datasets.providers:
        return None
    return provider_state(datasets, provider_id, at).label


def entity_summary(datasets: Datasets, key: EntityKey, at: dt.datetime) -> str | None:
    """A model's price or a provider's state at `at` (see above); `None` for other kinds."""
    kind, entity_id = key
    if kind == "model":
        return model_price(datasets, entity_id, at)
    if kind == "provider":
        return provider_status(datasets, entity_id, at)
    return None
