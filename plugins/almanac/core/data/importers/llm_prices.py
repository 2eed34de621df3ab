# llm-prices (github.com/simonw/llm-prices): one JSON file per vendor, read into `SourceFile`.
#
#     {"vendor": "deepseek", "models": [{"id": "deepseek-chat", "name": "DeepSeek Chat",
#       "price_history": [{"input": 0.27, "output": 1.1, "input_cached": null,
#                          "from_date": "2025-02-08", "to_date": null}, …]}]}
#
# Prices are USD per million tokens, read as exact decimals (never floats); `from_date` is
# inclusive and `to_date` exclusive, `null` for always and still current. Entries our model does
# not express are skipped with a reason: the long-context bands written as models of their own
# (`gemini-2.5-pro-200k`, a tier of `gemini-2.5-pro`), ids given twice, prices that are not
# numbers, periods that overlap. An offer is in the region of its provider's USD prices
# (`Provider.region`). Nothing here imports MkDocs.

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    PROVIDERS,
    Skip,
    SourceFile,
    SourceOffer,
    SourcePeriod,
    read_date,
    read_price,
    shown_value,
)
from almanac.core.errors import AlmanacError

__all__ = ["FORMAT", "VENDOR_IDS", "read_llm_prices"]

FORMAT: Final = "llm-prices"

#: llm-prices' vendor → (our vendor id, our provider id of its prices: `PROVIDERS` of `common.py`).
VENDOR_IDS: Final[dict[str, tuple[str, str]]] = {
    "amazon": ("amazon", "aws-bedrock"),
    "anthropic": ("anthropic", "anthropic"),
    "deepseek": ("deepseek", "deepseek"),
    "google": ("google", "google-ai-studio"),
    "meta-ai": ("meta", "meta-ai"),
    "minimax": ("minimax", "minimax"),
    "mistral": ("mistral", "mistral"),
    "moonshot-ai": ("moonshot", "moonshot"),
    "openai": ("openai", "openai"),
    "qwen": ("alibaba", "alibaba-model-studio"),
    "xai": ("xai", "xai"),
}

_RATES: Final = (("input", "input"), ("input_cached", "cache_read"), ("output", "output"))
_BAND: Final = re.compile(r"(.+)-(\d+)k")
_EXPECTED: Final = (
    'expected a JSON object {"vendor": …, "models": [{"id": …, "price_history": [{"input": …, '
    '"output": …, "from_date": …, "to_date": …}]}]}'
)
_SOURCE: Final = "https://github.com/simonw/llm-prices/blob/main/data/{name}"


def read_llm_prices(path: Path, shown: str, *, source: str | None = None) -> SourceFile:
    """The offers of llm-prices' `path`: one vendor's JSON file, or a folder of them (read in
    name order). `shown` is how messages name `path`; `source`, when given, is written as the
    source of every price (else the dataset's address of each vendor's file). An `AlmanacError`
    names a file that is not of this format."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise AlmanacError(
            shown, None, "no .json file in this folder", "give llm-prices' data/ folder or one of its files"
        )
    offers: list[SourceOffer] = []
    skipped: list[Skip] = []
    for file in files:
        name = f"{shown}/{file.name}" if path.is_dir() else shown
        document = _load(file, name)
        one = _read_vendor(document, name, source)
        offers.extend(one.offers)
        skipped.extend(one.skipped)
    return SourceFile(FORMAT, tuple(offers), tuple(skipped))


def _load(file: Path, shown: str) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AlmanacError(shown, None, f"cannot be read: {error}", "give an llm-prices JSON file") from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise AlmanacError(shown, error.lineno, f"not an llm-prices file (not JSON: {error.msg})", _EXPECTED) from None


def _read_vendor(document: Any, shown: str, source: str | None) -> SourceFile:
    if (
        not isinstance(document, dict)
        or not isinstance(document.get("vendor"), str)
        or not isinstance(document.get("models"), list)
        or not all(isinstance(model, dict) and "price_history" in model for model in document["models"])
    ):
        raise AlmanacError(shown, 1, "not an llm-prices file", _EXPECTED)
    vendor_key: str = document["vendor"]
    models: list[dict[str, Any]] = document["models"]
    skipped: list[Skip] = []
    if vendor_key not in VENDOR_IDS:
        where = f"{shown}: vendor {vendor_key!r}"
        known = ", ".join(VENDOR_IDS)
        return SourceFile(FORMAT, (), (Skip(where, "a vendor this import does not map", f"known: {known}"),))
    vendor, provider = VENDOR_IDS[vendor_key]
    ids = {model.get("id") for model in models}
    seen: set[str] = set()
    offers: list[SourceOffer] = []
    for model in models:
        model_id = model.get("id")
        where = f"{shown}: {model_id}" if isinstance(model_id, str) else f"{shown}: models[{models.index(model)}]"
        if not isinstance(model_id, str) or not model_id.strip():
            skipped.append(Skip(where, "an entry without an id"))
            continue
        if model_id in seen:
            skipped.append(Skip(where, "an id given twice", "the first entry is imported"))
            continue
        seen.add(model_id)
        band = _BAND.fullmatch(model_id)
        if band is not None and band.group(1) in ids:
            skipped.append(Skip(
                where,
                "a long-context band written as a model",
                f"the price of {band.group(1)} above {band.group(2)}k tokens: tiers are added by hand",
            ))  # fmt: skip
            continue
        periods, problem, detail = _periods(model["price_history"])
        if problem:
            skipped.append(Skip(where, problem, detail))
            continue
        name = model.get("name")
        offers.append(SourceOffer(
            where=where,
            vendor=vendor,
            model=model_id,
            name=name.strip() if isinstance(name, str) and name.strip() else model_id,
            provider=provider,
            periods=periods,
            source=source or _SOURCE.format(name=f"{vendor_key}.json"),
            region=PROVIDERS[provider].region,
        ))  # fmt: skip
    return SourceFile(FORMAT, tuple(offers), tuple(skipped))


def _periods(history: Any) -> tuple[tuple[SourcePeriod, ...], str, str]:
    """The periods of a `price_history`, oldest first, or a reason not to import them (and the
    value that is the reason)."""
    if not isinstance(history, list) or not history:
        return (), "no price history", ""
    periods: list[SourcePeriod] = []
    for entry in history:
        if not isinstance(entry, dict):
            return (), "a price history entry that is not an object", ""
        rates: dict[str, Decimal] = {}
        for key, ours in _RATES:
            value = entry.get(key)
            if value is None:
                continue
            price = read_price(value)
            if price is None:
                return (), NOT_A_PRICE, f"{key}: {shown_value(value)}"
            rates[ours] = price
        if "input" not in rates or "output" not in rates:
            return (), "a price without input or output", ""
        start, end = entry.get("from_date"), entry.get("to_date")
        begins, ends = read_date(start), read_date(end)
        if (start is not None and begins is None) or (end is not None and ends is None):
            return (), "a date that is not YYYY-MM-DD", f"from_date {start!r}, to_date {end!r}"
        if begins is not None and ends is not None and ends <= begins:
            return (), "a period that ends before it starts", f"from_date {start}, to_date {end}"
        periods.append(SourcePeriod(begins, ends, rates))
    periods.sort(key=lambda period: (period.start is not None, period.start))
    if _overlap(periods):
        return (), "periods that overlap", ""
    return tuple(periods), "", ""


def _overlap(periods: Sequence[SourcePeriod]) -> bool:
    for earlier, later in itertools.pairwise(periods):
        if earlier.end is None or later.start is None or later.start < earlier.end:
            return True
    return False
