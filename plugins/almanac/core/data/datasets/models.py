# The shape of every data file in `data/`, as pydantic models.
#
# `loader.py` validates each file against one of the `*File` models below when the data is
# loaded (at `on_config`, and by `almanac check`); `schema.py` exports the same models as JSON
# Schema for editors. The docstrings are the documentation: they become the descriptions an
# editor shows while the author types. Rules that span several fields or files (periods that
# overlap, ids that must exist) live in `rules.py` and `references.py`.

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, RootModel, WithJsonSchema

from almanac.core.data.datasets.fields import (
    RATE_KEYS,
    AwareDateTime,
    CalendarDate,
    Country,
    Currency,
    DayMinutes,
    Duration,
    FxSource,
    HourRange,
    HttpCode,
    Instant,
    Key,
    LanguageCode,
    MethodText,
    Money,
    Multiplier,
    NonNegativeInt,
    Number,
    Percent,
    PositiveInt,
    PositiveMoney,
    Score,
    Slug,
    Source,
    Text,
    TimeZoneName,
    Url,
    Weekday,
    _fail,
    describe,
    hour_range_minutes,
)

__all__ = [
    "FILE_MODELS",
    "ApiEndpoint",
    "Billing",
    "BillingGroup",
    "Caching",
    "Check",
    "CreditRate",
    "DayStatus",
    "Disclosure",
    "FxFile",
    "FxRate",
    "Incident",
    "IncidentUpdate",
    "IncidentsFile",
    "Lifecycle",
    "Modalities",
    "Model",
    "ModelOffered",
    "Offer",
    "Percentiles",
    "Period",
    "PricingPage",
    "Promotion",
    "ProviderFile",
    "ProviderRegion",
    "Rates",
    "Rating",
    "StatusFile",
    "Tag",
    "TagDescription",
    "TagsFile",
    "TierBand",
    "Tiers",
    "TimeWindow",
    "Vendor",
    "VendorFile",
]


