# What every importer reads a file into: `SourceFile`, offers with dated periods and the entries
# skipped with their reasons; the one table of our providers the formats map to (`PROVIDERS`: a
# provider's name and kind as an import writes its file, the vendor of its models, the region of
# its USD offers, its default cache lifetime) and of our vendors' names; a price tiered by request
# size as our bands hold it (`SourceTiers`: each band from the first request size it prices, so a
# file's "more than 200000 input tokens" is a band from 200001); and the small readers the formats share (exact
# numbers, dates, Amazon Bedrock's model ids: `bedrock_ids`). Each format maps only its own keys to our ids. Nothing
# here imports MkDocs.

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Final

__all__ = [
    "MAX_PRICE",
    "NOT_A_PRICE",
    "PROVIDERS",
    "VENDOR_NAMES",
    "BedrockId",
    "Provider",
    "Skip",
    "SourceBand",
    "SourceFile",
    "SourceOffer",
    "SourcePeriod",
    "SourceTiers",
    "bedrock_ids",
    "decimal_text",
    "read_date",
    "read_price",
    "shown_value",
]

#: A price per million tokens above this is taken for a mistake of the file, not a price.
MAX_PRICE: Final = Decimal(1_000_000)
#: Why an entry with a value `read_price` does not take is skipped.
NOT_A_PRICE: Final = "a value that is not a price (a decimal from 0 to 1000000, at most 10 decimals)"
#: The smallest step of a price in data/ (ten decimals).
_SMALLEST: Final = Decimal("1E-10")


@dataclass(frozen=True)
class Provider:
    """One of our providers, as an import writes `data/providers/<id>.yaml` and reads its prices."""

    name: str
    kind: str
    vendor: str = ""
    """Our vendor of every model it sells (a vendor's own API); empty when it sells many vendors'
    models (the vendor of one is then the one of our model of that name)."""
    region: str = "global"
    """The region of its offers in USD that the formats price: Z.ai and Alibaba Cloud Model Studio
    sell the international edition (`intl`) of a platform whose Chinese one is another provider."""
    cache_write: str = "cache_write"
    """Our rate key for a cache write a file prices without saying for how long it is kept: the
    provider's default lifetime (Anthropic's API keeps a cache five minutes unless asked for an
    hour), else the plain `cache_write`."""


#: Our vendors' names, written in a vendor file an import creates (`data/vendors/<id>.yaml`).
VENDOR_NAMES: Final[dict[str, str]] = {
    "alibaba": "Alibaba Cloud (Qwen)",
    "amazon": "Amazon",
    "anthropic": "Anthropic",
    "deepseek": "DeepSeek",
    "google": "Google",
    "meta": "Meta",
    "minimax": "MiniMax",
    "mistral": "Mistral AI",
    "moonshot": "Moonshot AI",
    "openai": "OpenAI",
    "xai": "xAI",
    "zhipu": "Zhipu AI",
}

#: Our providers that the formats' providers and vendors map to, by our provider id.
PROVIDERS: Final[dict[str, Provider]] = {
    "anthropic": Provider("Claude API (Anthropic)", "first_party", "anthropic", cache_write="cache_write_5m"),
    "deepseek": Provider("DeepSeek API", "first_party", "deepseek"),
    "google-ai-studio": Provider("Gemini API (Google AI Studio)", "first_party", "google"),
    "meta-ai": Provider("Meta AI API", "first_party", "meta"),
    "minimax": Provider("MiniMax Open Platform", "first_party", "minimax"),
    "mistral": Provider("Mistral AI API (La Plateforme)", "first_party", "mistral"),
    "moonshot": Provider("Kimi API (Moonshot AI Open Platform)", "first_party", "moonshot"),
    "openai": Provider("OpenAI API", "first_party", "openai"),
    "xai": Provider("xAI API", "first_party", "xai"),
    "zai": Provider("Z.ai API", "first_party", "zhipu", region="intl"),
    "zhipu-bigmodel": Provider("Zhipu BigModel Open Platform", "first_party", "zhipu"),
    "alibaba-model-studio": Provider("Alibaba Cloud Model Studio", "first_party", region="intl"),
    "aws-bedrock": Provider("Amazon Bedrock", "cloud"),
    "groq": Provider("GroqCloud", "cloud"),
    "together": Provider("Together AI", "cloud"),
    "openrouter": Provider("OpenRouter", "aggregator"),
}


