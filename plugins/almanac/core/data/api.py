# The JSON API: the datasets as JSON for others to reuse, published under `/api/`.
#
# Made once per build, when every page is converted and before any is written (`on_env` of
# `almanac/data`, which gives MkDocs the text of each file to write):
#   models.json     every model with its current offers, the rates they list and blended price,
#                   what an unlisted cache rate bills as (`billed_as`, never a copied price in
#                   `rates`), and the off-peak (time window) rates of each offer with their hours
#   history.json    every offer's dated price periods, and the list of price changes
#   providers.json  every provider with its latest rating and its derived state
# Keys are sorted and money is decimal text (never a float), so the same data gives the same
# bytes and no precision is lost. Documented on the generated page `/api/`.

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from almanac.core.data.datasets import Datasets
from almanac.core.data.datasets.models import Period, Rates, TimeWindow
from almanac.core.data.pages.catalogue import API_FILES
from almanac.core.data.pricing import blended, current_quote, find_period, is_stale, price_changes
from almanac.core.data.pricing.labels import window_label
from almanac.core.data.status import provider_state

__all__ = ["API_VERSION", "dumps", "history_document", "models_document", "money", "providers_document"]

#: The cache rates an offer names in `billed_as` when its provider lists no price for them.
_CACHE_KEYS = frozenset({"cache_read", "cache_write", "cache_write_5m", "cache_write_1h"})

#: Bumped when a field is removed or changes meaning (adding fields keeps the version).
API_VERSION = 1


def money(value: Decimal | None) -> str | None:
    """Decimal text without exponent or trailing zeros (`"0.28"`, `"30"`), or None."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _instant(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rates(rates: Rates | Mapping[str, Decimal | None] | None) -> dict[str, str | None]:
    if rates is None:
        return {}
    items = rates.items() if isinstance(rates, Mapping) else rates.model_dump(exclude_unset=True).items()
    return {key: money(value) for key, value in items}


def _billed_as(fallbacks: Mapping[str, str]) -> dict[str, str]:
    """The cache rates an offer does not list, each with the rate it bills as (`input`): left
    out of `rates`, where a copy of the input price would read as a listed cache price. Cache
    writes are named once: the plain write when no write is listed, else the duration (five
    minutes, one hour) that the vendor's by-duration prices leave out."""
    by_duration = any(key not in fallbacks for key in ("cache_write_5m", "cache_write_1h"))
    return {
        key: source
        for key, source in sorted(fallbacks.items())
        if key in _CACHE_KEYS and source == "input" and (key == "cache_read" or (key == "cache_write") != by_duration)
    }


def _head(as_of: dt.datetime, what: str) -> dict[str, Any]:
    return {
        "api_version": API_VERSION,
        "as_of": as_of.date().isoformat(),
        "description": what,
        "units": "Money is decimal text in the offer's currency, per 1,000,000 tokens unless `unit` says otherwise.",
    }


def _window(window: TimeWindow) -> dict[str, Any]:
    """A time window as published: its name and label, its hours, and the rates that replace
    the current ones key by key inside it."""
    return {
        "name": window.name,
        "label": window_label(window),
        "tz": window.tz,
        "weekdays": list(window.weekdays),
        "hours": list(window.hours),
        "rates": _rates(window.rates),
    }


def models_document(datasets: Datasets, as_of: dt.datetime) -> dict[str, Any]:
    """Every model with its offers at their current price (`pricing.current_quote`: the list
    price in force at `as_of`, the same at any hour of the day), offers without a price then
    left out; each offer's off-peak rates are in `time_windows`, never in `rates`."""
    models = []
    for model_id in sorted(datasets.models):
        model = datasets.models[model_id]
        offers = []
        for offer in model.offers:
            price = current_quote(offer, as_of)
            period = find_period(offer, as_of)
            if price is None or period is None:
                continue
            offers.append(
                {
                    "provider": offer.provider,
                    "region": offer.region,
                    "currency": offer.currency,
                    "unit": offer.unit,
                    "service_tier": offer.service_tier,
                    "rates": _rates({key: value for key, value in price.rates.items() if key not in price.fallbacks}),
                    "billed_as": _billed_as(price.fallbacks),
                    "blended": money(blended(price)),
                    "applies": list(price.labels),
                    "source": price.source,
                    "checked": _instant(price.checked),
                    "stale": is_stale(price.checked, as_of),
                    "time_windows": [_window(window) for window in period.time_windows],
                }
            )
        models.append(
            {
                "id": model.id,
                "name": model.name,
                "vendor": datasets.vendor_of.get(model.id),
                "context_window": model.context_window,
                "max_output_tokens": model.max_output_tokens,
                "open_weights": model.open_weights,
                "capabilities": list(model.capabilities),
                "status": model.lifecycle.status if model.lifecycle else None,
                "offers": offers,
            }
        )
    return {**_head(as_of, "Current API prices of every model, by offer."), "models": models}