class _Model(BaseModel):
    """Base of every data model: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        use_attribute_docstrings=True,
        populate_by_name=False,
    )


# --- prices ------------------------------------------------------------------------------------


class Rates(_Model):
    """Prices by rate key, in the offer's currency and unit (per million tokens by default).

    A key that is absent falls back to `input`; `"0"` means free; `null` means not offered.
    """

    input: Money | None = None
    """Input tokens that miss the cache (the base rate)."""
    cache_read: Money | None = None
    """Input tokens read from the prompt cache (a cache hit)."""
    cache_write: Money | None = None
    """Input tokens written to the prompt cache."""
    cache_write_5m: Money | None = None
    """Cache writes kept for five minutes."""
    cache_write_1h: Money | None = None
    """Cache writes kept for one hour."""
    cache_storage_per_mtok_hour: Money | None = None
    """Storage of cached tokens, per million tokens per hour."""
    output: Money | None = None
    """Output tokens."""
    output_reasoning: Money | None = None
    """Reasoning (thinking) output tokens, when billed apart from `output`."""
    input_audio: Money | None = None
    """Audio input tokens."""
    input_image: Money | None = None
    """Image input tokens."""
    input_video: Money | None = None
    """Video input tokens."""
    output_audio: Money | None = None
    """Audio output tokens."""
    output_image: Money | None = None
    """Image output tokens."""
    per_request: Money | None = None
    """A fixed price per request."""
    web_search_per_k: Money | None = None
    """Web search, per thousand searches."""
    per_image: Money | None = None
    """A price per generated image."""

    def as_dict(self) -> dict[str, Decimal | None]:
        """The keys written in the file, in `RATE_KEYS` order: `None` is "not offered"."""
        written = self.model_fields_set
        return {key: getattr(self, key) for key in RATE_KEYS if key in written}


class TierBand(_Model):
    """One band of a tiered price: requests whose basis falls in `[min, max)`."""

    min: NonNegativeInt
    """Lower bound (inclusive), in tokens; the first band starts at 0."""
    max: PositiveInt | None = None
    """Upper bound (exclusive), in tokens; the previous band's `max` is the next band's `min`. `null` on the last band means no limit."""
    rates: Rates
    """The rates in this band."""
    mode_overrides: dict[Key, Rates] = {}
    """Rates that replace `rates` key by key in a mode, such as `thinking: {output: "4"}`."""


class Tiers(_Model):
    """Prices that depend on the size of a request, used instead of flat `rates`."""

    basis: Literal["input_tokens_per_request", "total_tokens_per_request"]
    """What selects the band: `input_tokens_per_request` or `total_tokens_per_request`."""
    pricing_mode: Literal["whole_request", "marginal"]
    """`whole_request`: the band of the request prices all of its tokens; `marginal`: each band prices only the tokens inside it."""
    bands: tuple[TierBand, ...] = Field(min_length=1)
    """The bands, from `min: 0` upward, each starting where the previous one ends."""


class TimeWindow(_Model):
    """Hours of the week (such as off-peak) in which other rates apply."""

    name: Key
    """A name for the window: `off_peak`."""
    tz: TimeZoneName
    """The IANA time zone the hours are written in: `UTC`, `Asia/Shanghai`."""
    weekdays: tuple[Weekday, ...] = Field(min_length=1)
    """ISO weekday numbers: 1 = Monday … 7 = Sunday."""
    hours: tuple[HourRange, ...] = Field(min_length=1)
    """Ranges `"HH:MM-HH:MM"` within each day, start inclusive, end exclusive, up to `24:00`."""
    rates: Rates
    """Rates that replace the period's rates key by key inside the window."""

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The hours as `(start, end)` minutes since midnight."""
        return tuple(hour_range_minutes(text) for text in self.hours)


class Promotion(_Model):
    """A temporary price (a discount, a free allowance) that replaces rates key by key."""

    name: Text
    """What the vendor calls the promotion: `限时5折 (50% off)`."""
    from_: Instant | None = Field(default=None, alias="from")
    """When it starts (inclusive); absent or `null`: with the period."""
    to: Instant | None = None
    """When it ends (exclusive); `null`: until further notice. `T24:00:00` means the end of that day."""
    rates: Rates
    """The promotional rates."""
    note: Text | None = None
    """Anything a reader should know about the promotion."""


class Period(_Model):
    """The prices of an offer from `from` (inclusive) to `to` (exclusive)."""

    from_: Instant | None = Field(default=None, alias="from")
    """Start (inclusive): a date, or a date and time with a zone when the vendor gives one; `null`: since the beginning."""
    to: Instant | None = None
    """End (exclusive); `null`: still current."""
    rates: Rates | None = None
    """Flat rates. A period has either `rates` or `tiers`."""
    tiers: Tiers | None = None
    """Rates by request size. A period has either `rates` or `tiers`."""
    time_windows: tuple[TimeWindow, ...] = ()
    """Hours in which other rates apply, such as off-peak discounts."""
    mode_overrides: dict[Key, Rates] = {}
    """Rates that apply in a mode, such as `thinking`, key by key."""
    promotions: tuple[Promotion, ...] = ()
    """Temporary prices, each with its own start and end."""
    list_price: bool | None = None
    """`true` when the source shows list prices, not promotional ones."""
    source: Source | None = None
    """Where the price was read: the `http://` or `https://` address of the price page. Required for a current price."""
    checked: CalendarDate | None = None
    """The date the price was last checked against the source. Required for a current price."""
    note: Text | None = None
    """Anything a reader should know about this price."""


class Offer(_Model):
    """One way to buy a model: a provider × region × currency × service tier."""

    provider: Slug
    """The provider's id: a file in `data/providers/`."""
    region: Slug
    """The region or console: `global`, `intl`, `cn-beijing`."""
    currency: Currency
    """The ISO 4217 currency the provider bills in (the native currency)."""
    unit: Literal["per_mtok", "per_ktok", "per_request", "per_image", "per_second", "per_minute"] = "per_mtok"
    """What a token rate is per: `per_mtok` (a million tokens, the default) or `per_ktok`, `per_request`, `per_image`, `per_second`, `per_minute`."""
    service_tier: Literal["standard", "batch", "flex", "priority"] = "standard"
    """`standard`, `batch`, `flex` or `priority`; each tier is an offer of its own."""
    periods: tuple[Period, ...] = Field(min_length=1)
    """The price history, oldest first; periods never overlap."""
    note: Text | None = None
    """Anything a reader should know about the offer."""


