# genai-prices (github.com/pydantic/genai-prices): one YAML file per provider, read into `SourceFile`.
#
#     id: deepseek
#     models:
#       - id: deepseek-chat
#         context_window: 64000
#         prices_checked: 2025-07-12
#         prices: {input_mtok: 0.27, cache_read_mtok: 0.07, output_mtok: 1.1}
#       - id: claude-opus-4-6
#         prices:
#           - prices: {input_mtok: {base: 5, tiers: [{start: 200000, price: 10}]}, …}
#           - constraint: {start_date: 2026-03-13}
#             prices: {input_mtok: 5, …}
#         price_variants:                       # 0.2.x
#           - when: {processing: batch}
#             prices: {input_mtok: 2.5, …}
#             constraint: {start_date: 2026-10-14}
#
# Prices are USD per million tokens (`*_mtok`; `*_kcount` per thousand), read as exact decimals:
# YAML floats are taken from their text, never through binary floats. A list of prices is a
# history: the first applies until the first `start_date` constraint, each later one from its
# date. A price variant for `processing: batch`, `service_tier: flex` or `service_tier: priority`
# is an offer of our service tier of that name: the standard price in force with the variant's
# keys over it, from the variant's `start_date` (the file has no price of the tier before it); of
# the variants of a tier in force at once, the first listed gives a key, as genai-prices resolves
# them. `service_tier: default` is the standard price itself. What our model cannot express is
# skipped with a reason: prices by time of day (`start_time`/`end_time` constraints) or by other
# conditions (other variants: `speed: fast`, `service_tier: fast`, `route: …`), an older price
# tiered by request size (left out of the history, with the prices before it), units we have no
# rate for (named), providers this import does not map (xAI's file is `x-ai` from 0.2, `x_ai`
# before) or whose list the file converted to USD from another currency (Zhipu's CNY), and
# another vendor's model in a vendor's own file (Claude in Google's: Vertex AI resells it; our
# provider is the vendor's API). A model `deprecated: true` (still served) is compared with
# ours, never added (`SourceOffer.deprecated`). An offer is in the region of its provider's USD
# prices (`Provider.region`: Z.ai's are `intl`), but for Amazon Bedrock's ids, read by
# `bedrock_ids` (`global.anthropic.claude-opus-5`: `claude-opus-5`, region `global`;
# `regional.…`: region `regional`, not our `global` offer). OpenRouter's `…:batch` is the batch
# tier of the model without it. A `prices_checked` date is the price's checked
# date. `cache_write_mtok` is the five-minute write beside a `cache_write_1h_mtok`, else the
# provider's default cache write (`Provider.cache_write`: Anthropic's is the five-minute one).
# A current price tiered by request size (`{base: 5, tiers: [{start: 200000, price: 10}]}`) is
# read into bands (`SourceTiers`) as genai-prices 0.2.5 bills it: a request of more than `start`
# input tokens pays the tier's price for all its tokens (whole request), so the band is from
# `start + 1`; `merge` compares it with ours and never writes it.
# Nothing here imports MkDocs.

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import yaml

from almanac.core.data.datasets.fields import RATE_KEYS
from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    PROVIDERS,
    Skip,
    SourceBand,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    SourceTiers,
    bedrock_ids,
    read_price,
    shown_value,
)
from almanac.core.data.pricing.current import SERVICE_TIERS
from almanac.core.errors import AlmanacError
from almanac.core.safeyaml import LimitExceeded, check_limits, check_size, read_text

try:  # the C loader is several times faster; PyYAML wheels ship it
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - only on PyYAML builds without libyaml
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

__all__ = ["FORMAT", "PROVIDER_IDS", "read_genai_prices"]

FORMAT: Final = "genai-prices"

#: genai-prices' provider → our provider id (`PROVIDERS` of `common.py`).
PROVIDER_IDS: Final[dict[str, str]] = {
    "anthropic": "anthropic",
    "deepseek": "deepseek",
    "google": "google-ai-studio",
    "minimax": "minimax",
    "mistral": "mistral",
    "moonshotai": "moonshot",
    "openai": "openai",
    "x-ai": "xai",  # 0.2.x
    "x_ai": "xai",  # before 0.2
    "zai": "zai",
    "zhipuai": "zhipu-bigmodel",
    "aws": "aws-bedrock",
    "groq": "groq",
    "together": "together",
    "openrouter": "openrouter",
}

