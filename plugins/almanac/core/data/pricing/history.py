# Price changes over time: what changed, when, by how much.
#
# Runs while pages are rendered, for the "price history" list of a model page and the feed of
# recent changes. For each offer of a model, consecutive periods are compared key by key.
# Compared are list prices: a period's `rates`, or each tier band, with their fallbacks;
# modes, time windows and promotions are conditional or temporary and belong to the quote.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from almanac.core.data.datasets.fields import RATE_KEYS, instant
from almanac.core.data.pricing import labels
from almanac.core.data.pricing.money import CONTEXT
from almanac.core.data.pricing.quotes import resolve_rates, select_band

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import Model, Offer, Period

__all__ = ["PriceChange", "price_changes"]

_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class PriceChange:
    """One rate key of one offer that changed from one period to the next."""

    at: dt.datetime
    """When the new price took effect: the later period's `from`."""
    model_id: str
    """The model's id."""
    provider: str
    """The offer's provider."""
    region: str
    """The offer's region."""
    currency: str
    """The offer's currency: `old` and `new` are in it."""
    service_tier: str
    """The offer's service tier."""
    tier: str | None
    """The request sizes concerned when either period is tiered (`tier ≥ 200K input tokens`); else `None`."""
    key: str
    """The rate key: `input`, `cache_read`, `output`…"""
    old: Decimal | None
    """The price before; `None` when it was not offered or not listed."""
    new: Decimal | None
    """The price after; `None` when it is no longer offered or listed."""
    relative: Decimal | None
    """`(new − old) / old`: `-0.5` is half the price. `None` when either side is missing or `old` is 0."""

    @property
    def offer(self) -> tuple[str, str, str, str]:
        """The offer's identity: provider, region, currency, service tier."""
        return (self.provider, self.region, self.currency, self.service_tier)


def _start(period: Period) -> dt.datetime:
    return instant(period.from_) if period.from_ is not None else _EARLIEST


def _prices(period: Period, size: int) -> tuple[dict[str, Decimal | None], set[str], int | None]:
    """The list rates of `period` for a request of `size` tokens, the keys written, and where that band ends."""
    if period.tiers is None:
        base = period.rates
        end = None
    else:
        band = select_band(period.tiers, size)
        if band is None:
            return {}, set(), None
        base, end = band.rates, band.max
    written = base.as_dict() if base is not None else {}
    return resolve_rates(written)[0], set(written), end


def _compare(model: Model, offer: Offer, before: Period, after: Period) -> list[tuple[int, PriceChange]]:
    tiers = after.tiers or before.tiers
    sizes = sorted(
        {0}
        | {band.min for band in (before.tiers.bands if before.tiers else ())}
        | {band.min for band in (after.tiers.bands if after.tiers else ())}
    )
    at = _start(after)
    changes: list[tuple[int, PriceChange]] = []
    for n, size in enumerate(sizes):
        old, old_keys, old_end = _prices(before, size)
        new, new_keys, new_end = _prices(after, size)
        tier = None
        if tiers is not None:
            ends = [end for end in (old_end, new_end) if end is not None]
            upper = sizes[n + 1] if n + 1 < len(sizes) else (min(ends) if ends else None)
            tier = labels.band_label(size, upper, tiers.basis)
        for key in RATE_KEYS:
            if key not in old_keys | new_keys:
                continue
            was, now = old.get(key), new.get(key)
            if was == now:
                continue
            relative = None
            if was is not None and now is not None and was != 0:
                relative = CONTEXT.divide(CONTEXT.subtract(now, was), was)
            change = PriceChange(
                at, model.id, offer.provider, offer.region, offer.currency, offer.service_tier,
                tier, key, was, now, relative,
            )  # fmt: skip
            changes.append((n, change))
    return changes


def price_changes(model: Model) -> list[PriceChange]:
    """Every change of list price of `model`, oldest first.

    For each offer, its periods in time order, each compared with the one before it, key by
    key: keys written in either period, each with its fallback (a `cache_read` that used to
    fall back to `input` and is now priced apart is a change). Tiered periods are compared
    band by band at each band start of either period. Periods separated by a gap are still
    compared; the change is dated at the later period's `from`. The order is by date, then
    offer (as written), then request size, then key (`RATE_KEYS` order).
    """
    ordered: list[tuple[dt.datetime, int, int, int, PriceChange]] = []
    for o, offer in enumerate(model.offers):
        periods = sorted(offer.periods, key=_start)
        for before, after in pairwise(periods):
            for n, change in _compare(model, offer, before, after):
                ordered.append((change.at, o, n, RATE_KEYS.index(change.key), change))
    ordered.sort(key=lambda item: item[:4])
    return [item[4] for item in ordered]