class Lifecycle(_Model):
    """Where a model stands: released, deprecated, retired."""

    status: Literal["preview", "active", "deprecated", "retired"]
    """`preview`, `active`, `deprecated` or `retired`."""
    deprecation_date: CalendarDate | None = None
    """When the vendor announced or set the deprecation."""
    retired_on: CalendarDate | None = None
    """When the model stops (or stopped) answering."""
    successor: Slug | None = None
    """The id of the model that replaces it."""


class Modalities(_Model):
    """What a model reads and writes."""

    input: tuple[Literal["text", "image", "audio", "video", "pdf"], ...] = ()
    """Input modalities: `text`, `image`, `audio`, `video`, `pdf`."""
    output: tuple[Literal["text", "image", "audio", "video"], ...] = ()
    """Output modalities: `text`, `image`, `audio`, `video`."""


class Caching(_Model):
    """How prompt caching works for a model."""

    mode: Literal["implicit", "explicit", "both", "none"]
    """`implicit` (automatic), `explicit` (marked by the caller), `both` or `none`."""
    min_tokens: PositiveInt | None = None
    """The smallest prompt that is cached, in tokens."""


Capability = Literal[
    "reasoning",
    "tools",
    "json_output",
    "structured_output",
    "prefix_completion",
    "fim_completion",
    "prompt_caching",
    "vision",
    "pdf_input",
    "audio_input",
    "video_input",
    "web_search",
    "url_context",
    "code_execution",
    "computer_use",
    "file_search",
    "batch",
    "fine_tuning",
    "streaming",
]


class Model(_Model):
    """One model of a vendor, with its offers."""

    id: Slug
    """The canonical id, used in URLs and tables: `deepseek-v4-pro`."""
    name: Text
    """The display name: `DeepSeek-V4-Pro`."""
    aliases: tuple[Text, ...] = ()
    """Other names posts write for the model, which link to its page: `DeepSeek V4 Pro`, `Sonnet 4.5`. Each name and alias belongs to one model, vendor or provider."""
    api_ids: tuple[Text, ...] = ()
    """The strings the API accepts for this model (not linked in posts: see `aliases`)."""
    snapshot: Text | None = None
    """The vendor's version string, if published."""
    family: Slug | None = None
    """The model family: `deepseek-v4`."""
    released: CalendarDate | None = None
    """The release date."""
    lifecycle: Lifecycle | None = None
    """Preview, active, deprecated or retired, with dates and successor."""
    open_weights: bool | None = None
    """`true` when the weights are published."""
    modalities: Modalities | None = None
    """What the model reads and writes."""
    context_window: PositiveInt | None = None
    """The context window, in tokens."""
    max_output_tokens: PositiveInt | None = None
    """The longest output, in tokens."""
    capabilities: tuple[Capability, ...] = ()
    """Features: `reasoning`, `tools`, `json_output`, `structured_output`, `prefix_completion`, `fim_completion`, `prompt_caching`, `vision`, `pdf_input`, `audio_input`, `video_input`, `web_search`, `url_context`, `code_execution`, `computer_use`, `file_search`, `batch`, `fine_tuning`, `streaming`."""
    caching: Caching | None = None
    """How prompt caching works."""
    reasoning_billed_as: Literal["output", "separate", "not_billed"] | None = None
    """How reasoning tokens are billed: `output`, `separate` (see `output_reasoning`) or `not_billed`."""
    offers: tuple[Offer, ...] = ()
    """Ways to buy the model, one per provider × region × currency × service tier."""


