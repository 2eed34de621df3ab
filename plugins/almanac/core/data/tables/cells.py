# What every table needs while its rows are built: the instant shown, the filters of the
# block, and one way to write each kind of cell (money, links, dates, token counts).
#
# Used by `prices.py` and `providers.py` for one table at a time. Money follows one rule on
# every table: `display` writes it with its currency symbol; a block with `currency: XYZ`
# shows every amount in XYZ, converted at the rates in force on the table's date and marked
# `≈` with a footnote that names the rate; `0` is `Free`; `null` is `—` ("not offered"); a
# rate the offer does not list (a cache read that bills as input) is `—` ("not listed: billed
# as input"), never the other rate's amount.
#
# Prices on a table are list prices at the table's date: the period in force, its first tier
# band, and its promotions in force; time windows (off-peak hours) are left out and named in a
# footnote, so that a table does not change with the hour of the build.

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from almanac.core.data.blocks.options import NATIVE
from almanac.core.data.pricing import labels
from almanac.core.data.pricing.current import STALE_AFTER, is_stale
from almanac.core.data.pricing.fx import BASE_CURRENCY, FxRateMissing, convert
from almanac.core.data.pricing.money import CONTEXT, display
from almanac.core.data.pricing.quotes import TOKENS_PER_UNIT
from almanac.core.data.tables.index import table_index
from almanac.core.data.tables.model import Cell, number_key, text_key
from almanac.core.data.tables.priced import price_offer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from almanac.core.data.blocks.options import BlockSpec
    from almanac.core.data.datasets.loader import Datasets
    from almanac.core.data.datasets.models import Model, Offer, ProviderFile
    from almanac.core.data.pricing.quotes import Quote
    from almanac.core.data.tables.priced import Priced

__all__ = ["BLANK", "Draft", "TableContext", "table_instant"]

BLANK: Final = "—"
"""The text of a cell with nothing to show."""

_PER_MTOK: Final = 1_000_000
_UNIT_WORDS: Final = {
    "per_request": "request",
    "per_image": "image",
    "per_second": "second",
    "per_minute": "minute",
}


@dataclass
class Draft:
    """A row being built: a cell for every column of the table kind, and notes about the whole row."""

    cells: dict[str, Cell]
    notes: list[str] = field(default_factory=list)
    """Footnote texts about the row (tiers, off-peak hours, promotions), shown on its header cell."""


def table_instant(spec: BlockSpec, at: dt.datetime) -> dt.datetime:
    """The instant a table shows: `at` (the build), or 00:00 UTC of the block's own `as_of` on another day."""
    if spec.as_of_given and at.astimezone(dt.UTC).date() != spec.as_of:
        return dt.datetime(spec.as_of.year, spec.as_of.month, spec.as_of.day, tzinfo=dt.UTC)
    return at


@functools.lru_cache(maxsize=1 << 12)
def _text_cell(text: str | None, title: str | None) -> Cell:
    """A text cell (`—` for none): the same for the same text (regions, tiers, currencies recur on every table)."""
    if not text:
        return Cell(BLANK, "", title=title)
    return Cell(text, text_key(text), title=title)