@dataclass(frozen=True)
class SourceBand:
    """One band of a price tiered by request size, as our `[min, max)` bands hold it."""

    min: int
    """The smallest request (in tokens of the basis) the band prices; 0 for the first band. A
    file's threshold that a request must exceed is the band from one token more."""
    rates: Mapping[str, Decimal]
    """Every rate of a request in the band (a key the file does not tier has its one price)."""
    said: str = ""
    """How the file bounds the band, for messages: `more than 200000 input tokens`."""
    above: int | None = None
    """The threshold a request must exceed to be in the band (`min - 1`), when the file bounds
    it so (`more than 200000`); `None` when the band is from `min` itself (xAI's `at least`)."""


@dataclass(frozen=True)
class SourceTiers:
    """A price tiered by request size: what selects the band and what the band prices, in the
    words of our `Tiers` (`basis`: `input_tokens_per_request`; `pricing_mode`: `whole_request`,
    the band of the request prices all of its tokens, or `marginal`)."""

    basis: str
    pricing_mode: str
    bands: tuple[SourceBand, ...]
    """From `min` 0 upward; the last one has no upper bound."""


@dataclass(frozen=True)
class SourcePeriod:
    """One price of an offer from `start` (inclusive, `None`: always) to `end` (exclusive, `None`: current)."""

    start: dt.date | None
    end: dt.date | None
    rates: Mapping[str, Decimal]
    """Rate key (`RATE_KEYS`) → USD per million tokens; the keys the file gives a price for.
    Empty when the price is tiered (`tiers`)."""
    tiers: SourceTiers | None = None
    """The price by request size, instead of `rates`; only ever the current price of an offer
    (an older tiered price is left out of the history)."""


@dataclass(frozen=True)
class SourceOffer:
    """A model of a vendor as a price file lists it, sold by one provider."""

    where: str
    """The entry in words, for messages: `deepseek.json: deepseek-v4-flash`."""
    vendor: str
    """Our vendor id (`data/vendors/<vendor>.yaml`, named in `VENDOR_NAMES`); empty when the
    provider sells many vendors' models (the vendor is then the one of our model of that name)."""
    model: str
    """The model's id in the file, matched against our ids and `api_ids`."""
    name: str
    provider: str
    """Our provider id (`data/providers/<provider>.yaml`), a key of `PROVIDERS`."""
    periods: tuple[SourcePeriod, ...]
    """Oldest first; the last one is the current price when its `end` is `None`."""
    source: str
    """Where the import read it: the dataset's address of this entry."""
    region: str = "global"
    currency: str = "USD"
    service_tier: str = "standard"
    context_window: int | None = None
    checked: dt.date | None = None
    """When the file says the price was last checked, if it does."""
    api_ids: tuple[str, ...] = ()
    """Other names of the model in the file, matched against our ids and `api_ids` too."""
    note: str = ""
    """What of the entry is not imported (named in the outcome)."""
    base_id: str = ""
    """The vendor's id of the model that a cloud's id wraps (Bedrock's
    `global.anthropic.claude-opus-4-8-v1:0`: `claude-opus-4-8`), matched against our ids and
    `api_ids` after `model` and `api_ids`; empty when `model` is the vendor's id."""
    deprecated: bool = False
    """The file marks the model deprecated (still served, at this price): compared with ours and
    confirmed or changed, never added."""


@dataclass(frozen=True)
class Skip:
    """An entry of the file that is not imported."""

    where: str
    reason: str
    """A short reason, the same for entries skipped for the same cause: `a long-context band`."""
    detail: str = ""