class PricingPage(_Model):
    """A page where the vendor publishes prices."""

    url: Url
    """The address of the page."""
    currency: Currency
    """The currency the page shows."""
    lang: LanguageCode
    """The language of the page: `en`, `zh`."""


class Vendor(_Model):
    """A lab that makes models: OpenAI, Anthropic, DeepSeek, Zhipu…"""

    id: Slug
    """The vendor's id, also the file name: `data/vendors/<id>.yaml`."""
    name: Text
    """The display name."""
    names: dict[LanguageCode, Text] = {}
    """The name in other languages: `{zh: 深度求索}`. Posts that write it link to the vendor's page."""
    aliases: tuple[Text, ...] = ()
    """Other names posts write for the lab, which link to its page: `Zhipu`, `Kimi`, `通义千问`. Each name and alias belongs to one model, vendor or provider; a vendor and a provider may share their display name (`DeepSeek`)."""
    country: Country | None = None
    """Where the vendor is based: an ISO 3166 code such as `CN`."""
    homepage: Url | None = None
    """The vendor's home page."""
    pricing_pages: tuple[PricingPage, ...] = ()
    """Where the vendor publishes its prices."""


class VendorFile(_Model):
    """`data/vendors/<vendor>.yaml`: one lab, its models, and every offer and price period of them."""

    schema_version: Literal[1]
    """The version of this file format: `1`."""
    vendor: Vendor
    """The lab."""
    models: tuple[Model, ...] = ()
    """Its models."""


# --- providers ----------------------------------------------------------------------------------


class ApiEndpoint(_Model):
    """An API a provider serves."""

    base_url: Url
    """The base URL of the API."""
    protocol: Literal["openai", "openai_responses", "anthropic", "gemini", "bedrock", "vertex", "custom"]
    """The wire protocol: `openai`, `openai_responses`, `anthropic`, `gemini`, `bedrock`, `vertex` or `custom`."""


class ProviderRegion(_Model):
    """Where a provider operates and who can reach it."""

    operator_country: Country | None = None
    """The operator's country: an ISO 3166 code."""
    reachable_from_cn_without_proxy: bool | None = None
    """`true` when the API answers from mainland China without a proxy."""


class BillingGroup(_Model):
    """A group (分组) of a relay: a channel billed at a multiple of list price."""

    name: Key
    """The group's name, as `models_offered` refers to it."""
    multiplier: Multiplier
    """The multiple (倍率) of list price billed in this group, above zero: `"0.6"`."""
    channel: (
        Literal["official_api", "cloud", "aggregator", "reverse_engineered", "account_pool", "unspecified"] | None
    ) = None
    """Where the group's traffic goes: `official_api`, `cloud`, `aggregator`, `reverse_engineered`, `account_pool` or `unspecified`."""
    note: Text | None = None
    """Anything a reader should know about the group."""


class CreditRate(_Model):
    """What a top-up buys: paying `pay` of the billing currency gives `get` of list-price credit.

    The credit is counted in `get_currency` and spent at list prices. On a relay billing in CNY,
    `{pay: "1", get: "1", get_currency: USD}` reads "1 CNY buys usage worth 1 USD at list price";
    `{pay: "7", get: "1", get_currency: USD}` reads "7 CNY buy 1 USD of credit".
    """

    pay: PositiveMoney
    """Units of `billing.currency` paid: `"1"`."""
    get: PositiveMoney
    """Units of list-price credit received, in `get_currency`: `"1"`."""
    get_currency: Currency
    """The currency of the list prices the credit is spent against: `USD`."""