class TableContext:
    """One table being built: the block, the datasets, the instant and the currency shown."""

    def __init__(self, spec: BlockSpec, datasets: Datasets, at: dt.datetime) -> None:
        self.spec = spec
        self.datasets = datasets
        self.at = table_instant(spec, at)
        self.day = self.at.astimezone(dt.UTC).date()
        self.target: str | None = spec.currency if spec.currency != NATIVE else None
        self.index = table_index(datasets)
        self.filters_offers = bool(spec.providers or spec.regions or spec.provider_kinds)
        """True when the block keeps only some offers (by provider, region or provider kind)."""

    # --- filters ---------------------------------------------------------------------------------

    def models(self) -> list[Model]:
        """The models the block asks for, by vendor id, then in the order of the vendor's file."""
        spec = self.spec
        index = self.index
        # Start from the models or vendors the block names (most blocks of the generated pages
        # name one), already in table order, rather than from every model.
        pool: Iterable[Model]
        if spec.models:
            pool = [index.ordered[n] for n in sorted({index.position[m] for m in spec.models if m in index.position})]
        elif spec.vendors:
            pool = [model for vendor in sorted(set(spec.vendors)) for model in index.by_vendor.get(vendor, ())]
        else:
            pool = index.ordered
        vendor_of = self.datasets.vendor_of
        return [
            model
            for model in pool
            if not (spec.vendors and vendor_of.get(model.id, "") not in spec.vendors)
            and not (spec.capabilities and not set(spec.capabilities) <= set(model.capabilities))
        ]

    def offer_ok(self, provider_id: str, region: str) -> bool:
        """True when an offer of `provider_id` in `region` passes the block's `providers`, `region` and `kind`."""
        spec = self.spec
        if spec.providers and provider_id not in spec.providers:
            return False
        if spec.regions and region not in spec.regions:
            return False
        provider = self.datasets.providers.get(provider_id)
        return not (spec.provider_kinds and (provider is None or provider.kind not in spec.provider_kinds))

    def provider_ok(self, provider: ProviderFile) -> bool:
        """True when the provider passes the block's `providers` and `kind`."""
        spec = self.spec
        if spec.providers and provider.id not in spec.providers:
            return False
        return not (spec.provider_kinds and provider.kind not in spec.provider_kinds)

    def first_party(self, offer: Offer) -> bool:
        provider = self.datasets.providers.get(offer.provider)
        return provider is not None and provider.kind == "first_party"

    # --- prices ----------------------------------------------------------------------------------

    def price(self, offer: Offer) -> Priced | None:
        """The offer priced at the table's instant, off-peak hours left out; `None` when it has no price then.

        Computed once per offer and instant in a build (`TableIndex.priced`).
        """
        return self.index.priced.get(offer, self.at, lambda: price_offer(offer, self.at))

    def in_usd(self, amount: Decimal, currency: str) -> Decimal:
        """`amount` in USD for ordering rows in several currencies; the amount itself without a rate."""
        if currency == BASE_CURRENCY:
            return amount
        try:
            return convert(amount, currency, BASE_CURRENCY, self.day, self.datasets.fx).amount
        except FxRateMissing:
            return amount

    # --- cells -----------------------------------------------------------------------------------

    def money(
        self,
        amount: Decimal | None,
        currency: str,
        *,
        listed: bool = True,
        unit: str | None = "per_mtok",
        title: str | None = None,
        blank_title: str | None = None,
    ) -> Cell:
        """A money cell: `$3.00`, `≈$1.27` (converted, with its footnote), `Free`, or `—`.

        `listed=False` is a price the data does not list (`—`, "not listed"); `None` is one
        the offer does not sell (`—`, "not offered"). `unit` is the offer's: token prices per
        thousand are shown per million, other units are written after the amount (`$0.04 /
        image`); `None` is an amount of its own, such as the cost of a request.
        """
        # Amounts recur from table to table (the same price in every table of a model's offers):
        # one cell for each amount and way of showing it, at the table's currency and day.
        key = (amount, currency, listed, unit, title, blank_title, self.target, self.day)
        cell = self.index.money_cells.get(key)
        if cell is None:
            cell = self._money(amount, currency, listed=listed, unit=unit, title=title, blank_title=blank_title)
            self.index.money_cells[key] = cell
        return cell

    def _money(
        self,
        amount: Decimal | None,
        currency: str,
        *,
        listed: bool,
        unit: str | None,
        title: str | None,
        blank_title: str | None,
    ) -> Cell:
        if not listed:
            return Cell(BLANK, "", title=blank_title or "not listed")
        if amount is None:
            return Cell(BLANK, "", title=blank_title or "not offered", not_offered=True)
        per_unit = TOKENS_PER_UNIT.get(unit) if unit is not None else None
        if per_unit is not None and per_unit != _PER_MTOK:
            amount = CONTEXT.multiply(amount, Decimal(_PER_MTOK // per_unit))
        suffix = f" / {_UNIT_WORDS[unit]}" if unit in _UNIT_WORDS else ""
        shown_currency = self.target or currency
        if amount == 0:
            return Cell("Free", number_key(0), title=title, currency=shown_currency, free=True)
        shown, notes = amount, tuple[str, ...]()
        if self.target is not None and self.target != currency:
            converted = convert(amount, currency, self.target, self.day, self.datasets.fx)
            shown, notes = converted.amount, (converted.label,)
        key = shown if self.target is not None else self.in_usd(amount, currency)
        text = ("≈" if notes else "") + display(shown, shown_currency) + suffix
        return Cell(text, number_key(key), title=title, notes=notes, currency=shown_currency, converted=bool(notes))

    def text(self, text: str | None, *, title: str | None = None) -> Cell:
        """A text cell; `None` or empty text is `—`."""
        return _text_cell(text or None, title)

    def number(self, value: Decimal | int | None, text: str | None = None, *, title: str | None = None) -> Cell:
        """A numeric cell: `text` (or the number itself) shown, the number as sort key; `None` is `—`."""
        if value is None:
            return Cell(BLANK, "", title=title)
        return Cell(text if text is not None else str(value), number_key(value), title=title)

    def tokens(self, count: int | None) -> Cell:
        """A token count as vendors write it: `1M`, `200K`, `131,072`."""
        return self.number(count, labels.token_count(count) if count is not None else None)

    # Links to a model, its vendor, a provider: the same cell on every table, made once a build.

    def model(self, model: Model) -> Cell:
        cell = self.index.model_cells.get(model.id)
        if cell is None:
            cell = self.index.model_cells[model.id] = Cell(model.name, text_key(model.name), href=f"models/{model.id}/")
        return cell

    def vendor(self, model_id: str) -> Cell:
        cell = self.index.vendor_cells.get(model_id)
        if cell is None:
            cell = self.index.vendor_cells[model_id] = self._vendor(model_id)
        return cell

    def _vendor(self, model_id: str) -> Cell:
        vendor_id = self.datasets.vendor_of.get(model_id)
        if vendor_id is None:
            return self.text(None)
        vendor = self.datasets.vendors.get(vendor_id)
        name = vendor.vendor.name if vendor is not None else vendor_id
        return Cell(name, text_key(name), href=f"vendors/{vendor_id}/")

    def provider(self, provider_id: str) -> Cell:
        cell = self.index.provider_cells.get(provider_id)
        if cell is None:
            cell = self.index.provider_cells[provider_id] = self._provider(provider_id)
        return cell

    def _provider(self, provider_id: str) -> Cell:
        provider = self.datasets.providers.get(provider_id)
        if provider is None:
            return Cell(provider_id, text_key(provider_id))
        return Cell(provider.name, text_key(provider.name), href=f"providers/{provider_id}/")

    def checked(self, checked: dt.date | None) -> Cell:
        """The date a price was checked, flagged and footnoted when it is stale."""
        if checked is None:
            return Cell(BLANK, "", notes=("never checked against its source",), stale=True)
        if not is_stale(checked, self.at):
            return Cell(checked.isoformat(), checked.isoformat())
        note = f"checked {checked.isoformat()}, more than {STALE_AFTER.days} days before {self.day.isoformat()}"
        return Cell(checked.isoformat(), checked.isoformat(), notes=(note,), stale=True)

    def offer_cells(self, model: Model, priced: Priced) -> dict[str, Cell]:
        """The cells every price table shares for one priced offer of `model` (a new dict: callers add cells).

        Computed once per offer, instant and currency shown in a build (`TableIndex.cells`).
        """
        key = (model.id, self.at, self.target)
        return dict(self.index.cells.get(priced.offer, key, lambda: self._offer_cells(model, priced)))

    def _offer_cells(self, model: Model, priced: Priced) -> dict[str, Cell]:
        price = priced.quote
        cells: dict[str, Cell] = {
            "model": self.model(model),
            "vendor": self.vendor(model.id),
            "provider": self.provider(price.provider),
            "region": self.text(price.region),
            "service_tier": self.text(price.service_tier),
            "currency": self.text(price.currency),
            "context": self.tokens(model.context_window),
            "max_output": self.tokens(model.max_output_tokens),
            "checked": self.checked(price.checked),
        }
        for key in ("input", "cache_read", "cache_write", "output"):
            cells[key] = self.rate(price, key)
        low, high = price.rate("input"), price.rate("output")
        blended = None
        if low is not None and high is not None:
            blended = CONTEXT.divide(CONTEXT.add(CONTEXT.multiply(Decimal(3), low), high), Decimal(4))
        listed = "input" in price.rates and "output" in price.rates
        if price.unit not in TOKENS_PER_UNIT:
            cells["blended"] = Cell(BLANK, "", title="not priced per token")
        else:
            cells["blended"] = self.money(blended, price.currency, listed=listed, unit=price.unit)
        return cells

    def rate(self, price: Quote, key: str) -> Cell:
        """The price of one rate key. A key the offer does not list (a cache read with no price
        of its own, which bills as `input`) is `—` titled with what it bills as, never the
        other key's amount: a copy of the input price would read as a listed cache price."""
        if key == "cache_write" and "cache_write" in price.fallbacks and "cache_write_5m" in price.rates:
            # Vendors with two cache durations list no plain cache write: show the five-minute one.
            key = "cache_write_5m"
        amount, source = price.rate(key), price.fallbacks.get(key)
        if source is not None and amount is not None:
            return self.money(amount, price.currency, listed=False, blank_title=f"not listed: billed as {source}")
        title = "5-minute cache write" if key == "cache_write_5m" else None
        return self.money(amount, price.currency, listed=key in price.rates, unit=price.unit, title=title)