#: genai-prices' price key → (our rate key, the factor to a price per million tokens or per item).
_KEYS: Final[dict[str, tuple[str, Decimal]]] = {
    "input_mtok": ("input", Decimal(1)),
    "output_mtok": ("output", Decimal(1)),
    "cache_read_mtok": ("cache_read", Decimal(1)),
    "cache_write_mtok": ("cache_write", Decimal(1)),
    "cache_write_1h_mtok": ("cache_write_1h", Decimal(1)),
    "input_audio_mtok": ("input_audio", Decimal(1)),
    "output_audio_mtok": ("output_audio", Decimal(1)),
    "input_image_mtok": ("input_image", Decimal(1)),
    "output_image_mtok": ("output_image", Decimal(1)),
    "web_searches_kcount": ("web_search_per_k", Decimal(1)),
    "requests_kcount": ("per_request", Decimal("0.001")),
}
#: genai-prices' providers whose USD prices the file converted from a list in another currency,
#: which data/ keeps in its own (Zhipu's open.bigmodel.cn list, in CNY: 7.25 CNY to the dollar).
_CONVERTED: Final[dict[str, str]] = {"zhipuai": "CNY"}

#: How the file's ids of our vendors' models begin: a vendor's own file may list another's models
#: that its cloud resells (Google's lists Claude on Vertex AI; Mistral's, DeepSeek and GLM models),
#: which our provider, the vendor's API, does not sell.
_MODEL_VENDORS: Final = (
    ("claude", "anthropic"),
    ("gemini", "google"),
    ("gemma", "google"),
    ("gpt-", "openai"),
    ("grok", "xai"),
    ("deepseek", "deepseek"),
    ("glm", "zhipu"),
    ("zai-glm", "zhipu"),
    ("kimi", "moonshot"),
    ("llama", "meta"),
    ("qwen", "alibaba"),
    ("minimax", "minimax"),
)
#: A price variant's condition (`when:`) → our service tier.
_TIERS: Final[dict[tuple[str, str], str]] = {
    ("processing", "batch"): "batch",
    ("service_tier", "flex"): "flex",
    ("service_tier", "priority"): "priority",
}
_EXPECTED: Final = "expected a YAML mapping with id: and models: [{id: …, prices: {input_mtok: …, output_mtok: …}}]"
_SOURCE: Final = "https://github.com/pydantic/genai-prices/blob/main/prices/providers/{id}.yml"


class _Loader(_Base):
    """PyYAML's safe loader, with floats read as exact decimals from their text."""


def _decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal | str:
    text = str(loader.construct_scalar(node))
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text  # .inf, .nan: not a price


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def read_genai_prices(path: Path, shown: str, *, source: str | None = None) -> SourceFile:
    """The offers of genai-prices' `path`: a provider's YAML file, or a folder of them (read in
    name order). An `AlmanacError` names a file that is not of this format."""
    files = sorted(path.glob("*.yml")) + sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise AlmanacError(
            shown,
            None,
            "no .yml file in this folder",
            "give genai-prices' prices/providers/ folder or one of its files",
        )
    offers: list[SourceOffer] = []
    skipped: list[Skip] = []
    for file in files:
        name = f"{shown}/{file.name}" if path.is_dir() else shown
        one = _read_provider(_load(file, name), name, source)
        offers.extend(one.offers)
        skipped.extend(one.skipped)
    return SourceFile(FORMAT, tuple(offers), tuple(skipped))


def _load(file: Path, shown: str) -> Any:
    text = read_text(file, shown)
    loader = _Loader(text)
    try:
        check_size(text)
        node = loader.get_single_node()
        check_limits(node, text)
        return loader.construct_document(node) if node is not None else None
    except LimitExceeded as error:
        raise error.error(shown) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise AlmanacError(
            shown, mark.line + 1 if mark is not None else 1, "not a genai-prices file (not YAML)", _EXPECTED
        ) from None
    finally:
        loader.dispose()