class Billing(_Model):
    """How a provider charges."""

    currency: Currency
    """The currency of top-ups and invoices."""
    model: Literal["prepaid_credit", "postpaid", "subscription", "coding_plan"] | None = None
    """`prepaid_credit`, `postpaid`, `subscription` or `coding_plan`."""
    credit_rate: CreditRate | None = None
    """What a top-up buys: `{pay: "1", get: "1", get_currency: USD}`. Absent: credit at face value in `currency`."""
    credit_note: Text | None = None
    """The credit rate in the provider's own words: `1 CNY = 1 USD of list-price credit`."""
    price_multiplier_default: Multiplier | None = None
    """The multiple of list price billed by default."""
    groups: tuple[BillingGroup, ...] = ()
    """The groups (分组) and their multipliers."""
    minimum_topup: Money | None = None
    """The smallest top-up, in `currency`."""
    refunds: Literal["full", "partial", "none", "unknown"] | None = None
    """Whether unused credit is refunded: `full`, `partial`, `none` or `unknown`."""


class ModelOffered(_Model):
    """A model a relay or aggregator says it serves."""

    model: Slug
    """The model's id, as in `data/vendors/`."""
    group: Key | None = None
    """The billing group that serves it (a name in `billing.groups`)."""


class Disclosure(_Model):
    """What the site discloses about its relation with the provider."""

    affiliate_link: bool
    """`true` when links to the provider earn the site money."""
    sponsor: Text | None = None
    """Who sponsors the coverage, if anyone."""


class Rating(_Model):
    """An editorial rating on one date; the latest is the current one."""

    date: CalendarDate
    """The day of the rating."""
    quality: Score
    """Answer fidelity against the first-party API, 1–5."""
    stability: Score
    """Uptime and latency, 1–5."""
    affordability: Score
    """Price against list price, 1–5."""
    support: Score | None = None
    """Support and communication, 1–5."""
    method: MethodText
    """How the scores were given: a page of the site such as `docs/methodology/relay-scoring.md`."""
    notes: str | None = None
    """Remarks on this rating."""


ENV_NAME_PATTERN = r"^[A-Z_][A-Z0-9_]*$"
_ENV_NAME = re.compile(ENV_NAME_PATTERN)


def _env_name(value: object) -> str:
    # A text that is not a name is never shown: it may be the key itself, pasted in by mistake.
    if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
        found = "a text that is not one" if isinstance(value, str) else describe(value)
        raise _fail(
            "format",
            f"expected the name of an environment variable (capital letters, digits and _), found {found}",
            "write the variable's name, such as 'DEEPSEEK_API_KEY', never the key itself",
        )
    return value


EnvName = Annotated[str, PlainValidator(_env_name), WithJsonSchema({"type": "string", "pattern": ENV_NAME_PATTERN})]
"""The name of an environment variable: capital letters, digits and `_`."""


class Check(_Model):
    """A probe `almanac probe` runs against the provider: one minimal request, classified ok, degraded or failed."""

    id: Slug
    """The check's id, used by `data/status/` and incidents."""
    model: Slug
    """The model probed, as in `data/vendors/`."""
    endpoint: Text
    """The path probed, from the host of the provider's `api` entry of the check's protocol: `/v1/chat/completions`."""
    protocol: Literal["openai", "anthropic"] | None = None
    """`openai` (chat completions) or `anthropic` (messages). Absent: `anthropic` when the endpoint ends in `/messages`, else `openai`."""
    api_model: Text | None = None
    """The model's name in the request, when the API does not take the model's first `api_ids` (or its id): `anthropic/claude-sonnet-4.6`."""
    api_key_env: EnvName | None = None
    """The environment variable that holds the API key (never the key itself): `DEEPSEEK_API_KEY`. Absent: the provider's id in capitals, `-` as `_`, then `_API_KEY` (`RELAY_A_API_KEY`)."""
    interval: Duration
    """How often to probe: `10m`."""
    timeout: Duration
    """When a probe counts as failed: `60s`."""
    slow_latency: Duration | None = None
    """Slower than this counts as degraded: `5s`."""
    expect_contains: Text | None = None
    """Text the reply must contain, if any."""