@dataclass(frozen=True)
class SourceFile:
    """A price file read: what can be imported and what cannot, in the file's order."""

    format: str
    offers: tuple[SourceOffer, ...]
    skipped: tuple[Skip, ...] = field(default_factory=tuple)


def read_price(value: object) -> Decimal | None:
    """A price of the file as an exact `Decimal`: a JSON number read as `Decimal`, an int, or a
    decimal string; `None` for anything else, a negative or a huge price, or one with more than
    the ten decimals `data/` writes."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            return None
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0 or value > MAX_PRICE:
        return None
    if value != value.quantize(_SMALLEST, rounding=ROUND_DOWN):
        return None  # more decimals than data/ writes: a rounding of the file, not a price
    return value


def decimal_text(value: Decimal) -> str:
    """`value` as the files write money: plain decimal digits, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def read_date(value: object) -> dt.date | None:
    """A `YYYY-MM-DD` text as a date; `None` for anything else."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def shown_value(value: object) -> str:
    """A value of the file as a message shows it: a number as written, anything else as Python's repr."""
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() and abs(value.adjusted()) < 30 else str(value)
    return repr(value)


#: Amazon Bedrock's geographies, the first part of a cross-region inference profile's id
#: (`global.anthropic.claude-opus-5`): `global` is the global endpoint, any other (`us`, `eu`…;
#: genai-prices' `regional`) a geography's endpoint, which costs Anthropic's models 10 % more.
_BEDROCK_GEOGRAPHIES: Final = frozenset({"global", "regional", "us", "us-gov", "eu", "apac", "au", "jp", "ca"})
#: The vendors that begin Bedrock's model ids (`anthropic.claude-opus-5`, `qwen.qwen3-32b-v1:0`).
_BEDROCK_VENDORS: Final = frozenset({
    "ai21", "amazon", "anthropic", "cohere", "deepseek", "google", "meta", "minimax", "mistral", "moonshotai",
    "nvidia", "openai", "qwen", "writer", "xai", "zai",
})  # fmt: skip
#: Bedrock's version of a model at the end of its id: `-v1:0`, `-v2:0`.
_BEDROCK_VERSION: Final = re.compile(r"-v[0-9]+:[0-9]+$")


@dataclass(frozen=True)
class BedrockId:
    """An Amazon Bedrock model id read: the vendor's id it wraps, and the region of its price."""

    base_id: str
    region: str


def bedrock_ids(ids: Iterable[str], region: str) -> dict[str, BedrockId]:
    """Each of a file's Bedrock model ids, read. `global.anthropic.claude-haiku-4-5-20251001-v1:0`
    is `claude-haiku-4-5-20251001` in region `global`: the geography, the vendor (one of
    `_BEDROCK_VENDORS`, after which only a geography is recognised) and the version `-vN:M` are
    taken off, nothing else (a date stays: it matches only a snapshot of ours). A geography other
    than `global` is the region (`regional`, `us`…), never our `global` offer. An id without a
    geography is an in-Region endpoint's: `regional` when the file lists the same model under
    `global.` too (Anthropic's in-Region price is the geographies'), else `region` (the provider's,
    as for Qwen's or Mistral's models, which Bedrock prices one way)."""
    read: dict[str, tuple[str, str | None]] = {}
    for model_id in ids:
        rest, geography = model_id, None
        head, dot, tail = rest.partition(".")
        if dot and head.lower() in _BEDROCK_GEOGRAPHIES and tail.partition(".")[0].lower() in _BEDROCK_VENDORS:
            rest, geography = tail, head.lower()
        head, dot, tail = rest.partition(".")
        if dot and head.lower() in _BEDROCK_VENDORS:
            rest = tail
        read[model_id] = (_BEDROCK_VERSION.sub("", rest), geography)
    global_ids = {base.lower() for base, geography in read.values() if geography == "global"}
    found: dict[str, BedrockId] = {}
    for model_id, (base, geography) in read.items():
        if geography is None:
            geography = "regional" if base.lower() in global_ids else region
        found[model_id] = BedrockId(base if base != model_id else "", geography)
    return found