def _read_provider(document: Any, shown: str, source: str | None) -> SourceFile:
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("id"), str)
        or not isinstance(document.get("models"), list)
        or not all(isinstance(model, dict) and "prices" in model for model in document["models"])
    ):
        raise AlmanacError(shown, 1, "not a genai-prices file", _EXPECTED)
    key: str = document["id"]
    if key not in PROVIDER_IDS:
        known = ", ".join(PROVIDER_IDS)
        return SourceFile(
            FORMAT, (), (Skip(f"{shown}: provider {key!r}", "a provider this import does not map", known),)
        )
    provider = PROVIDER_IDS[key]
    if key in _CONVERTED:
        return SourceFile(FORMAT, (), (Skip(
            f"{shown}: provider {key!r}",
            "a provider's list in another currency, converted to USD by the file",
            f"{provider} prices in {_CONVERTED[key]}; compare with its own page",
        ),))  # fmt: skip
    vendor, cache_write = PROVIDERS[provider].vendor, PROVIDERS[provider].cache_write
    offers: list[SourceOffer] = []
    skipped: list[Skip] = []
    seen: set[str] = set()
    ids = (model.get("id") for model in document["models"] if isinstance(model.get("id"), str))
    bedrock = bedrock_ids(ids, PROVIDERS[provider].region) if provider == "aws-bedrock" else {}
    for n, model in enumerate(document["models"]):
        model_id = model.get("id")
        where = f"{shown}: {model_id}" if isinstance(model_id, str) else f"{shown}: models[{n}]"
        if not isinstance(model_id, str) or not model_id.strip():
            skipped.append(Skip(where, "an entry without an id"))
            continue
        if model_id in seen:
            skipped.append(Skip(where, "an id given twice", "the first entry is imported"))
            continue
        seen.add(model_id)
        other = next((v for start, v in _MODEL_VENDORS if model_id.lower().startswith(start)), vendor)
        if vendor and other != vendor:
            skipped.append(Skip(
                where,
                "another vendor's model in a vendor's own file (resold by its cloud), which our provider does not sell",
                f"a model of {other}; {provider} sells {vendor}'s",
            ))  # fmt: skip
            continue
        entries, dropped, problem = _entries(model["prices"])
        if not problem:
            periods, dropped, problem = _periods(entries, cache_write)
        if problem:
            skipped.append(Skip(where, problem, dropped))
            continue
        name = model.get("name")
        window = model.get("context_window")
        checked = model.get("prices_checked")
        read = bedrock.get(model_id)
        batch = provider == "openrouter" and model_id.endswith(":batch")  # OpenRouter's batch tier
        offer = SourceOffer(
            where=where,
            vendor=vendor,
            model=model_id.removesuffix(":batch") if batch else model_id,
            name=name.strip() if isinstance(name, str) and name.strip() else model_id,
            provider=provider,
            periods=periods,
            source=source or _SOURCE.format(id=key),
            region=read.region if read is not None else PROVIDERS[provider].region,
            service_tier="batch" if batch else "standard",
            base_id=read.base_id if read is not None else "",
            context_window=window if isinstance(window, int) and not isinstance(window, bool) and window > 0 else None,
            checked=checked if isinstance(checked, dt.date) and not isinstance(checked, dt.datetime) else None,
            api_ids=_equals(model.get("match")),
            note=f"not imported: {dropped}" if dropped else "",
            deprecated=model.get("deprecated") is True,
        )  # fmt: skip
        offers.append(offer)
        tiers, refused = _variants(model.get("price_variants"), entries, where)
        skipped.extend(refused)
        for tier, tier_entries in tiers.items():
            tier_periods, dropped, problem = _periods(tier_entries, cache_write)
            if problem:
                skipped.append(Skip(f"{where} ({tier})", problem, dropped))
                continue
            offers.append(replace(
                offer,
                where=f"{where} ({tier})",
                periods=tier_periods,
                service_tier=tier,
                note=f"not imported: {dropped}" if dropped else "",
            ))  # fmt: skip
    return SourceFile(FORMAT, tuple(offers), tuple(skipped))


def _equals(match: Any) -> tuple[str, ...]:
    """The model names a `match:` accepts exactly (`equals:`, also inside `or:`)."""
    if not isinstance(match, dict):
        return ()
    found: list[str] = []
    if isinstance(match.get("equals"), str):
        found.append(match["equals"])
    for inner in match.get("or") or ():
        found.extend(_equals(inner))
    return tuple(dict.fromkeys(found))


def _entries(prices: Any) -> tuple[list[tuple[dt.date | None, dict[str, Any]]], str, str]:
    """A model's `prices` as `(start_date, prices)` entries, oldest first (the first without a
    start); or, third, a reason not to import the model (with, second, the keys or value at fault)."""
    entries: list[tuple[dt.date | None, dict[str, Any]]] = []
    if isinstance(prices, dict):
        entries.append((None, prices))
    elif isinstance(prices, list) and prices:
        for entry in prices:
            if not isinstance(entry, dict) or not isinstance(entry.get("prices"), dict):
                return [], "", "a list of prices whose entries are not {constraint, prices}"
            start, dropped, problem = _start(entry.get("constraint"))
            if problem:
                return [], dropped, problem
            entries.append((start, entry["prices"]))
    else:
        return [], "", "no prices"
    if sum(1 for start, _ in entries if start is None) != 1 or entries[0][0] is not None:
        return [], "", "a list of prices that does not start with one without a constraint"
    entries.sort(key=lambda entry: (entry[0] is not None, entry[0] or dt.date.min))
    starts = [start for start, _ in entries]
    if len(set(starts)) != len(starts):
        return [], "", "two prices with the same start_date"
    return entries, "", ""


