"""Generate a synthetic ``data/`` folder for Model Almanac benchmarks and tests.

The datasets follow the format of the real ``data/`` (see the project README and the
schemas): vendors with their models, each model's offers spread over providers of every
kind, dated price periods (some with history, tiers, time windows, promotions or modes),
USD and CNY prices, relays with billing groups and credit rates, ratings, monitoring
checks, a month of status roll-ups for a few providers, incidents, ``fx.yaml`` and a
``tags.yaml`` that holds the tags ``sitegen.py`` gives its posts. Every current price is
sourced and was checked shortly before the build date of the benchmarks, 2026-11-28, so
the data passes ``almanac check`` and builds without warnings on that date.

The output is deterministic: the same arguments always give byte-identical files. All
values come from one ``random.Random(seed)`` stream, drawn in a fixed order.

Usage as a library::

    from sitegen import generate_site
    from datagen import generate_data
    generate_site(root, posts=200)
    generate_data(root, models=300, offers=1000, providers=30)

Usage from the command line::

    python benchmarks/datagen.py OUT_DIR --models 300 --offers 1000 --providers 30 [--vendors 20] [--tags 40] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["BUILD_DATE", "MARKER", "generate_data", "main", "tag_names"]

BUILD_DATE = dt.date(2026, 11, 28)
"""The date the data is made for: current prices were checked shortly before it."""

MARKER = "# Synthetic data written by benchmarks/datagen.py; running it again replaces this file."
"""The first line of every file written; files that start with it are replaced on the next run."""

FIRST_RELEASE = dt.date(2023, 2, 1)
LAST_RELEASE = dt.date(2026, 10, 31)

# Fixed word lists: changing them changes every generated data set.
_FAMILIES = (
    "Orion", "Nova", "Atlas", "Vega", "Lyra", "Cygnus", "Draco", "Hydra", "Aquila", "Corvus", "Lupus", "Pavo",
    "Tucana", "Volans", "Carina", "Puppis", "Vela", "Fornax", "Pictor", "Sextans", "Mensa", "Norma", "Octans", "Musca",
)  # fmt: skip
_SIZES = ("Lite", "Flash", "Mini", "Air", "Plus", "Pro", "Max", "Ultra")
_SIZE_PRICE = {"Lite": 0.25, "Flash": 0.35, "Mini": 0.5, "Air": 0.7, "Plus": 1.2, "Pro": 2.5, "Max": 4.0, "Ultra": 6.0}
_COUNTRIES = ("CN", "US", "CN", "FR", "US", "CN", "GB", "US", "CN", "DE", "CA", "CN")
_CONTEXTS = (32_768, 65_536, 128_000, 131_072, 200_000, 256_000, 400_000, 1_000_000, 1_048_576, 2_000_000)
_CAPABILITIES = (
    "reasoning", "tools", "json_output", "structured_output", "prompt_caching", "vision", "pdf_input", "web_search",
    "batch", "streaming", "code_execution", "fine_tuning",
)  # fmt: skip
_CLOUD_REGIONS = (("us-east-1", "USD"), ("eu-west-1", "USD"), ("ap-southeast-1", "USD"), ("cn-beijing", "CNY"))
_GROUPS = (
    ("default", "1.0", "official_api"),
    ("discount", "0.5", "unspecified"),
    ("premium", "1.5", "official_api"),
    ("cheap", "0.3", "account_pool"),
    ("cloud", "0.8", "cloud"),
    ("reverse", "0.2", "reverse_engineered"),
)
_CREDIT_RATES = (
    ("1", "1", "USD", "1 CNY = 1 USD of list-price credit"),
    ("7", "1", "USD", "7 CNY buy 1 USD of list-price credit"),
    ("2", "1", "USD", "2 CNY buy 1 USD of list-price credit"),
    ("1", "1", "CNY", "credit at face value, spent against CNY list prices"),
)
_KIND_SHARES = (("first_party", 10), ("cloud", 5), ("aggregator", 6), ("gateway", 3), ("relay", 6))
_KIND_ORDER = ("first_party", "relay", "cloud", "aggregator", "gateway")
_KIND_PREFIX = {"cloud": "cloud", "aggregator": "aggregator", "gateway": "gateway", "relay": "relay"}
_TIER_FACTOR = {"standard": 1.0, "batch": 0.5, "flex": 0.5, "priority": 1.8}
_PROMOTIONS = ("Launch discount (50% off)", "限时5折 (50% off)", "Holiday offer (30% off)")
_FREE_CACHE = "限时免费缓存 (free cache reads)"
_INCIDENTS = (
    ("upstream-502", "502 errors from the upstream API", "minor"),
    ("slow-responses", "Slow responses on chat completions", "minor"),
    ("risk-controls", "Requests failing after upstream risk controls tightened", "major"),
    ("outage", "API unavailable", "critical"),
    ("maintenance", "Scheduled maintenance of the billing system", "none"),
)


def tag_names(tags: int) -> list[str]:
    """The tags ``sitegen.generate_site(..., tags=tags)`` gives its posts: ``tag-01`` … ``tag-NN``."""
    width = max(2, len(str(tags)))
    return [f"tag-{i:0{width}d}" for i in range(1, tags + 1)]


# --- small helpers ------------------------------------------------------------------------------------


def _money(value: float, digits: int = 3) -> str:
    """A decimal string with about ``digits`` significant digits, never in exponent form."""
    if value <= 0:
        return "0"
    exponent = math.floor(math.log10(value))
    places = max(0, digits - 1 - exponent)
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _width(count: int) -> int:
    return max(2, len(str(count)))


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _bound(day: dt.date, currency: str, exact: bool) -> dt.date | str:
    """A period bound: a date, or (when ``exact``) a date and time with a zone, as vendors announce."""
    if not exact:
        return day
    if currency == "CNY":
        return f"{day.isoformat()}T00:00:00+08:00"
    return f"{day.isoformat()}T16:00:00Z"


@dataclass
class _Provider:
    id: str
    kind: str
    index: int
    vendor: str | None = None
    country: str = "US"
    checks: list[str] = field(default_factory=list)


@dataclass
class _Model:
    id: str
    name: str
    vendor: str
    status: str
    base: float
    context: int
    capabilities: tuple[str, ...]
    released: dt.date
    retired_on: dt.date | None
    candidates: list[tuple[str, str, str, str]] = field(default_factory=list)
    offers: list[tuple[str, str, str, str]] = field(default_factory=list)


# --- providers and the shape of the catalogue -------------------------------------------------------


def _kind_counts(providers: int, vendors: int) -> dict[str, int]:
    """How many providers of each kind: every kind once when there is room, then by share.

    First-party providers are the vendors' own APIs, so there are at most ``vendors`` of them.
    """
    counts = dict.fromkeys(_KIND_ORDER, 0)
    for kind in _KIND_ORDER[:providers]:
        if kind == "first_party" and vendors == 0:
            continue
        counts[kind] += 1
    total = sum(share for _, share in _KIND_SHARES)
    while sum(counts.values()) < providers:
        best = max(
            (kind for kind, _ in _KIND_SHARES if kind != "first_party" or counts[kind] < vendors),
            key=lambda kind: dict(_KIND_SHARES)[kind] / total * providers - counts[kind],
        )
        counts[best] += 1
    return counts


def _providers(counts: dict[str, int], vendor_ids: list[str], countries: dict[str, str]) -> list[_Provider]:
    result: list[_Provider] = []
    for index, vendor_id in enumerate(vendor_ids[: counts["first_party"]]):
        result.append(_Provider(vendor_id, "first_party", index, vendor_id, countries[vendor_id]))
    for kind in ("cloud", "aggregator", "gateway", "relay"):
        width = _width(counts[kind])
        for index in range(counts[kind]):
            country = "CN" if kind == "relay" else ("US" if index % 3 else "SG")
            result.append(_Provider(f"{_KIND_PREFIX[kind]}-{index + 1:0{width}d}", kind, index, None, country))
    return result


def _candidates(
    model: _Model, providers: list[_Provider], countries: dict[str, str]
) -> list[tuple[str, str, str, str]]:
    """Every offer a model could have: (provider, region, currency, service tier), best first."""
    found: list[tuple[str, str, str, str]] = []
    own = next((p for p in providers if p.kind == "first_party" and p.vendor == model.vendor), None)
    chinese = countries[model.vendor] == "CN"
    if own is not None:
        found.append((own.id, "global", "USD", "standard"))
        if chinese:
            found.append((own.id, "cn", "CNY", "standard"))
    for provider in providers:
        if provider.kind == "aggregator":
            found.append((provider.id, "global", "USD", "standard"))
    for provider in providers:
        if provider.kind == "cloud":
            for region, currency in _CLOUD_REGIONS:
                found.append((provider.id, region, currency, "standard"))
        elif provider.kind == "gateway":
            found.append((provider.id, "global", "USD", "standard"))
    if own is not None:
        found += [(own.id, "global", "USD", tier) for tier in ("batch", "priority", "flex")]
        if chinese:
            found.append((own.id, "cn", "CNY", "batch"))
    for provider in providers:
        if provider.kind == "cloud":
            found.append((provider.id, _CLOUD_REGIONS[0][0], "USD", "batch"))
    return found


# --- prices -------------------------------------------------------------------------------------------


def _rates(rng: random.Random, model: _Model, scale: float, *, cached: bool) -> dict[str, str]:
    """Flat rates for a model at ``scale`` × its base input price (in the offer's currency)."""
    base = model.base * scale
    rates = {"input": _money(base)}
    if cached:
        rates["cache_read"] = _money(base * 0.1)
        if rng.random() < 0.3:
            rates["cache_write"] = _money(base * 1.25)
    rates["output"] = _money(base * _output_ratio(model))
    return rates


def _output_ratio(model: _Model) -> float:
    # Stable per model: cheaper models have a smaller gap between input and output.
    return (2.0, 3.0, 4.0, 5.0, 8.0)[sum(map(ord, model.id)) % 5]


def _tiers(rng: random.Random, model: _Model, scale: float, *, cached: bool) -> dict[str, Any]:
    split = 128_000 if model.context > 128_000 else 32_000
    upper: int | None = model.context if rng.random() < 0.5 and model.context > split else None
    low = _rates(rng, model, scale, cached=cached)
    high = _rates(rng, model, scale * 2, cached=cached)
    bands: list[dict[str, Any]] = [
        {"min": 0, "max": split, "rates": low},
        {"min": split, "max": upper, "rates": high},
    ]
    if "reasoning" in model.capabilities and rng.random() < 0.5:
        for band in bands:
            band["mode_overrides"] = {"thinking": {"output": _money(float(band["rates"]["output"]) * 3)}}
    mode = "marginal" if rng.random() < 0.25 else "whole_request"
    return {"basis": "input_tokens_per_request", "pricing_mode": mode, "bands": bands}


def _windows(rng: random.Random, rates: dict[str, str], currency: str) -> list[dict[str, Any]]:
    half = {key: _money(float(value) / 2) for key, value in rates.items()}
    tz = "Asia/Shanghai" if currency == "CNY" else "UTC"
    if rng.random() < 0.5:
        return [
            {"name": "off_peak", "tz": tz, "weekdays": [1, 2, 3, 4, 5, 6, 7], "hours": ["00:00-08:00"], "rates": half}
        ]
    weekdays = {"name": "off_peak", "tz": tz, "weekdays": [1, 2, 3, 4, 5], "hours": ["00:00-09:00", "18:00-24:00"]}
    weekend = {"name": "off_peak_weekend", "tz": tz, "weekdays": [6, 7], "hours": ["00:00-24:00"]}
    return [{**weekdays, "rates": half}, {**weekend, "rates": half}]


def _promotion(
    rng: random.Random, start: dt.date, end: dt.date | None, rates: dict[str, str], currency: str
) -> dict[str, Any] | None:
    """A promotion inside ``[start, end)``; one in three of those in a current period is still running."""
    if end is None and rng.random() < 0.35:
        begin = BUILD_DATE - dt.timedelta(days=rng.randint(3, 40))
        finish = BUILD_DATE + dt.timedelta(days=rng.randint(10, 60))
    else:
        limit = end or BUILD_DATE
        begin = _day(rng, start, limit - dt.timedelta(days=15))
        finish = min(limit, begin + dt.timedelta(days=rng.randint(14, 120)))
    begin = max(begin, start)
    if (finish - begin).days < 2:
        return None
    if "cache_read" in rates and rng.random() < 0.25:
        name = _FREE_CACHE
        promo = {"cache_read": "0"}
    else:
        name = rng.choice(_PROMOTIONS)
        factor = 0.7 if "30%" in name else 0.5
        promo = {key: _money(float(value) * factor) for key, value in rates.items()}
    to: str = (
        f"{(finish - dt.timedelta(days=1)).isoformat()}T24:00:00+08:00"
        if currency == "CNY"
        else f"{finish.isoformat()}T00:00:00Z"
    )
    return {"name": name, "from": begin, "to": to, "rates": promo}


def _periods(rng: random.Random, model: _Model, offer: tuple[str, str, str, str], first: bool) -> list[dict[str, Any]]:
    """The price history of one offer, oldest first; the last period is current unless the model retired."""
    provider, _region, currency, tier = offer
    start = model.released if first else model.released + dt.timedelta(days=rng.randint(0, 90))
    end_limit = model.retired_on or BUILD_DATE - dt.timedelta(days=10)
    start = min(start, max(model.released, end_limit - dt.timedelta(days=20)))
    draw = rng.random()
    count = 3 if draw < 0.1 else 2 if draw < 0.35 else 1
    span = (end_limit - start).days
    if span < 60 * count:
        count = 1
    changes = sorted(rng.sample(range(20, span - 10), count - 1)) if count > 1 else []
    edges: list[dt.date | None] = [start, *(start + dt.timedelta(days=d) for d in changes), model.retired_on]

    scale = _TIER_FACTOR[tier] * (7.1 if currency == "CNY" else 1.0)
    if provider != model.vendor:  # a first-party provider has the vendor's id
        scale *= 1.0 + rng.choice((-0.1, 0.0, 0.0, 0.05, 0.1, 0.2))
    cached = "prompt_caching" in model.capabilities
    exact = rng.random() < 0.2
    periods: list[dict[str, Any]] = []
    for p in range(count):
        period_start, period_end = edges[p], edges[p + 1]
        assert period_start is not None
        # Older prices were higher (a cut at each change), now and then lower (a rise).
        older = count - 1 - p
        factor = scale * (rng.choice((1.25, 1.5, 2.0, 0.8)) ** older if older else 1.0)
        period: dict[str, Any] = {}
        opens = p == 0 and rng.random() < 0.2
        period["from"] = None if opens else _bound(period_start, currency, exact and p > 0)
        period["to"] = None if period_end is None else _bound(period_end, currency, exact and p < count - 1)
        current = period_end is None
        draw = rng.random()
        if draw < 0.06:
            period["tiers"] = _tiers(rng, model, factor, cached=cached)
            rates = period["tiers"]["bands"][0]["rates"]
        else:
            rates = _rates(rng, model, factor, cached=cached)
            period["rates"] = rates
            if draw > 0.96:
                period["time_windows"] = _windows(rng, rates, currency)
            if "reasoning" in model.capabilities and rng.random() < 0.05:
                period["mode_overrides"] = {"thinking": {"output": _money(float(rates["output"]) * 2)}}
        if rng.random() < 0.05:
            promotion = _promotion(rng, period_start, period_end, rates, currency)
            if promotion is not None:
                period["promotions"] = [promotion]
        period["source"] = f"https://{provider}.example/pricing/{model.id}"
        if current:
            period["checked"] = max(period_start, BUILD_DATE - dt.timedelta(days=rng.randint(1, 45)))
        else:
            assert period_end is not None
            period["checked"] = _day(rng, period_start, period_end - dt.timedelta(days=1))
        if rng.random() < 0.1:
            period["note"] = "Prices read from the provider's price page." if current else "Earlier list price."
        periods.append(period)
    return periods


# --- the files --------------------------------------------------------------------------------------


def _models(rng: random.Random, count: int, vendor_ids: list[str]) -> list[_Model]:
    if not vendor_ids:
        if count:
            raise ValueError("models need at least one vendor")
        return []
    per_vendor = [1 if i < count else 0 for i in range(len(vendor_ids))]
    weights = [1.0 / math.sqrt(i + 1) for i in range(len(vendor_ids))]
    for _ in range(count - sum(per_vendor)):
        per_vendor[rng.choices(range(len(vendor_ids)), weights=weights, k=1)[0]] += 1
    models: list[_Model] = []
    for v, vendor_id in enumerate(vendor_ids):
        family = _FAMILIES[v % len(_FAMILIES)]
        if v >= len(_FAMILIES):  # a family name once per vendor: every model name of the data is its own
            family += str(v // len(_FAMILIES) + 1)
        width = _width(per_vendor[v])
        for k in range(per_vendor[v]):
            size = rng.choice(_SIZES)
            released = _day(rng, FIRST_RELEASE, LAST_RELEASE)
            draw = rng.random()
            status = (
                "retired" if draw < 0.05 else "deprecated" if draw < 0.1 else "preview" if draw < 0.18 else "active"
            )
            retired_on = None
            if status == "retired":
                if (BUILD_DATE - released).days > 240:
                    retired_on = _day(rng, released + dt.timedelta(days=200), BUILD_DATE - dt.timedelta(days=10))
                else:
                    status = "deprecated"
            capabilities = tuple(c for c in _CAPABILITIES if rng.random() < 0.45)
            models.append(
                _Model(
                    id=f"{vendor_id}-{family.lower()}-{k + 1:0{width}d}",
                    name=f"{family}-{k // 3 + 1}.{k % 3} {size}",
                    vendor=vendor_id,
                    status=status,
                    base=_SIZE_PRICE[size] * 10 ** rng.uniform(-0.4, 0.4),
                    context=rng.choice(_CONTEXTS),
                    capabilities=capabilities,
                    released=released,
                    retired_on=retired_on,
                )
            )
    return models


def _assign_offers(rng: random.Random, models: list[_Model], offers: int) -> None:
    """Give each model one offer (its best candidate), then spread the rest at random.

    Earlier models of each vendor get more offers than later ones, as popular models do.
    """
    capacity = sum(len(model.candidates) for model in models)
    if offers > capacity:
        raise ValueError(f"{offers} offers do not fit: {len(models)} models have room for {capacity}")
    order = [i for i in range(len(models)) if models[i].candidates]
    rng.shuffle(order)
    for index in order[:offers]:
        models[index].offers.append(models[index].candidates[0])
    remaining = offers - min(offers, len(order))
    weights = [1.0 / (1 + i) ** 0.5 for i in range(len(models))]
    while remaining:
        room = [i for i, model in enumerate(models) if len(model.offers) < len(model.candidates)]
        model = models[rng.choices(room, weights=[weights[i] for i in room], k=1)[0]]
        free = [c for c in model.candidates if c not in model.offers]
        # Mostly standard offers in USD; now and then one in CNY, or another service tier.
        draw = rng.random()
        if draw < 0.15:
            wanted = [c for c in free if c[2] == "CNY"]
        elif draw < 0.3:
            wanted = [c for c in free if c[3] != "standard"]
        else:
            wanted = [c for c in free if c[2] == "USD" and c[3] == "standard"]
        model.offers.append(rng.choice(wanted or free))
        remaining -= 1


def _vendor_file(
    rng: random.Random, vendor_id: str, index: int, country: str, models: list[_Model], by_vendor: dict[str, list[str]]
) -> dict[str, Any]:
    name = f"{_FAMILIES[index % len(_FAMILIES)]} Labs {index + 1}"
    vendor: dict[str, Any] = {"id": vendor_id, "name": name}
    if country == "CN":
        vendor["names"] = {"zh": f"{_FAMILIES[index % len(_FAMILIES)]} 实验室 {index + 1}"}
    vendor["country"] = country
    vendor["homepage"] = f"https://{vendor_id}.example"
    pages = [{"url": f"https://{vendor_id}.example/pricing", "currency": "USD", "lang": "en"}]
    if country == "CN":
        pages.append({"url": f"https://{vendor_id}.example/zh/pricing", "currency": "CNY", "lang": "zh"})
    vendor["pricing_pages"] = pages

    written: list[dict[str, Any]] = []
    for model in models:
        lifecycle: dict[str, Any] = {"status": model.status}
        siblings = [m for m in by_vendor[vendor_id] if m != model.id]
        if model.status == "deprecated":
            lifecycle["deprecation_date"] = BUILD_DATE - dt.timedelta(days=rng.randint(5, 90))
            lifecycle["retired_on"] = BUILD_DATE + dt.timedelta(days=rng.randint(30, 180))
        elif model.status == "retired":
            assert model.retired_on is not None
            lifecycle["deprecation_date"] = model.retired_on - dt.timedelta(days=rng.randint(30, 120))
            lifecycle["retired_on"] = model.retired_on
        if model.status in ("deprecated", "retired") and siblings:
            lifecycle["successor"] = rng.choice(siblings)
        entry: dict[str, Any] = {
            "id": model.id,
            "name": model.name,
            "api_ids": [model.id],
            "family": f"{vendor_id}-{model.name.split('-')[0].lower()}",
            "released": model.released,
            "lifecycle": lifecycle,
            "open_weights": rng.random() < (0.6 if country == "CN" else 0.2),
            "modalities": {
                "input": ["text", "image"] if "vision" in model.capabilities else ["text"],
                "output": ["text"],
            },
            "context_window": model.context,
            "max_output_tokens": min(model.context // 4, rng.choice((8_192, 16_384, 32_768, 65_536, 131_072))),
            "capabilities": list(model.capabilities),
        }
        if "prompt_caching" in model.capabilities:
            entry["caching"] = {"mode": rng.choice(("implicit", "explicit", "both")), "min_tokens": 1024}
        if "reasoning" in model.capabilities:
            entry["reasoning_billed_as"] = "output"
        entry["offers"] = [
            {
                "provider": offer[0],
                "region": offer[1],
                "currency": offer[2],
                "unit": "per_mtok",
                "service_tier": offer[3],
                "periods": _periods(rng, model, offer, first=o == 0),
            }
            for o, offer in enumerate(model.offers)
        ]
        written.append(entry)
    return {"schema_version": 1, "vendor": vendor, "models": written}


def _provider_file(
    rng: random.Random, provider: _Provider, serving: list[_Model], active: list[_Model], names: dict[str, str]
) -> dict[str, Any]:
    kind = provider.kind
    data: dict[str, Any] = {"schema_version": 1, "id": provider.id}
    data["name"] = (
        f"{names[provider.vendor]} API" if provider.vendor is not None else provider.id.replace("-", " ").title()
    )
    data["kind"] = kind
    data["category"] = "community" if kind == "relay" and provider.index % 3 == 2 else "commercial"
    data["homepage"] = f"https://{provider.id}.example"
    api = [{"base_url": f"https://api.{provider.id}.example/v1", "protocol": "openai"}]
    if kind in ("first_party", "relay") and provider.index % 2 == 0:
        api.append({"base_url": f"https://api.{provider.id}.example", "protocol": "anthropic"})
    data["api"] = api
    data["region"] = {
        "operator_country": provider.country,
        "reachable_from_cn_without_proxy": provider.country == "CN",
    }
    if kind == "relay":
        pay, get, get_currency, note = _CREDIT_RATES[provider.index % len(_CREDIT_RATES)]
        groups = [_GROUPS[0], *rng.sample(_GROUPS[1:], rng.randint(1, 3))]
        data["billing"] = {
            "currency": "CNY",
            "model": "prepaid_credit",
            "credit_rate": {"pay": pay, "get": get, "get_currency": get_currency},
            "credit_note": note,
            "price_multiplier_default": groups[0][1],
            "groups": [
                {"name": name, "multiplier": multiplier, "channel": channel} for name, multiplier, channel in groups
            ],
            "minimum_topup": rng.choice(("5", "10", "50")),
            "refunds": rng.choice(("none", "partial", "unknown")),
        }
        offered: list[dict[str, Any]] = []
        seen: set[tuple[str, str | None]] = set()
        for model in rng.sample(active, min(len(active), rng.randint(6, 16))):
            group_names = [name for name, _, _ in groups]
            for group in rng.sample(group_names, rng.randint(1, min(2, len(group_names)))):
                pair = (model.id, group if rng.random() < 0.9 else None)
                if pair not in seen:
                    seen.add(pair)
                    offered.append({"model": pair[0], "group": pair[1]} if pair[1] else {"model": pair[0]})
        data["models_offered"] = offered
        data["disclosure"] = {"affiliate_link": False, "sponsor": None}
        data["note"] = "A synthetic relay: the name, groups and numbers are made up."
    elif kind == "first_party":
        data["billing"] = {"currency": "CNY" if provider.country == "CN" else "USD", "model": "prepaid_credit"}
    else:
        data["billing"] = {"currency": "USD", "model": "postpaid" if kind == "cloud" else "prepaid_credit"}

    ratings = rng.randint(1, 3) if kind == "relay" else (1 if rng.random() < 0.4 else 0)
    dates = sorted(rng.sample(range(0, 540), ratings))
    data["ratings"] = [
        {
            "date": BUILD_DATE - dt.timedelta(days=5 + 540 - d),
            "quality": rng.randint(2, 5),
            "stability": rng.randint(1, 5),
            "affordability": rng.randint(1, 5),
            "support": rng.randint(1, 5),
            "method": "docs/methodology/relay-scoring.md",
            "notes": "Synthetic scores.",
        }
        for d in dates
    ]

    watched = kind == "relay" or (kind in ("first_party", "aggregator") and provider.index < 2)
    if kind == "relay":
        offered_ids = {entry["model"] for entry in data["models_offered"]}
        targets = [m for m in active if m.id in offered_ids]
    else:
        targets = [m for m in serving if m.status == "active"] or active
    if watched and targets:
        checks = []
        for c in range(1 if kind != "relay" or provider.index % 2 else 2):
            check_id = f"chat-{c + 1}"
            provider.checks.append(check_id)
            checks.append(
                {
                    "id": check_id,
                    "model": targets[(provider.index + c) % len(targets)].id,
                    "endpoint": "/v1/chat/completions",
                    "interval": "10m",
                    "timeout": "60s",
                    "slow_latency": "5s",
                    "expect_contains": None,
                }
            )
        data["monitoring"] = checks
    return data


def _incidents_file(rng: random.Random, provider: _Provider, *, open_incident: bool) -> dict[str, Any]:
    starts = sorted(rng.sample(range(10, 400), rng.randint(1, 3)))
    incidents: list[dict[str, Any]] = []
    for days_ago in reversed(starts):
        slug, title, impact = rng.choice(_INCIDENTS)
        day = BUILD_DATE - dt.timedelta(days=days_ago)
        started = dt.datetime(day.year, day.month, day.day, rng.randint(0, 22), rng.choice((0, 15, 30, 45)))
        length = dt.timedelta(minutes=rng.randint(20, 1200))
        incidents.append(_incident(f"{day.isoformat()}-{slug}", title, impact, provider.checks, started, length))
    if open_incident:
        day = BUILD_DATE - dt.timedelta(days=1)
        started = dt.datetime(day.year, day.month, day.day, 21, 40)
        incidents.append(
            _incident(f"{day.isoformat()}-elevated-errors", "Elevated error rates", "minor", provider.checks, started)
        )
    return {"provider": provider.id, "incidents": incidents}


def _incident(
    incident_id: str,
    title: str,
    impact: str,
    checks: list[str],
    started: dt.datetime,
    length: dt.timedelta | None = None,
) -> dict[str, Any]:
    def at(moment: dt.datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:00+08:00")

    maintenance = impact == "none"
    updates = [
        {
            "at": at(started + dt.timedelta(minutes=10)),
            "status": "scheduled" if maintenance else "investigating",
            "body": "Maintenance window announced." if maintenance else "Probes report errors; looking into it.",
        }
    ]
    resolved = None
    if length is not None:
        resolved = started + length
        updates.append(
            {
                "at": at(resolved),
                "status": "completed" if maintenance else "resolved",
                "body": "Done." if maintenance else "Recovered; probes are green again.",
            }
        )
    return {
        "id": incident_id,
        "title": title,
        "impact": impact,
        "affected": checks[:1],
        "started_at": at(started),
        "resolved_at": at(resolved) if resolved is not None else None,
        "updates": updates,
        "evidence": [],
    }


def _status_files(rng: random.Random, provider: _Provider) -> dict[str, dict[str, Any]]:
    """Daily roll-ups of the provider's first check over the 30 days before the build date."""
    months: dict[str, list[dict[str, Any]]] = {}
    bad_day = rng.randint(1, 30)
    for days_ago in range(30, 0, -1):
        day = BUILD_DATE - dt.timedelta(days=days_ago)
        samples = 144 if rng.random() < 0.85 else rng.randint(120, 143)
        failed = rng.randint(0, 3) if days_ago != bad_day else rng.randint(20, 60)
        degraded = min(samples - failed, rng.randint(0, 6))
        ok = samples - failed - degraded
        uptime = round((ok + 0.7 * degraded) / samples * 100, 1)
        row: dict[str, Any] = {
            "date": day,
            "samples": samples,
            "ok": ok,
            "degraded": degraded,
            "failed": failed,
            "no_data_minutes": (144 - samples) * 10,
            "uptime_pct": uptime,
            "latency_ms": {"p50": rng.randint(800, 2500), "p95": rng.randint(3000, 6000)},
            "ttft_ms": {"p50": rng.randint(300, 1200)},
            "output_tps": {"p50": rng.randint(30, 120)},
            "http_errors": {"429": failed // 2, "502": failed - failed // 2} if failed else {},
        }
        months.setdefault(day.strftime("%Y-%m"), []).append(row)
    return {
        month: {"provider": provider.id, "check": provider.checks[0], "days": days} for month, days in months.items()
    }


def _fx_file() -> dict[str, Any]:
    rates = []
    # A reference rate every quarter, from before the first release to the last quarter.
    values = (6.70, 6.86, 6.95, 7.25, 7.18, 7.10, 7.19, 7.20, 7.17, 7.16, 7.13, 7.12, 7.19, 7.20, 7.16, 7.14, 7.10)
    day = dt.date(2022, 10, 1)
    for value in values:
        rates.append(
            {
                "currency": "CNY",
                "per_usd": f"{value:.2f}",
                "date": day,
                "source": "https://fx.example/cny",
                "note": "synthetic",
            }
        )
        day = dt.date(day.year + (day.month + 2) // 12, (day.month + 2) % 12 + 1, 1)
    return {"base": "USD", "rates": rates, "policy": "convert_for_display_only"}


def _tags_file(tags: int) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for i, name in enumerate(tag_names(tags), start=1):
        tag: dict[str, Any] = {"name": name}
        if i % 5 == 1:
            tag["aliases"] = [f"topic {i}"]
        tag["description"] = {"en": f"Synthetic tag number {i}.", "zh": f"第 {i} 个合成标签。"}
        result.append(tag)
    return result


# --- writing -------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes each value in full: no `&anchor` and `*alias` for values that repeat."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Fixed encoding and newlines so output is identical on every platform.
    path.write_bytes((MARKER + "\n" + text).encode("utf-8"))


def _remove_earlier_run(data: Path) -> None:
    """Delete the files an earlier run wrote (they start with `MARKER`), and folders left empty."""
    if not data.is_dir():
        return
    marker = (MARKER + "\n").encode("utf-8")
    for path in sorted(data.rglob("*.yaml")):
        with path.open("rb") as handle:
            if handle.read(len(marker)) == marker:
                path.unlink()
    for folder in sorted((p for p in data.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def generate_data(
    root: Path,
    *,
    models: int = 300,
    offers: int = 1000,
    providers: int = 30,
    vendors: int = 20,
    seed: int = 0,
    tags: int = 40,
) -> None:
    """Write a synthetic, valid ``root/data/`` for the build date 2026-11-28.

    Exactly ``vendors`` vendor files holding ``models`` models with ``offers`` offers in all,
    and ``providers`` provider files of every kind (first-party APIs, one per vendor up to a
    third of the providers; clouds; aggregators; gateways; relays). ``tags`` is the number of
    tags of the ``sitegen`` site the data goes with: ``tags.yaml`` holds ``tag-01`` … of it.
    Files an earlier run wrote into the same folder are removed first.
    """
    if min(models, offers, providers, vendors) < 0:
        raise ValueError("counts must be zero or more")
    if tags < 1:
        raise ValueError("tags must be one or more")
    if models and not vendors:
        raise ValueError("models need at least one vendor")
    rng = random.Random(seed)
    data = Path(root) / "data"
    _remove_earlier_run(data)

    vendor_ids = [f"lab-{i + 1:0{_width(vendors)}d}" for i in range(vendors)]
    countries = {vendor_id: _COUNTRIES[i % len(_COUNTRIES)] for i, vendor_id in enumerate(vendor_ids)}
    all_providers = _providers(_kind_counts(providers, vendors), vendor_ids, countries)
    if offers and not any(p.kind != "relay" for p in all_providers):
        raise ValueError("offers need at least one provider that is not a relay")
    all_models = _models(rng, models, vendor_ids)
    for model in all_models:
        model.candidates = _candidates(model, all_providers, countries)
    _assign_offers(rng, all_models, offers)

    by_vendor: dict[str, list[str]] = {vendor_id: [] for vendor_id in vendor_ids}
    for model in all_models:
        by_vendor[model.vendor].append(model.id)
    vendor_names: dict[str, str] = {}
    for index, vendor_id in enumerate(vendor_ids):
        mine = [m for m in all_models if m.vendor == vendor_id]
        content = _vendor_file(rng, vendor_id, index, countries[vendor_id], mine, by_vendor)
        vendor_names[vendor_id] = content["vendor"]["name"]
        _dump(data / "vendors" / f"{vendor_id}.yaml", content)

    active = [m for m in all_models if m.status == "active" and m.offers]
    for provider in all_providers:
        serving = [m for m in all_models if any(offer[0] == provider.id for offer in m.offers)]
        content = _provider_file(rng, provider, serving, active, vendor_names)
        _dump(data / "providers" / f"{provider.id}.yaml", content)

    watched = [p for p in all_providers if p.checks]
    for n, provider in enumerate(watched):
        _dump(data / "incidents" / f"{provider.id}.yaml", _incidents_file(rng, provider, open_incident=n == 0))
    # Status for a few providers: the first watched one of each kind, and a second relay.
    firsts = {provider.kind: provider.id for provider in reversed(watched)}
    relays = [provider.id for provider in watched if provider.kind == "relay"]
    with_status = {*firsts.values(), *relays[:2]}
    for provider in (provider for provider in watched if provider.id in with_status):
        for month, content in _status_files(rng, provider).items():
            _dump(data / "status" / provider.id / f"{month}.yaml", content)

    _dump(data / "fx.yaml", _fx_file())
    _dump(data / "tags.yaml", _tags_file(tags))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic data/ folder for a Model Almanac site.")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="project folder; data/ is written inside it")
    parser.add_argument("--models", type=int, default=300, help="number of models (default 300)")
    parser.add_argument("--offers", type=int, default=1000, help="number of offers (default 1000)")
    parser.add_argument("--providers", type=int, default=30, help="number of providers (default 30)")
    parser.add_argument("--vendors", type=int, default=20, help="number of vendors (default 20)")
    parser.add_argument("--tags", type=int, default=40, help="tags of the sitegen site (default 40)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    try:
        generate_data(
            args.out_dir,
            models=args.models,
            offers=args.offers,
            providers=args.providers,
            vendors=args.vendors,
            seed=args.seed,
            tags=args.tags,
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(args.out_dir / "data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
