# The pricing engine: what a model costs, where, when and in which currency.
#
# The public face of the package. It runs while pages are rendered, for price tables and
# entity pages (model, vendor, provider, relay), on the datasets `load_datasets` returned at
# `on_config`. Nothing is stored: converted prices, blended prices, workload costs, relay
# prices and price changes are all derived here from `data/`. Money is `Decimal` from the
# data file to the page and is rounded only by `display`. Nothing here imports MkDocs.
#
#   money.py      the decimal context, and `display` (amounts as text)
#   quotes.py     the price of an offer at an instant (`quote`), request costs, blended price
#   labels.py     the words for tiers, modes, time windows and promotions
#   fx.py         currency conversion with the dated rates of `data/fx.yaml`
#   workloads.py  named request shapes (chat, RAG, agent, long context) and their cost
#   relays.py     effective prices at relays: list price × multiplier × credit rate
#   history.py    price changes between consecutive periods
#   current.py    the rows of current-price tables

from __future__ import annotations

from almanac.core.data.pricing.current import STALE_AFTER, OfferRow, current_offers, is_stale
from almanac.core.data.pricing.fx import BASE_CURRENCY, Converted, FxRateMissing, convert, rate_on
from almanac.core.data.pricing.history import PriceChange, price_changes
from almanac.core.data.pricing.money import CONTEXT, SYMBOLS, display
from almanac.core.data.pricing.quotes import (
    FALLBACKS,
    TOKENS_PER_UNIT,
    Quote,
    blended,
    current_quote,
    find_period,
    promotion_in_force,
    quote,
    request_cost,
    resolve_rates,
    select_band,
    window_holds,
)
from almanac.core.data.pricing.relays import RelayQuote, RelayRow, list_offer, relay_price, relay_prices
from almanac.core.data.pricing.workloads import AGENT, CHAT, LONG_CONTEXT, RAG, WORKLOADS, Workload, workload_cost

__all__ = [
    "AGENT",
    "BASE_CURRENCY",
    "CHAT",
    "CONTEXT",
    "FALLBACKS",
    "LONG_CONTEXT",
    "RAG",
    "STALE_AFTER",
    "SYMBOLS",
    "TOKENS_PER_UNIT",
    "WORKLOADS",
    "Converted",
    "FxRateMissing",
    "OfferRow",
    "PriceChange",
    "Quote",
    "RelayQuote",
    "RelayRow",
    "Workload",
    "blended",
    "convert",
    "current_offers",
    "current_quote",
    "display",
    "find_period",
    "is_stale",
    "list_offer",
    "price_changes",
    "promotion_in_force",
    "quote",
    "rate_on",
    "relay_price",
    "relay_prices",
    "request_cost",
    "resolve_rates",
    "select_band",
    "window_holds",
    "workload_cost",
]