def _start(constraint: Any) -> tuple[dt.date | None, str, str]:
    """The start of a `constraint:` (`None` without one); or, third, why it cannot be imported."""
    if constraint is None:
        return None, "", ""
    if not isinstance(constraint, dict):
        return None, "", "a constraint that is not a mapping"
    others = sorted(set(constraint) - {"start_date"})
    if {"start_time", "end_time"} & set(others):
        return None, "", "prices by time of day (start_time/end_time), which an import does not write"
    if others:
        return None, ", ".join(others), "prices under a condition our model does not express"
    start = constraint.get("start_date")
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        return None, f"start_date: {start!r}", "a start_date that is not a date"
    return start, "", ""


def _periods(
    entries: list[tuple[dt.date | None, dict[str, Any]]], cache_write: str
) -> tuple[tuple[SourcePeriod, ...], str, str]:
    """The periods of `entries` (each from its start to the next one's), and the price keys left
    out; or, third, a reason not to import them (with, second, the keys left out or the value at
    fault). `cache_write_mtok` is read as `cache_write` (the provider's default cache write). A
    price tiered by request size is read into bands (`_bands`) when it is the current one; an
    older one is left out of the history, with every price before it."""
    periods: list[SourcePeriod] = []
    dropped: set[str] = set()
    for i, (start, values) in enumerate(entries):
        rates: dict[str, Decimal] = {}
        tiered: dict[str, tuple[Decimal, tuple[tuple[int, Decimal], ...]]] = {}
        for price_key, value in values.items():
            if price_key not in _KEYS:
                dropped.add(str(price_key))
                continue
            ours, factor = _KEYS[price_key]
            if price_key == "cache_write_mtok":  # beside a one-hour price, the five-minute one
                ours = "cache_write_5m" if "cache_write_1h_mtok" in values else cache_write
            if isinstance(value, dict) and "tiers" in value:
                read = _tiered(value, factor)
                if read is None:
                    return (), f"{price_key}: {shown_value(value)}", NOT_A_PRICE
                tiered[ours] = read
                continue
            price = read_price(value)
            if price is None:
                return (), f"{price_key}: {shown_value(value)}", NOT_A_PRICE
            rates[ours] = price * factor
        end = entries[i + 1][0] if i + 1 < len(entries) else None
        if tiered:
            periods.append(SourcePeriod(start, end, {}, _bands(rates, tiered)))
        else:
            periods.append(SourcePeriod(start, end, rates))
    older = [n for n, period in enumerate(periods[:-1]) if period.tiers is not None]
    if older:
        periods = periods[older[-1] + 1 :]  # an older tiered price is left out of the history
    priced = [band.rates for period in periods for band in (period.tiers.bands if period.tiers else ())]
    priced += [period.rates for period in periods if period.tiers is None]
    if any(not rates for rates in priced):
        return (), ", ".join(sorted(dropped)), "no token price in the file (free, or not listed)"
    if any("input" not in rates or "output" not in rates for rates in priced):
        return (), ", ".join(sorted(dropped)), "a price without input_mtok or output_mtok (not a chat model)"
    return tuple(periods), ", ".join(sorted(dropped)), ""


def _tiered(value: dict[Any, Any], factor: Decimal) -> tuple[Decimal, tuple[tuple[int, Decimal], ...]] | None:
    """A tiered price `{base: 5, tiers: [{start: 200000, price: 10}]}` as its base and its
    `(start, price)` tiers, ascending; `None` when it is not one (another key, a start that is
    not a whole number of tokens or given twice, a value that is not a price)."""
    tiers = value.get("tiers")
    base = read_price(value.get("base"))
    if set(value) != {"base", "tiers"} or base is None or not isinstance(tiers, list) or not tiers:
        return None
    read: list[tuple[int, Decimal]] = []
    for tier in tiers:
        if not isinstance(tier, dict) or set(tier) != {"start", "price"}:
            return None
        start, price = tier["start"], read_price(tier["price"])
        if not isinstance(start, int) or isinstance(start, bool) or start <= 0 or price is None:
            return None
        read.append((start, price * factor))
    read.sort()
    if len({start for start, _ in read}) != len(read):
        return None
    return base * factor, tuple(read)


