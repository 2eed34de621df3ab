# The price of one offer at one instant, and the cost of one request.
#
# The heart of `pricing`, called while pages are rendered (price tables, model and provider
# pages) with the datasets `load_datasets` returned at `on_config`. A quote starts from the
# period that covers the instant and applies, key by key and in this order:
#
#   1. base rates: the period's `rates`, or the tier band the request size falls in;
#   2. the mode (`thinking`…): the period's `mode_overrides`, then the band's;
#   3. time windows (off-peak hours) that hold the instant, in the order written;
#   4. promotions in force at the instant, in the order written.
#
# A later step wins over an earlier one for the keys it writes; keys it leaves out keep their
# value. Only then are absent keys filled from their fallback (`FALLBACKS`), so a key that
# falls back to `input` follows an off-peak or promotional `input` too.
#
# The current price, everywhere the site shows one (tables, charts, entity pages, the JSON
# API), is `current_quote`: the list price in force at the build instant (noon UTC of the build
# date), with the promotions in force then, and without time windows. Off-peak rates depend on
# the hour, not the day, so they are shown beside it as what they are, with their hours.

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from almanac.core.data.datasets.fields import RATE_KEYS, instant
from almanac.core.data.pricing import labels
from almanac.core.data.pricing.money import CONTEXT

if TYPE_CHECKING:
    from almanac.core.data.datasets.models import Offer, Period, Promotion, Rates, TierBand, Tiers, TimeWindow

__all__ = [
    "FALLBACKS",
    "TOKENS_PER_UNIT",
    "Quote",
    "blended",
    "current_quote",
    "find_period",
    "promotion_in_force",
    "quote",
    "request_cost",
    "resolve_rates",
    "select_band",
    "window_holds",
]

FALLBACKS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "cache_read": ("input",),
        "cache_write": ("input",),
        "cache_write_5m": ("cache_write", "input"),
        "cache_write_1h": ("cache_write", "input"),
        "input_audio": ("input",),
        "input_image": ("input",),
        "input_video": ("input",),
        "output_reasoning": ("output",),
        "output_audio": ("output",),
        "output_image": ("output",),
    }
)
"""Where an absent rate key takes its price from, tried in order; the first key written wins.

Input-side keys fall back to `input` (a cache write with no price of its own bills as
uncached input; `cache_write_5m` and `cache_write_1h` try `cache_write` first), output-side
keys to `output`. Keys not listed (`input`, `output`, `cache_storage_per_mtok_hour`,
`per_request`, `web_search_per_k`, `per_image`) have no fallback: absent means no such
charge is listed. A fallback to a key written `null` is `null` too: not offered.
"""

TOKENS_PER_UNIT: Final[Mapping[str, int]] = MappingProxyType({"per_mtok": 1_000_000, "per_ktok": 1_000})
"""Tokens per priced unit, for the token units; other units (`per_image`…) have no token cost."""