def _period(period: Period) -> dict[str, Any]:
    document: dict[str, Any] = {
        "from": _instant(period.from_),
        "to": _instant(period.to),
        "source": period.source,
        "checked": _instant(period.checked),
    }
    if period.rates is not None:
        document["rates"] = _rates(period.rates)
    if period.tiers is not None:
        document["tiers"] = {
            "basis": period.tiers.basis,
            "pricing_mode": period.tiers.pricing_mode,
            "bands": [{"min": band.min, "max": band.max, "rates": _rates(band.rates)} for band in period.tiers.bands],
        }
    if period.time_windows:
        document["time_windows"] = [_window(window) for window in period.time_windows]
    if period.promotions:
        document["promotions"] = [
            {"name": p.name, "from": _instant(p.from_), "to": _instant(p.to), "rates": _rates(p.rates)}
            for p in period.promotions
        ]
    return document


def history_document(datasets: Datasets, as_of: dt.datetime) -> dict[str, Any]:
    """Every offer's periods as written (the price history), and the changes between them."""
    models = []
    changes = []
    for model_id in sorted(datasets.models):
        model = datasets.models[model_id]
        models.append(
            {
                "id": model.id,
                "offers": [
                    {
                        "provider": offer.provider,
                        "region": offer.region,
                        "currency": offer.currency,
                        "service_tier": offer.service_tier,
                        "periods": [_period(period) for period in offer.periods],
                    }
                    for offer in model.offers
                ],
            }
        )
        for change in price_changes(model):
            changes.append(
                {
                    "at": _instant(change.at),
                    "model": change.model_id,
                    "provider": change.provider,
                    "region": change.region,
                    "currency": change.currency,
                    "service_tier": change.service_tier,
                    "key": change.key,
                    "old": money(change.old),
                    "new": money(change.new),
                }
            )
    return {
        **_head(as_of, "The dated price periods of every offer, and each change of a list price."),
        "models": models,
        "changes": changes,
    }


def providers_document(
    datasets: Datasets,
    as_of: dt.datetime,
    state_of: Callable[[str], Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every provider with its billing, latest rating and (when `state_of` is given) its
    derived state."""
    providers = []
    for provider_id in sorted(datasets.providers):
        provider = datasets.providers[provider_id]
        ratings = sorted(provider.ratings, key=lambda rating: rating.date)
        latest = ratings[-1] if ratings else None
        billing = provider.billing
        providers.append(
            {
                "id": provider.id,
                "name": provider.name,
                "kind": provider.kind,
                "category": provider.category,
                "homepage": provider.homepage,
                "billing": None
                if billing is None
                else {
                    "currency": billing.currency,
                    "model": billing.model,
                    "groups": [{"name": g.name, "multiplier": money(g.multiplier)} for g in billing.groups],
                },
                "rating": None
                if latest is None
                else {
                    "date": latest.date.isoformat(),
                    "quality": latest.quality,
                    "stability": latest.stability,
                    "affordability": latest.affordability,
                },
                "state": dict(state_of(provider_id)) if state_of is not None else None,
            }
        )
    return {**_head(as_of, "API providers with their latest rating and derived state."), "providers": providers}


def dumps(document: Mapping[str, Any]) -> str:
    """The document as published: sorted keys, no spaces, UTF-8 text, final newline.

    Compact on purpose: with `indent`, the standard library falls back to its pure-Python
    encoder, four times slower on the benchmark data (and the files 40 % larger); browsers and
    `jq` indent JSON for reading."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def state_document(datasets: Datasets, provider_id: str, at: dt.datetime) -> dict[str, Any]:
    """A provider's derived state at `at`, as `providers.json` gives it."""
    state = provider_state(datasets, provider_id, at)
    return {
        "state": state.state,
        "reason": state.reason,
        "open_incidents": [incident.id for incident in state.open_incidents],
        "uptime_pct": {
            key: money(window.pct) if window.pct is not None else None for key, window in state.windows.items()
        },
    }


def published(datasets: Datasets, at: dt.datetime) -> dict[str, str]:
    """Each file of the JSON API (`API_FILES`) and its text, as of the build instant `at`."""
    documents = {
        "api/models.json": models_document(datasets, at),
        "api/history.json": history_document(datasets, at),
        "api/providers.json": providers_document(datasets, at, lambda provider: state_document(datasets, provider, at)),
    }
    return {path: dumps(documents[path]) for path in API_FILES}
