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
#
# Prices are USD per million tokens (`*_mtok`; `*_kcount` per thousand), read as exact decimals:
# YAML floats are taken from their text, never through binary floats. A list of prices is a
# history: the first applies until the first `start_date` constraint, each later one from its
# date. What our model cannot express is skipped with a reason: prices by time of day
# (`start_time`/`end_time` constraints) or by other conditions, a current price tiered by request
# size (an older tiered price is left out of the history), units we have no rate for (named), and
# providers this import does not map. A `prices_checked` date is the price's checked date.
# `cache_write_mtok` is the five-minute write beside a `cache_write_1h_mtok`, else the provider's
# default cache write (`Provider.cache_write`: Anthropic's is the five-minute one).
# Nothing here imports MkDocs.

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import yaml

from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    PROVIDERS,
    Skip,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    read_price,
    shown_value,
)
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
    "x_ai": "xai",
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
    vendor, cache_write = PROVIDERS[provider].vendor, PROVIDERS[provider].cache_write
    offers: list[SourceOffer] = []
    skipped: list[Skip] = []
    seen: set[str] = set()
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
        if model.get("deprecated") is True:
            skipped.append(Skip(where, "deprecated in the file"))
            continue
        periods, dropped, problem = _periods(model["prices"], cache_write)
        if problem:
            skipped.append(Skip(where, problem, dropped))
            continue
        name = model.get("name")
        window = model.get("context_window")
        checked = model.get("prices_checked")
        offers.append(SourceOffer(
            where=where,
            vendor=vendor,
            model=model_id,
            name=name.strip() if isinstance(name, str) and name.strip() else model_id,
            provider=provider,
            periods=periods,
            source=source or _SOURCE.format(id=key),
            context_window=window if isinstance(window, int) and not isinstance(window, bool) and window > 0 else None,
            checked=checked if isinstance(checked, dt.date) and not isinstance(checked, dt.datetime) else None,
            api_ids=_equals(model.get("match")),
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


def _periods(prices: Any, cache_write: str) -> tuple[tuple[SourcePeriod, ...], str, str]:
    """The periods of a model's `prices`, oldest first, and the price keys left out; or, third, a
    reason not to import the model (with, second, the keys left out or the value at fault).
    `cache_write_mtok` is read as `cache_write` (the provider's default cache write)."""
    entries: list[tuple[dt.date | None, Any]] = []
    if isinstance(prices, dict):
        entries.append((None, prices))
    elif isinstance(prices, list) and prices:
        for entry in prices:
            if not isinstance(entry, dict) or not isinstance(entry.get("prices"), dict):
                return (), "", "a list of prices whose entries are not {constraint, prices}"
            constraint = entry.get("constraint")
            if constraint is None:
                entries.append((None, entry["prices"]))
                continue
            if not isinstance(constraint, dict):
                return (), "", "a constraint that is not a mapping"
            others = sorted(set(constraint) - {"start_date"})
            if {"start_time", "end_time"} & set(others):
                return (), "", "prices by time of day (start_time/end_time), which an import does not write"
            if others:
                return (), ", ".join(others), "prices under a condition our model does not express"
            start = constraint.get("start_date")
            if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
                return (), f"start_date: {start!r}", "a start_date that is not a date"
            entries.append((start, entry["prices"]))
    else:
        return (), "", "no prices"
    if sum(1 for start, _ in entries if start is None) != 1 or entries[0][0] is not None:
        return (), "", "a list of prices that does not start with one without a constraint"
    entries.sort(key=lambda entry: (entry[0] is not None, entry[0] or dt.date.min))
    starts = [start for start, _ in entries]
    if len(set(starts)) != len(starts):
        return (), "", "two prices with the same start_date"
    periods: list[SourcePeriod] = []
    dropped: set[str] = set()
    tiered_until = -1
    for i, (start, values) in enumerate(entries):
        rates: dict[str, Decimal] = {}
        for price_key, value in values.items():
            if price_key not in _KEYS:
                dropped.add(str(price_key))
                continue
            ours, factor = _KEYS[price_key]
            if isinstance(value, dict) and "tiers" in value:
                tiered_until = i
                break
            price = read_price(value)
            if price is None:
                return (), f"{price_key}: {shown_value(value)}", NOT_A_PRICE
            if price_key == "cache_write_mtok":  # beside a one-hour price, the five-minute one
                ours = "cache_write_5m" if "cache_write_1h_mtok" in values else cache_write
            rates[ours] = price * factor
        end = entries[i + 1][0] if i + 1 < len(entries) else None
        periods.append(SourcePeriod(start, end, rates))
    if tiered_until == len(entries) - 1:
        return (), "", "a current price tiered by request size, which an import does not write"
    periods = periods[tiered_until + 1 :]  # an older tiered price is left out of the history
    if any(not period.rates for period in periods):
        return (), ", ".join(sorted(dropped)), "no token price in the file (free, or not listed)"
    if any("input" not in period.rates or "output" not in period.rates for period in periods):
        return (), ", ".join(sorted(dropped)), "a price without input_mtok or output_mtok (not a chat model)"
    return tuple(periods), ", ".join(sorted(dropped)), ""