def _bands(
    rates: dict[str, Decimal], tiered: dict[str, tuple[Decimal, tuple[tuple[int, Decimal], ...]]]
) -> SourceTiers:
    """The bands of a tiered price, as genai-prices bills it (0.2.5's `TieredPrices`): a request
    of more than a tier's `start` input tokens (cached ones included) pays that tier's price for
    every token of the key, not only those above it; the request's input tokens select it for
    every key, output too. So each `start` is a band from `start + 1` (our bands include their
    `min`), whose rates are each key's highest tier it passes, its base, or its one price."""
    order = [key for key in RATE_KEYS if key in rates or key in tiered]
    starts = sorted({start for _, tiers in tiered.values() for start, _ in tiers})
    bands = [SourceBand(0, {key: rates[key] if key in rates else tiered[key][0] for key in order})]
    for threshold in starts:
        band: dict[str, Decimal] = {}
        for key in order:
            if key in rates:
                band[key] = rates[key]
                continue
            base, tiers = tiered[key]
            band[key] = next((price for start, price in reversed(tiers) if start <= threshold), base)
        bands.append(SourceBand(threshold + 1, band, f"more than {threshold} input tokens", threshold))
    return SourceTiers("input_tokens_per_request", "whole_request", tuple(bands))


def _variants(
    variants: Any, entries: list[tuple[dt.date | None, dict[str, Any]]], where: str
) -> tuple[dict[str, list[tuple[dt.date | None, dict[str, Any]]]], list[Skip]]:
    """The entries of each service tier the `price_variants` price (in `SERVICE_TIERS` order), and
    the variants skipped. A variant's prices replace those keys of the standard price in force,
    from its `start_date` (before it the file has no price of that tier); of the variants of a
    tier in force at once, the first listed gives a key, as genai-prices resolves them."""
    if variants is None:
        return {}, []
    if not isinstance(variants, list):
        return {}, [Skip(f"{where} (price_variants)", "price_variants that are not a list")]
    found: dict[str, list[tuple[dt.date | None, dict[str, Any]]]] = {}
    skipped: list[Skip] = []
    refused: set[str] = set()
    for n, variant in enumerate(variants):
        if (
            not isinstance(variant, dict)
            or not isinstance(variant.get("when"), dict)
            or not isinstance(variant.get("prices"), dict)
        ):
            skipped.append(Skip(f"{where} (price_variants[{n}])", "a price variant that is not {when, prices}"))
            continue
        when: dict[Any, Any] = variant["when"]
        words = ", ".join(f"{key}: {value}" for key, value in when.items())
        label = f"{where} ({words})"
        if when == {"service_tier": "default"}:  # the standard price itself
            if variant["prices"]:
                detail = ", ".join(str(key) for key in variant["prices"])
                skipped.append(Skip(label, "a price variant of the default tier unlike the standard price", detail))
            continue
        tier = _TIERS.get(next(iter(when.items()))) if len(when) == 1 else None
        if tier is None:
            skipped.append(Skip(label, "a price variant under a condition our service tiers do not express", words))
            continue
        start, dropped, problem = _start(variant.get("constraint"))
        if problem:
            skipped.append(Skip(label, problem, dropped))
            refused.add(tier)
            continue
        found.setdefault(tier, []).append((start, variant["prices"]))
    tiers: dict[str, list[tuple[dt.date | None, dict[str, Any]]]] = {}
    for tier in SERVICE_TIERS:
        if tier in found and tier not in refused:
            tiers[tier] = _resolve(entries, found[tier])
    return tiers, skipped


def _resolve(
    entries: list[tuple[dt.date | None, dict[str, Any]]], variants: list[tuple[dt.date | None, dict[str, Any]]]
) -> list[tuple[dt.date | None, dict[str, Any]]]:
    """The prices of one tier as entries: from each start of a standard price or a variant, the
    standard price in force with the variants in force over it (the first listed gives a key).
    Where no variant is in force yet there is no entry; an entry equal to the one before is left out."""

    def since(start: dt.date | None, day: dt.date | None) -> bool:
        return start is None or (day is not None and start <= day)

    days = sorted(
        {start for start, _ in entries} | {start for start, _ in variants},
        key=lambda day: (day is not None, day or dt.date.min),
    )
    resolved: list[tuple[dt.date | None, dict[str, Any]]] = []
    for day in days:
        active = [prices for start, prices in variants if since(start, day)]
        if not active:
            continue
        standard = [prices for start, prices in entries if since(start, day)][-1]
        overrides: dict[Any, Any] = {}
        for prices in active:
            for key, value in prices.items():
                if value is not None:
                    overrides.setdefault(key, value)
        merged = {**standard, **overrides}
        if resolved and resolved[-1][1] == merged:
            continue
        resolved.append((day, merged))
    return resolved