@dataclass(frozen=True)
class Quote:
    """The price of an offer at one instant, for one request size and mode.

    `rates` holds every key with a price after the overrides and fallbacks (see the module
    comment): a `Decimal` in `currency` per `unit`, `Decimal(0)` when free, `None` when not
    offered; keys absent with no fallback are left out. `fallbacks` says which keys took
    their price from another one (`{"cache_write": "input"}`), so a page can footnote it.
    `labels` names, in the order they applied, what shaped the price besides the base rates.
    """

    provider: str
    """The provider's id."""
    region: str
    """The offer's region or console."""
    currency: str
    """The offer's native currency: every rate is in it."""
    unit: str
    """What a rate is per: `per_mtok` (a million tokens) unless the offer says otherwise."""
    service_tier: str
    """`standard`, `batch`, `flex` or `priority`."""
    at: dt.datetime
    """The instant priced."""
    rates: Mapping[str, Decimal | None]
    """The price of each key, in `RATE_KEYS` order."""
    fallbacks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Keys whose price comes from another key, and that key."""
    labels: tuple[str, ...] = ()
    """What applied: `tier < 256K input tokens`, `thinking`, `off-peak (UTC 16:30–00:30)`, `promotion …`."""
    mode: str | None = None
    """The mode asked for (`thinking`), whether or not the offer prices it apart."""
    band: tuple[int, int | None] | None = None
    """The tier band `(min, max)` the request fell in; `None` for flat rates."""
    pricing_mode: str | None = None
    """`whole_request` or `marginal` for tiered prices; `None` for flat rates."""
    period_from: dt.datetime | None = None
    """The start of the period priced (`None`: since the beginning)."""
    period_to: dt.datetime | None = None
    """The end of the period priced (`None`: still current)."""
    source: str | None = None
    """Where the price was read (the period's `source`)."""
    checked: dt.date | None = None
    """When the price was last checked against its source."""

    def rate(self, key: str) -> Decimal | None:
        """The price of `key`; `None` when not offered or not listed."""
        return self.rates.get(key)


def _require_aware(at: dt.datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"the instant {at.isoformat()} has no time zone; prices are looked up at aware datetimes")


def _bounds(
    start: dt.date | dt.datetime | None, end: dt.date | dt.datetime | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    return (instant(start) if start is not None else None, instant(end) if end is not None else None)


def find_period(offer: Offer, at: dt.datetime) -> Period | None:
    """The period of `offer` that covers `at` (`from` inclusive, `to` exclusive), or `None`.

    A date bound is midnight UTC of that day, as in the datasets layer. `at` must carry a
    time zone.
    """
    _require_aware(at)
    for period in offer.periods:
        start, end = _bounds(period.from_, period.to)
        if (start is None or start <= at) and (end is None or at < end):
            return period
    return None


def select_band(tiers: Tiers, size: int) -> TierBand | None:
    """The band whose `[min, max)` holds `size` tokens, or `None` past the last band."""
    for band in tiers.bands:
        if band.min <= size and (band.max is None or size < band.max):
            return band
    return None


def window_holds(window: TimeWindow, at: dt.datetime) -> bool:
    """True when `at`, read in the window's time zone, falls on one of its weekdays and hours."""
    local = at.astimezone(ZoneInfo(window.tz))
    if local.isoweekday() not in window.weekdays:
        return False
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in window.spans())


def promotion_in_force(promotion: Promotion, at: dt.datetime) -> bool:
    """True when `at` lies in the promotion's `[from, to)`; open ends run with the period."""
    start, end = _bounds(promotion.from_, promotion.to)
    return (start is None or start <= at) and (end is None or at < end)


def resolve_rates(written: Mapping[str, Decimal | None]) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """Fill absent keys from `FALLBACKS`: the rates by key (in `RATE_KEYS` order) and the fallbacks used."""
    rates: dict[str, Decimal | None] = {}
    used: dict[str, str] = {}
    for key in RATE_KEYS:
        if key in written:
            rates[key] = written[key]
            continue
        for other in FALLBACKS.get(key, ()):
            if other in written:
                rates[key] = written[other]
                used[key] = other
                break
    return rates, used


def _override(written: dict[str, Decimal | None], rates: Rates) -> None:
    written.update(rates.as_dict())


def _apply(
    period: Period, band: TierBand | None, at: dt.datetime, mode: str | None, *, time_windows: bool = True
) -> tuple[dict[str, Decimal | None], list[str]]:
    """The written rates of `period` (in `band`) at `at` in `mode`, after steps 1–4, and their labels."""
    base = band.rates if band is not None else period.rates
    written: dict[str, Decimal | None] = dict(base.as_dict()) if base is not None else {}
    applied: list[str] = []
    if band is not None and period.tiers is not None:
        marginal = period.tiers.pricing_mode == "marginal"
        applied.append(labels.band_label(band.min, band.max, period.tiers.basis, marginal=marginal))
    if mode is not None:
        overrides = [period.mode_overrides.get(mode), band.mode_overrides.get(mode) if band is not None else None]
        found = [rates for rates in overrides if rates is not None]
        for rates in found:
            _override(written, rates)
        if found:
            applied.append(labels.name_label(mode))
    for window in period.time_windows if time_windows else ():
        if window_holds(window, at):
            _override(written, window.rates)
            applied.append(labels.window_label(window))
    for promotion in period.promotions:
        if promotion_in_force(promotion, at):
            _override(written, promotion.rates)
            end = instant(promotion.to) if promotion.to is not None else None
            applied.append(labels.promotion_label(promotion, end))
    return written, applied


def quote(
    offer: Offer,
    at: dt.datetime,
    *,
    input_tokens: int | None = None,
    mode: str | None = None,
    time_windows: bool = True,
) -> Quote | None:
    """The price of `offer` at `at`; `None` when the offer has no price then.

    `input_tokens` is the request size that selects the tier band (for a `total_tokens…`
    basis, pass the total); without it a tiered price quotes its first band, the price of
    a short request, as list tables do. A size past the last band has no price: `None`.
    With `marginal` tiers the quote gives the band of the request's last tokens; the cost of
    the whole request is `request_cost`. `mode` (`thinking`) applies the period's and the
    band's overrides for it, if any. `time_windows=False` leaves off-peak (and other hourly)
    rates out: the list price, the same at any hour, as price tables show it. The steps and
    their order are in the module comment.
    """
    period = find_period(offer, at)
    if period is None:
        return None
    band: TierBand | None = None
    if period.tiers is not None:
        band = select_band(period.tiers, input_tokens if input_tokens is not None else 0)
        if band is None:
            return None
    written, applied = _apply(period, band, at, mode, time_windows=time_windows)
    rates, used = resolve_rates(written)
    start, end = _bounds(period.from_, period.to)
    return Quote(
        provider=offer.provider,
        region=offer.region,
        currency=offer.currency,
        unit=offer.unit,
        service_tier=offer.service_tier,
        at=at,
        rates=MappingProxyType(rates),
        fallbacks=MappingProxyType(used),
        labels=tuple(applied),
        mode=mode,
        band=(band.min, band.max) if band is not None else None,
        pricing_mode=period.tiers.pricing_mode if period.tiers is not None else None,
        period_from=start,
        period_to=end,
        source=period.source,
        checked=period.checked,
    )


def current_quote(
    offer: Offer, at: dt.datetime, *, input_tokens: int | None = None, mode: str | None = None
) -> Quote | None:
    """The current price of `offer` as the site states it: `quote` at `at` (the build instant)
    without time windows, so a build on a Saturday and one on a Monday give the same price.

    The period in force and its promotions apply; off-peak and other hourly rates do not (the
    period's `time_windows` publish them, with their hours). `None` when there is no price.
    """
    return quote(offer, at, input_tokens=input_tokens, mode=mode, time_windows=False)


def blended(price: Quote) -> Decimal | None:
    """The blended price `(3 × input + output) / 4`, in the quote's currency and unit.

    Three input tokens for each output token, the usual mix of a chat request. `None` when
    `input` or `output` is not offered.
    """
    low, high = price.rate("input"), price.rate("output")
    if low is None or high is None:
        return None
    return CONTEXT.divide(CONTEXT.add(CONTEXT.multiply(Decimal(3), low), high), Decimal(4))


def _overlap(start: int, end: int, low: int, high: int | None) -> int:
    top = end if high is None else min(end, high)
    return max(0, top - max(start, low))


def request_cost(
    offer: Offer,
    at: dt.datetime,
    *,
    input_tokens: int,
    output_tokens: int = 0,
    cached_tokens: int = 0,
    mode: str | None = None,
    time_windows: bool = True,
) -> Decimal | None:
    """The cost of one request sent at `at`, in the offer's currency (`time_windows=False`:
    at the list price, off-peak hours left out, as in `quote`).

    `input_tokens` counts all input, of which `cached_tokens` are read from the prompt cache
    (billed at `cache_read`) and the rest at `input`; output bills at `output`; a
    `per_request` price is added once. Cache writes are not counted.

    Tiers: `whole_request` bills every token at the band the request size falls in.
    `marginal` bills each slice of tokens at the rate of the band it falls in, the cached
    prefix of the prompt first, then the rest of the input; output bills at the band of the
    request size, except with a `total_tokens_per_request` basis, where output tokens are
    the last slices. The request size is the input (or, for that basis, input + output).

    `None` when there is no price: no period covers `at`, the request is larger than the
    last band, a key it needs is not offered, or the unit is not a token unit.
    """
    if min(input_tokens, output_tokens, cached_tokens) < 0 or cached_tokens > input_tokens:
        raise ValueError("token counts are zero or more, and cached tokens are part of the input")
    period = find_period(offer, at)
    per_unit = TOKENS_PER_UNIT.get(offer.unit)
    if period is None or per_unit is None:
        return None
    tiers = period.tiers
    total_basis = tiers is not None and tiers.basis == "total_tokens_per_request"
    size = input_tokens + output_tokens if total_basis else input_tokens
    band = select_band(tiers, size) if tiers is not None else None
    if tiers is not None and band is None:
        return None

    # What to bill: (band, key, tokens).
    charges: list[tuple[TierBand | None, str, int]] = []
    if tiers is None or tiers.pricing_mode == "whole_request":
        charges += [
            (band, "cache_read", cached_tokens),
            (band, "input", input_tokens - cached_tokens),
            (band, "output", output_tokens),
        ]
    else:
        # Token positions along the basis axis: the cached prefix, the rest of the input, and
        # for a total-tokens basis the output; each band bills the positions inside it.
        axis = [(0, cached_tokens, "cache_read"), (cached_tokens, input_tokens, "input")]
        if total_basis:
            axis.append((input_tokens, input_tokens + output_tokens, "output"))
        for slice_band in tiers.bands:
            charges += [
                (slice_band, key, _overlap(start, end, slice_band.min, slice_band.max)) for start, end, key in axis
            ]
        if not total_basis:
            charges.append((band, "output", output_tokens))

    resolved: dict[int, dict[str, Decimal | None]] = {}  # the rates of each band, by identity
    total = Decimal(0)
    for each, key, count in charges:
        if count <= 0:
            continue
        slot = id(each)
        if slot not in resolved:
            resolved[slot] = resolve_rates(_apply(period, each, at, mode, time_windows=time_windows)[0])[0]
        rate = resolved[slot].get(key)
        if rate is None:
            return None
        total = CONTEXT.add(total, CONTEXT.multiply(Decimal(count), rate))
    cost = CONTEXT.divide(total, Decimal(per_unit))
    fixed = resolve_rates(_apply(period, band, at, mode, time_windows=time_windows)[0])[0].get("per_request")
    return CONTEXT.add(cost, fixed) if fixed is not None else cost