class ProviderFile(_Model):
    """`data/providers/<id>.yaml`: an API provider, aggregator, gateway or relay."""

    schema_version: Literal[1]
    """The version of this file format: `1`."""
    id: Slug
    """The provider's id, also the file name."""
    name: Text
    """The display name."""
    aliases: tuple[Text, ...] = ()
    """Other names posts write for the provider, which link to its page: `Kimi API`, `智谱开放平台`. Each name and alias belongs to one model, vendor or provider; a provider and a vendor may share their display name (`DeepSeek`)."""
    kind: Literal["first_party", "cloud", "aggregator", "gateway", "relay"]
    """`first_party`, `cloud`, `aggregator`, `gateway` or `relay`."""
    category: Literal["commercial", "community", "self_hosted"] | None = None
    """`commercial`, `community` (公益) or `self_hosted`."""
    homepage: Url | None = None
    """The provider's home page."""
    api: tuple[ApiEndpoint, ...] = ()
    """The APIs it serves."""
    region: ProviderRegion | None = None
    """Where it operates."""
    billing: Billing | None = None
    """How it charges."""
    models_offered: tuple[ModelOffered, ...] = ()
    """For relays and aggregators: the models served, priced through `billing.groups`."""
    disclosure: Disclosure | None = None
    """Affiliate links and sponsorship."""
    ratings: tuple[Rating, ...] = ()
    """Dated editorial ratings."""
    monitoring: tuple[Check, ...] = ()
    """The probes run against it."""
    note: Text | None = None
    """Anything a reader should know about the provider."""


# --- incidents and status ------------------------------------------------------------------------


class IncidentUpdate(_Model):
    """One update posted during an incident."""

    at: AwareDateTime
    """When, with a zone."""
    status: Literal[
        "investigating", "identified", "monitoring", "resolved", "scheduled", "in_progress", "verifying", "completed"
    ]
    """Statuspage states: `investigating`, `identified`, `monitoring`, `resolved`, or for maintenance `scheduled`, `in_progress`, `verifying`, `completed`."""
    body: Text
    """What was said."""


class Incident(_Model):
    """An outage or degradation of a provider, Statuspage style."""

    id: Slug
    """Unique id, by convention the start date and a few words: `2026-08-19-upstream-502`."""
    title: Text
    """A short title."""
    impact: Literal["none", "minor", "major", "critical"]
    """`none`, `minor`, `major` or `critical`."""
    affected: tuple[Slug, ...] = ()
    """Ids of the provider's `monitoring` checks that were affected."""
    started_at: AwareDateTime
    """When it started, with a zone."""
    resolved_at: AwareDateTime | None = None
    """When it was resolved; `null` while it is open."""
    updates: tuple[IncidentUpdate, ...] = ()
    """The updates, oldest first."""
    evidence: tuple[Url, ...] = ()
    """Links to status pages, posts or logs."""


class IncidentsFile(_Model):
    """`data/incidents/<provider>.yaml`: the incidents of one provider."""

    provider: Slug
    """The provider's id, also the file name."""
    incidents: tuple[Incident, ...] = ()
    """The incidents, oldest first."""


class Percentiles(_Model):
    """Percentiles of a measurement over one day."""

    p50: Number | None = None
    """Median."""
    p90: Number | None = None
    """90th percentile."""
    p95: Number | None = None
    """95th percentile."""
    p99: Number | None = None
    """99th percentile."""


