# LiteLLM's `model_prices_and_context_window.json` (github.com/BerriAI/litellm), read into `SourceFile`.
#
#     {"claude-haiku-4-5": {"litellm_provider": "anthropic", "mode": "chat",
#                           "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06,
#                           "cache_read_input_token_cost": 1e-07, "input_cost_per_token_batches": 5e-07, …},
#      "bedrock/us-east-1/…": {…}, "sample_spec": {…}, …}
#
# Prices are USD per TOKEN: each is read as an exact decimal from the JSON text and multiplied
# by 1,000,000 (never a float), so 2.5e-06 becomes "2.5". The key's provider prefix
# (`gemini/`, `xai/`) is dropped; a key with more parts than `provider/model` is a regional
# variant. `_batches`, `_flex` and `_priority` prices are offers of their own service tier.
# `cache_creation_input_token_cost` is the provider's default cache write (`Provider.cache_write`:
# Anthropic's is the 5-minute one, in every tier), and the 5-minute one beside an `_above_1hr`
# price, which is the 1-hour one. Prices by request size (`input_cost_per_token_above_200k_tokens`,
# also `…_batches`) are read into bands (`SourceTiers`) as LiteLLM bills them: the whole request
# at the band its prompt tokens pass (more than 200k; at least 200k for xAI), a key without an
# `_above_` field at its price below; `merge` compares them with ours and never writes them. The
# whole file has thousands of entries of every kind: anything that is not a priced chat model, or
# that our model cannot hold (values that are not prices, providers this import does not map,
# regional variants, a service tier's price flat or partly tiered beside a tiered standard one,
# which LiteLLM bills with the standard tier's `_above_` prices or flat at any size), is skipped
# with a reason; an entry of a shape never seen is skipped, never an exception. An offer
# is in the region of its provider's USD prices (`Provider.region`: Z.ai's and DashScope's are
# `intl`), but for Amazon Bedrock's ids (`bedrock/…` and `bedrock_converse`'s), read by
# `bedrock_ids`: `global.anthropic.claude-opus-4-8` is `claude-opus-4-8` in region `global`,
# `us.…`, `eu.…` are regions of their own, never our `global` offer. Nothing here imports MkDocs.

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from almanac.core.data.importers.common import (
    NOT_A_PRICE,
    PROVIDERS,
    BedrockId,
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
from almanac.core.errors import AlmanacError
from almanac.core.safeyaml import read_text

__all__ = ["FORMAT", "MAX_FILE_BYTES", "PROVIDER_IDS", "read_litellm"]

FORMAT: Final = "litellm"

#: The whole file is about 1.5 MB; anything far larger is not it.
MAX_FILE_BYTES: Final = 64 * 1024 * 1024

#: LiteLLM's provider → our provider id (`PROVIDERS` of `common.py`).
PROVIDER_IDS: Final[dict[str, str]] = {
    "anthropic": "anthropic",
    "deepseek": "deepseek",
    "gemini": "google-ai-studio",
    "minimax": "minimax",
    "mistral": "mistral",
    "moonshot": "moonshot",
    "openai": "openai",
    "xai": "xai",
    "zai": "zai",
    "bedrock": "aws-bedrock",
    "bedrock_converse": "aws-bedrock",
    "dashscope": "alibaba-model-studio",
    "groq": "groq",
    "together_ai": "together",
    "openrouter": "openrouter",
}

#: Modes whose prices are per token of a conversation.
_MODES: Final = frozenset({"chat", "responses", "completion"})
#: LiteLLM's price field → our rate key (each USD per token, a million of them per our unit).
_RATES: Final = (
    ("input_cost_per_token", "input"),
    ("cache_read_input_token_cost", "cache_read"),
    ("cache_creation_input_token_cost", "cache_write"),
    ("output_cost_per_token", "output"),
    ("output_cost_per_reasoning_token", "output_reasoning"),
    ("input_cost_per_audio_token", "input_audio"),
    ("output_cost_per_audio_token", "output_audio"),
)
#: The suffix of a price field → the service tier it is the price of.
_TIERS: Final = (("", "standard"), ("_batches", "batch"), ("_flex", "flex"), ("_priority", "priority"))
_PER_TOKEN: Final = Decimal(1_000_000)
#: A price by request size: `<field>_above_<N>[k]_tokens[<tier suffix>]`.
_ABOVE: Final = re.compile(r"(.+)_above_(\d+)(k?)_tokens(_[a-z]+)?")
#: The fields priced by request size that we read, → our rate key.
_ABOVE_RATES: Final = {
    **dict(_RATES),
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h",
}
_SUFFIXES: Final = frozenset(suffix for suffix, _ in _TIERS)
#: LiteLLM's providers whose thresholds include a request of exactly that size (its
#: `_INCLUSIVE_THRESHOLD_PROVIDERS`); elsewhere a request must exceed it.
_INCLUSIVE: Final = frozenset({"xai"})
_EXPECTED: Final = "expected a JSON object of models with input_cost_per_token"
_SOURCE: Final = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"


def read_litellm(path: Path, shown: str, *, source: str | None = None) -> SourceFile:
    """The offers of LiteLLM's price file `path`. An `AlmanacError` names a file that is not one."""
    if path.is_dir():
        raise AlmanacError(shown, None, "a folder", "give LiteLLM's model_prices_and_context_window.json")
    text = read_text(path, shown, limit=MAX_FILE_BYTES)
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise AlmanacError(
            shown, error.lineno, f"not a LiteLLM price file (not JSON: {error.msg})", _EXPECTED
        ) from None
    except RecursionError:
        raise AlmanacError(shown, 1, "not a LiteLLM price file (nested too deep)", _EXPECTED) from None
    if not isinstance(document, dict) or not any(
        isinstance(entry, dict) and "input_cost_per_token" in entry for entry in document.values()
    ):
        raise AlmanacError(shown, 1, "not a LiteLLM price file", _EXPECTED)
    offers: list[SourceOffer] = []
    skipped: list[Skip] = []
    bedrock = bedrock_ids(
        (_bedrock_name(key) for key, entry in document.items() if _provider_key(entry).startswith("bedrock")),
        PROVIDERS["aws-bedrock"].region,
    )
    for key, entry in document.items():
        where = f"{shown}: {key}"
        found = _read_entry(key, entry, where, source or _SOURCE, bedrock)
        if isinstance(found, Skip):
            skipped.append(found)
            continue
        for read in found:  # the offers of its service tiers, and a tier skipped with its reason
            if isinstance(read, Skip):
                skipped.append(read)
            else:
                offers.append(read)
    return SourceFile(FORMAT, tuple(offers), tuple(skipped))


def _provider_key(entry: Any) -> str:
    key = entry.get("litellm_provider") if isinstance(entry, dict) else None
    return key if isinstance(key, str) else ""


def _bedrock_name(key: str) -> str:
    """A Bedrock entry's model name: its key without `bedrock/` or `bedrock_converse/`."""
    return key.removeprefix("bedrock_converse/").removeprefix("bedrock/")


def _read_entry(
    key: str, entry: Any, where: str, source: str, bedrock: dict[str, BedrockId]
) -> list[SourceOffer | Skip] | Skip:
    if key == "sample_spec":
        return Skip(where, "LiteLLM's description of its fields, not a model")
    if not isinstance(entry, dict):
        return Skip(where, "an entry that is not an object")
    mode = entry.get("mode")
    if not isinstance(mode, str) or mode not in _MODES:
        return Skip(where, "not a chat model", f"mode {shown_value(mode)}")
    provider_key = entry.get("litellm_provider")
    if not isinstance(provider_key, str) or provider_key not in PROVIDER_IDS:
        return Skip(where, "a provider this import does not map", f"litellm_provider {shown_value(provider_key)}")
    provider = PROVIDER_IDS[provider_key]
    vendor, cache_write = PROVIDERS[provider].vendor, PROVIDERS[provider].cache_write
    name = key.removeprefix(f"{provider_key}/")
    if provider_key.startswith("bedrock"):
        name = _bedrock_name(key)
    if name.count("/") > (1 if provider_key == "openrouter" else 0):
        return Skip(where, "a regional or deployment variant", name.rpartition("/")[0])
    if not name.strip():
        return Skip(where, "an entry without a model name")
    above, problem = _above(entry, cache_write)
    if problem is not None:
        return Skip(where, *problem)
    window = entry.get("max_input_tokens")
    offers: list[SourceOffer | Skip] = []
    for suffix, tier in _TIERS:
        rates: dict[str, Decimal] = {}
        for field, ours in _RATES:
            value = entry.get(field + suffix)
            if value is None:
                continue
            price = read_price(value)
            if price is not None:
                price *= _PER_TOKEN
            if price is None or read_price(price) is None:
                return Skip(where, NOT_A_PRICE, f"{field + suffix}: {shown_value(value)}")
            rates[cache_write if ours == "cache_write" else ours] = price
        if suffix == "" and cache_write in rates and entry.get("cache_creation_input_token_cost_above_1hr"):
            if cache_write != "cache_write_5m":  # beside the one-hour write, the plain one is the 5-minute one
                rates["cache_write_5m"] = rates.pop(cache_write)
            hour = read_price(entry["cache_creation_input_token_cost_above_1hr"])
            if hour is None or read_price(hour * _PER_TOKEN) is None:
                return Skip(where, NOT_A_PRICE, "cache_creation_input_token_cost_above_1hr")
            rates["cache_write_1h"] = hour * _PER_TOKEN
        if not rates:
            continue
        if "input" not in rates or "output" not in rates:
            if suffix == "":
                return Skip(where, "no input or output price per token")
            continue
        tiers = None
        if above:
            tiers, unread = _tiers(rates, above, suffix, inclusive=provider_key in _INCLUSIVE)
            if unread:
                if suffix == "":
                    return Skip(where, unread)
                offers.append(Skip(f"{where} ({tier})", unread))
                continue
        offers.append(SourceOffer(
            where=where if tier == "standard" else f"{where} ({tier})",
            vendor=vendor,
            model=name,
            name=name,
            provider=provider,
            periods=(SourcePeriod(None, None, {} if tiers else rates, tiers),),
            source=source,
            region=bedrock[name].region if name in bedrock else PROVIDERS[provider].region,
            base_id=bedrock[name].base_id if name in bedrock else "",
            service_tier=tier,
            context_window=window if isinstance(window, int) and not isinstance(window, bool) and window > 0 else None,
        ))  # fmt: skip
    if not offers:
        return Skip(where, "no input or output price per token")
    return offers


def _above(
    entry: dict[str, Any], cache_write: str
) -> tuple[dict[tuple[str, str, int], Decimal], tuple[str, str] | None]:
    """The entry's prices by request size, `(suffix, our rate key, threshold)` → USD per million
    tokens (`input_cost_per_token_above_200k_tokens_batches`: `("_batches", "input", 200000)`);
    fields of a key or tier we do not read (`_above_12hr_…`, `_ultrafast`) are left out, as their
    flat prices are, and so is a null. Or, second, why the entry is skipped and the field: a
    value that is not a price, a threshold of 0 tokens."""
    found: dict[tuple[str, str, int], Decimal] = {}
    for name, value in entry.items():
        match = _ABOVE.fullmatch(name)
        if match is None or value is None:  # null: no price, as LiteLLM reads it
            continue
        field, number, thousands, tier = match.groups()
        suffix = tier or ""
        ours = _ABOVE_RATES.get(field)
        if ours is None or suffix not in _SUFFIXES or (ours == "cache_write_1h" and suffix):
            continue  # a one-hour write is read in the standard tier only, as its flat price is
        price = read_price(value)
        if price is None or read_price(price * _PER_TOKEN) is None:
            return {}, (NOT_A_PRICE, f"{name}: {shown_value(value)}")
        if int(number) == 0:
            return {}, ("a price by request size above 0 tokens, which is no band", name)
        if ours == "cache_write":  # as the flat price reads it: the 5-minute one beside a one-hour one
            hour = suffix == "" and entry.get("cache_creation_input_token_cost_above_1hr")
            ours = "cache_write_5m" if hour else cache_write
        found[(suffix, ours, int(number) * (1000 if thousands else 1))] = price * _PER_TOKEN
    return found, None


def _tiers(
    rates: dict[str, Decimal], above: dict[tuple[str, str, int], Decimal], suffix: str, *, inclusive: bool
) -> tuple[SourceTiers | None, str]:
    """The bands of one service tier's price (`suffix`), as LiteLLM 1.110.2 bills them: a request
    of more than the threshold's prompt tokens (cached ones included; at least that many for
    xAI, whose boundary LiteLLM keeps inclusive) pays the `_above_` price for every token of
    the key (whole request), a key without one its price below. `None` when the tier has no
    price by request size; or, second, why it is not read: where the standard price is tiered
    and the tier's is not for a key it prices, LiteLLM bills the flex and priority tiers at the
    standard tier's `_above_` price (its fallback from a tier's key to the standard one), and the
    batch tier flat at any size (its batch rates never read the standard fields): neither is a
    price of the tier the file states."""
    own = {(key, threshold): price for (tier, key, threshold), price in above.items() if tier == suffix}
    standard = {(key, threshold) for (tier, key, threshold) in above if tier == ""}
    if suffix and any(key in rates and (key, threshold) not in own for key, threshold in standard):
        if suffix == "_batches":
            return None, "a batch price flat where the standard one is tiered by request size (LiteLLM bills it flat)"
        return None, "a service tier's price by request size that LiteLLM completes from the standard one's"
    if not own:
        return None, ""
    bands = [SourceBand(0, dict(rates))]
    for threshold in sorted({threshold for _, threshold in own}):
        band = dict(rates)
        for key, start in sorted(own, key=lambda pair: pair[1]):
            if start <= threshold:
                band[key] = own[(key, start)]
        if inclusive:
            bands.append(SourceBand(threshold, band, f"at least {threshold} input tokens"))
        else:
            bands.append(SourceBand(threshold + 1, band, f"more than {threshold} input tokens", threshold))
    if any("input" not in band.rates or "output" not in band.rates for band in bands):
        return None, "no input or output price per token"
    return SourceTiers("input_tokens_per_request", "whole_request", tuple(bands)), ""