class DayStatus(_Model):
    """The probe results of one check over one day (UTC)."""

    date: CalendarDate
    """The day."""
    samples: NonNegativeInt
    """Probes actually run (scheduled runs can be skipped)."""
    ok: NonNegativeInt
    """Probes that succeeded in time."""
    degraded: NonNegativeInt
    """Probes that succeeded slowly."""
    failed: NonNegativeInt
    """Probes that failed; `ok + degraded + failed = samples`."""
    no_data_minutes: DayMinutes = 0
    """Minutes of the day without any probe, when written by hand; the rows `almanac probe` writes leave it out and list their `runs`."""
    uptime_pct: Percent | None = None
    """Uptime over the day, 0–100, as computed by the probe job."""
    latency_ms: Percentiles | None = None
    """Total latency, in milliseconds."""
    ttft_ms: Percentiles | None = None
    """Time to first token, in milliseconds."""
    output_tps: Percentiles | None = None
    """Output tokens per second."""
    http_errors: dict[HttpCode, NonNegativeInt] = {}
    """Counts of HTTP error statuses: `{"429": 1, "502": 1}`."""
    runs: tuple[Text, ...] = ()
    """The `almanac probe` runs folded into this day, by id (the UTC time the run started: `2026-12-05T19:30:00Z`). A run listed here is never folded again, so folding is idempotent. Absent on days written by hand, which the probe does not change."""
    latency_samples_ms: tuple[NonNegativeInt, ...] = ()
    """The total latency of each probe that got a reply, in milliseconds, in the order run: what `latency_ms` is computed from (nearest rank), since a percentile cannot be updated from percentiles. At most 288 a day (one every 5 minutes); later ones still count in `samples`."""
    ttft_samples_ms: tuple[NonNegativeInt, ...] = ()
    """The time to first token of each streamed reply, in milliseconds: what `ttft_ms` is computed from. At most 288 a day."""


class StatusFile(_Model):
    """`data/status/<provider>/<YYYY-MM>.yaml`: daily roll-ups of one check for one month."""

    provider: Slug
    """The provider's id, also the folder name."""
    check: Slug
    """The id of a `monitoring` check of the provider."""
    days: tuple[DayStatus, ...] = ()
    """One row per day of the month in the file name."""


# --- exchange rates and tags ----------------------------------------------------------------------


class FxRate(_Model):
    """One dated exchange rate."""

    currency: Currency
    """The currency."""
    per_usd: PositiveMoney
    """Units of `currency` for one US dollar: `"7.10"`."""
    date: CalendarDate
    """The date of the rate."""
    source: FxSource
    """Where it was read: the `http://` or `https://` address of the page."""
    note: Text | None = None
    """Anything a reader should know about this rate: `reference rate, rounded`."""


class FxFile(_Model):
    """`data/fx.yaml`: dated exchange rates, used only to display prices in another currency."""

    base: Literal["USD"]
    """The currency rates are given against: `USD`."""
    rates: tuple[FxRate, ...] = ()
    """The rates, one per currency and date."""
    policy: Literal["convert_for_display_only"] = "convert_for_display_only"
    """Native prices are never overwritten: `convert_for_display_only`."""


class TagDescription(_Model):
    """What a tag is about, in English and Chinese."""

    en: Text | None = None
    """In English."""
    zh: Text | None = None
    """In Chinese."""


class Tag(_Model):
    """A tag a post may carry."""

    name: Text
    """The tag as shown: `large model`."""
    slug: Slug | None = None
    """The tag's URL part, `/tags/<slug>/`; derived from the name when absent."""
    aliases: tuple[Text, ...] = ()
    """Other spellings that mean this tag: `LLM`, `大模型`."""
    description: TagDescription | None = None
    """What the tag is about."""


class TagsFile(RootModel[tuple[Tag, ...]]):
    """`data/tags.yaml`: every tag a post may carry, as a list."""

    model_config = ConfigDict(frozen=True, strict=True, use_attribute_docstrings=True)


# Each kind of data file and its model (the order of the schema files).
FILE_MODELS: dict[str, type[BaseModel]] = {
    "tags": TagsFile,
    "vendor": VendorFile,
    "provider": ProviderFile,
    "incidents": IncidentsFile,
    "status": StatusFile,
    "fx": FxFile,
}
