"""The price of an offer at an instant: periods, tiers, modes, time windows, promotions, fallbacks.

Prices of the sample's data frozen at one commit (`tests/fixtures/edits/data/`, which stays put when
the sample's `data/` is refreshed) and the design examples (`tests/fixtures/datasets/examples`); every
expected value is worked out by hand in a comment beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almanac.core.data.datasets import Datasets, Offer, load_datasets
from almanac.core.data.pricing import Quote, blended, find_period, quote, request_cost
from almanac.core.data.pricing.labels import band_label, end_label, token_count

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "fixtures" / "datasets" / "examples"
TODAY = date(2026, 11, 28)  # a Saturday
BEIJING = timezone(timedelta(hours=8))


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md)."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


@cache
def examples() -> Datasets:
    return load_datasets(EXAMPLES, today=TODAY)


def offer_of(data: Datasets, model: str, provider: str, currency: str = "USD", tier: str = "standard") -> Offer:
    matches = [
        offer
        for offer in data.models[model].offers
        if (offer.provider, offer.currency, offer.service_tier) == (provider, currency, tier)
    ]
    assert len(matches) == 1
    return matches[0]


def price(offer: Offer, at: datetime, **options: Any) -> Quote:
    """The quote, which must exist."""
    found = quote(offer, at, **options)
    assert found is not None
    return found


def as_read(value: Any) -> Any:
    """A value as the YAML reader gives it: lists become tuples."""
    if isinstance(value, dict):
        return {key: as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return tuple(as_read(item) for item in value)
    return value


def make_offer(**period: Any) -> Offer:
    """An offer with one open period built from `period` (keys as written in a data file)."""
    return offer_from([{"from": None, "to": None, **period}])


def offer_from(periods: list[dict[str, Any]]) -> Offer:
    """An offer of Acme's with these periods."""
    offer = {"provider": "acme", "region": "global", "currency": "USD", "periods": periods}
    return Offer.model_validate(as_read(offer))


def d(text: str) -> Decimal:
    return Decimal(text)


# --- periods -------------------------------------------------------------------------------------


def test_the_period_covering_the_instant_is_used() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    # Launch period [2026-04-24, 2026-04-26T12:15Z): input 1.74, cache hit 0.145.
    launch = quote(pro, datetime(2026, 4, 25, tzinfo=UTC))
    assert launch is not None
    assert (launch.rate("input"), launch.rate("cache_read")) == (d("1.74"), d("0.145"))
    assert launch.period_from == datetime(2026, 4, 24, tzinfo=UTC)  # a date bound is midnight UTC
    assert launch.period_to == datetime(2026, 4, 26, 12, 15, tzinfo=UTC)
    assert launch.checked == date(2026, 8, 5)
    assert launch.source == "https://api-docs.deepseek.com/quick_start/pricing"
    # `to` is exclusive: at 12:15 sharp the next period applies, with its 75 % promotion from the
    # start: input 1.74 × 0.25 = 0.435, cache hit 0.0145 × 0.25 = 0.003625.
    before = price(pro, datetime(2026, 4, 26, 12, 14, 59, tzinfo=UTC))
    after = price(pro, datetime(2026, 4, 26, 12, 15, tzinfo=UTC))
    assert (before.rate("input"), before.rate("cache_read")) == (d("1.74"), d("0.145"))
    assert (after.rate("input"), after.rate("cache_read")) == (d("0.435"), d("0.003625"))
    assert after.labels == ("promotion 限时2.5折 (75% off) until 2026-08-16 16:00 UTC",)


def test_no_period_means_not_offered_then() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    assert quote(pro, datetime(2026, 4, 23, 23, 59, tzinfo=UTC)) is None  # before the launch
    chat = offer_of(frozen(), "deepseek-chat", "deepseek")
    assert quote(chat, datetime(2025, 9, 15, tzinfo=UTC)) is None  # the recorded gap 2025-09-05 → 09-29
    assert quote(chat, datetime(2026, 11, 1, tzinfo=UTC)) is None  # retired


def test_an_instant_needs_a_time_zone() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        quote(offer_of(frozen(), "deepseek-v4-pro", "deepseek"), datetime(2026, 11, 25, 2))


# --- time windows ---------------------------------------------------------------------------------

OFF_PEAK_V4 = "off-peak (UTC Mon–Fri 00:00–01:00, 04:00–06:00, 10:00–24:00)"


def test_deepseek_peak_and_off_peak_on_a_weekday() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    # Wednesday 2026-11-25, 02:00 UTC: inside the 01:00–04:00 peak, the period's own rates.
    peak = quote(pro, datetime(2026, 11, 25, 2, tzinfo=UTC))
    assert peak is not None
    assert (peak.rate("input"), peak.rate("cache_read"), peak.rate("output")) == (d("1.32"), d("0.044"), d("3.96"))
    assert peak.labels == ()
    # 12:00 UTC is in the 10:00–24:00 off-peak range: half price.
    off = quote(pro, datetime(2026, 11, 25, 12, tzinfo=UTC))
    assert off is not None
    assert (off.rate("input"), off.rate("cache_read"), off.rate("output")) == (d("0.66"), d("0.022"), d("1.98"))
    assert off.labels == (OFF_PEAK_V4,)
    # Window edges: start inclusive, end exclusive, `24:00` holds the last second of the day.
    edges = {
        datetime(2026, 11, 25, 9, 59, 59, tzinfo=UTC): d("1.32"),
        datetime(2026, 11, 25, 10, 0, tzinfo=UTC): d("0.66"),
        datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC): d("0.66"),
        datetime(2026, 11, 26, 1, 0, tzinfo=UTC): d("1.32"),
    }
    for moment, expected in edges.items():
        price = quote(pro, moment)
        assert price is not None and price.rate("input") == expected, moment


def test_deepseek_weekend_is_off_peak_all_day() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    # Saturday 2026-11-28, 02:00 UTC would be peak on a weekday; the weekend window covers it.
    price = quote(pro, datetime(2026, 11, 28, 2, tzinfo=UTC))
    assert price is not None
    assert price.rate("input") == d("0.66")
    assert price.labels == ("off-peak weekend (UTC Sat–Sun all day)",)


def test_time_windows_are_read_in_their_own_zone() -> None:
    cny = offer_of(frozen(), "deepseek-v4-pro", "deepseek", "CNY")
    # 02:00 UTC = 10:00 Beijing: inside the 09:00–12:00 peak.
    assert price(cny, datetime(2026, 11, 25, 2, tzinfo=UTC)).rate("input") == d("9")
    # 04:30 UTC = 12:30 Beijing: off-peak (12:00–14:00).
    lunch = quote(cny, datetime(2026, 11, 25, 4, 30, tzinfo=UTC))
    assert lunch is not None and lunch.rate("input") == d("4.5")
    assert lunch.labels == ("off-peak (Asia/Shanghai Mon–Fri 00:00–09:00, 12:00–14:00, 18:00–24:00)",)
    # Friday 17:00 UTC is already Saturday 01:00 in Beijing: the weekend window.
    friday = quote(cny, datetime(2026, 11, 27, 17, tzinfo=UTC))
    assert friday is not None and friday.labels == ("off-peak weekend (Asia/Shanghai Sat–Sun all day)",)


def test_a_window_across_midnight_is_labelled_as_one_stretch() -> None:
    chat = offer_of(frozen(), "deepseek-chat", "deepseek")
    # Monday 2025-03-03 17:00 UTC, in the nightly 16:30–00:30 discount: 0.27 / 2 = 0.135.
    night = quote(chat, datetime(2025, 3, 3, 17, tzinfo=UTC))
    assert night is not None
    assert night.rate("input") == d("0.135")
    assert night.labels == ("off-peak (UTC 16:30–00:30)",)
    assert price(chat, datetime(2025, 3, 4, 0, 29, 59, tzinfo=UTC)).rate("input") == d("0.135")
    assert price(chat, datetime(2025, 3, 4, 0, 30, tzinfo=UTC)).rate("input") == d("0.27")


# --- tiers and modes --------------------------------------------------------------------------------


def test_qwen_tiers_by_request_length() -> None:
    qwen = offer_of(examples(), "qwen-plus-2025-07-28", "alibaba-model-studio-intl")
    at = datetime(2026, 11, 25, tzinfo=UTC)
    short = quote(qwen, at)  # no size: the first band, as list tables show
    assert short is not None
    assert (short.rate("input"), short.rate("output")) == (d("0.4"), d("1.2"))
    assert short.labels == ("tier < 256K input tokens",)
    assert short.band == (0, 256000) and short.pricing_mode == "whole_request"
    # Bands are [min, max): 255,999 tokens is the first band, 256,000 the second.
    assert price(qwen, at, input_tokens=255_999).rate("input") == d("0.4")
    long = quote(qwen, at, input_tokens=256_000)
    assert long is not None
    assert (long.rate("input"), long.rate("output")) == (d("1.2"), d("3.6"))
    assert long.labels == ("tier 256K–1M input tokens",)
    # Past the last band (max 1,000,000, exclusive) there is no price.
    assert quote(qwen, at, input_tokens=1_000_000) is None


def test_qwen_thinking_output_by_band() -> None:
    qwen = offer_of(examples(), "qwen-plus-2025-07-28", "alibaba-model-studio-intl")
    at = datetime(2026, 11, 25, tzinfo=UTC)
    short = quote(qwen, at, input_tokens=10_000, mode="thinking")
    assert short is not None
    assert (short.rate("input"), short.rate("output")) == (d("0.4"), d("4"))  # the band's thinking override
    assert short.labels == ("tier < 256K input tokens", "thinking")
    assert short.rate("output_reasoning") == d("4")  # falls back to the (thinking) output rate
    long = quote(qwen, at, input_tokens=300_000, mode="thinking")
    assert long is not None and long.rate("output") == d("12")
    # A mode the offer does not price apart changes nothing and is not labelled.
    other = quote(qwen, at, input_tokens=10_000, mode="fast")
    assert other is not None and other.rate("output") == d("1.2") and other.labels == ("tier < 256K input tokens",)
    # Whole request, 300K in / 10K thinking out, all at the second band:
    # 300,000 × 1.2 + 10,000 × 12 = 360,000 + 120,000 = 480,000 per million → 0.48 USD.
    cost = request_cost(qwen, at, input_tokens=300_000, output_tokens=10_000, mode="thinking")
    assert cost == d("0.48")


def _marginal_qwen() -> Offer:
    return make_offer(
        tiers={
            "basis": "input_tokens_per_request",
            "pricing_mode": "marginal",
            "bands": [
                {"min": 0, "max": 256000, "rates": {"input": "0.4", "output": "1.2"}},
                {"min": 256000, "max": 1000000, "rates": {"input": "1.2", "output": "3.6"}},
            ],
        }
    )


def test_marginal_against_whole_request_tiers() -> None:
    at = datetime(2026, 11, 25, tzinfo=UTC)
    whole = offer_of(examples(), "qwen-plus-2025-07-28", "alibaba-model-studio-intl")
    marginal = _marginal_qwen()
    # Whole request, 300K in / 10K out, everything at the second band:
    # 300,000 × 1.2 + 10,000 × 3.6 = 360,000 + 36,000 = 396,000 → 0.396 USD.
    assert request_cost(whole, at, input_tokens=300_000, output_tokens=10_000) == d("0.396")
    # Marginal: the first 256,000 input tokens at 0.4, the other 44,000 at 1.2, output at the band
    # of the request size (the second): 102,400 + 52,800 + 36,000 = 191,200 → 0.1912 USD.
    assert request_cost(marginal, at, input_tokens=300_000, output_tokens=10_000) == d("0.1912")
    # Below the first boundary both agree: 100,000 × 0.4 + 1,000 × 1.2 = 41,200 → 0.0412.
    assert request_cost(whole, at, input_tokens=100_000, output_tokens=1_000) == d("0.0412")
    assert request_cost(marginal, at, input_tokens=100_000, output_tokens=1_000) == d("0.0412")
    # A marginal quote gives the rates of the band the request ends in, and says so.
    last = quote(marginal, at, input_tokens=300_000)
    assert last is not None and last.rate("input") == d("1.2")
    assert last.labels == ("tier 256K–1M input tokens (marginal)",)
    assert last.pricing_mode == "marginal"


def test_marginal_tiers_bill_the_cached_prefix_first() -> None:
    bands = [
        {"min": 0, "max": 128000, "rates": {"input": "1", "cache_read": "0.1", "output": "4"}},
        {"min": 128000, "rates": {"input": "2", "cache_read": "0.2", "output": "8"}},
    ]
    at = datetime(2026, 11, 25, tzinfo=UTC)
    marginal = make_offer(tiers={"basis": "input_tokens_per_request", "pricing_mode": "marginal", "bands": bands})
    whole = make_offer(tiers={"basis": "input_tokens_per_request", "pricing_mode": "whole_request", "bands": bands})
    # 200K in, of which the first 150K cached, 1K out.
    # Marginal: cached 128,000 × 0.1 + 22,000 × 0.2 = 12,800 + 4,400; uncached 50,000 × 2 = 100,000;
    # output 1,000 × 8 = 8,000 → 125,200 → 0.1252.
    assert request_cost(marginal, at, input_tokens=200_000, cached_tokens=150_000, output_tokens=1_000) == d("0.1252")
    # Whole request at the second band: 150,000 × 0.2 + 50,000 × 2 + 1,000 × 8 = 138,000 → 0.138.
    assert request_cost(whole, at, input_tokens=200_000, cached_tokens=150_000, output_tokens=1_000) == d("0.138")
    # With a total-tokens basis the output tokens are the last slices: 100K in, 50K out = 150K.
    # Input 100,000 × 1 = 100,000; output 28,000 × 4 (up to 128K) + 22,000 × 8 = 112,000 + 176,000
    # → 388,000 → 0.388.
    total = make_offer(tiers={"basis": "total_tokens_per_request", "pricing_mode": "marginal", "bands": bands})
    assert request_cost(total, at, input_tokens=100_000, output_tokens=50_000) == d("0.388")
    assert price(total, at, input_tokens=150_000).labels == ("tier ≥ 128K total tokens (marginal)",)


# --- promotions ------------------------------------------------------------------------------------


def test_glm_promotion_ends_at_local_midnight() -> None:
    flash = offer_of(examples(), "glm-5-3-flash", "zhipu-bigmodel", "CNY")
    end = datetime(2026, 9, 10, tzinfo=BEIJING)  # "2026-09-09T24:00:00+08:00"
    during = quote(flash, end - timedelta(seconds=1))
    assert during is not None
    # 50 % off: 0.8 → 0.4, 2.8 → 1.4, 0.23 → 0.115; storage, null in the base rates, is free.
    assert (during.rate("input"), during.rate("output"), during.rate("cache_read")) == (d("0.4"), d("1.4"), d("0.115"))
    assert during.rate("cache_storage_per_mtok_hour") == d("0")
    assert during.labels == (
        "promotion 限时5折 (50% off) until 2026-09-09 24:00 +08:00",
        "promotion cache storage free (限时免费) (until further notice)",
    )
    after = quote(flash, end)
    assert after is not None
    assert (after.rate("input"), after.rate("output"), after.rate("cache_read")) == (d("0.8"), d("2.8"), d("0.23"))
    assert after.rate("cache_storage_per_mtok_hour") == d("0")  # the open-ended promotion still holds
    assert after.labels == ("promotion cache storage free (限时免费) (until further notice)",)
    # The same instant written in UTC (the promotion ends at 2026-09-09 16:00 UTC).
    assert quote(flash, datetime(2026, 9, 9, 15, 59, 59, tzinfo=UTC)) == during


def test_override_order_base_mode_window_promotion() -> None:
    offer = make_offer(
        rates={"input": "1", "output": "4"},
        mode_overrides={"thinking": {"output": "8"}},
        time_windows=[
            {"name": "off_peak", "tz": "UTC", "weekdays": [1, 2, 3, 4, 5, 6, 7], "hours": ["00:00-06:00"],
             "rates": {"input": "0.5", "output": "2"}},
        ],
        promotions=[{"name": "launch", "from": "2026-11-01", "to": "2026-12-01", "rates": {"output": "1"}}],
    )  # fmt: skip
    day = datetime(2026, 10, 1, 12, tzinfo=UTC)  # no window, no promotion
    assert price(offer, day, mode="thinking").rate("output") == d("8")
    # In the window the window's output (2) replaces the thinking output (8).
    night = quote(offer, datetime(2026, 10, 1, 3, tzinfo=UTC), mode="thinking")
    assert night is not None and night.rate("output") == d("2") and night.rate("input") == d("0.5")
    assert night.labels == ("thinking", "off-peak (UTC 00:00–06:00)")
    # During the promotion its output (1) wins over both; input keeps the window's 0.5.
    promo = quote(offer, datetime(2026, 11, 2, 3, tzinfo=UTC), mode="thinking")
    assert promo is not None and (promo.rate("input"), promo.rate("output")) == (d("0.5"), d("1"))
    assert promo.labels == ("thinking", "off-peak (UTC 00:00–06:00)", "promotion launch until 2026-11-30 24:00 UTC")


def test_a_promotion_not_yet_started_does_not_apply() -> None:
    later = {"name": "later", "from": "2027-01-01", "rates": {"input": "0"}}
    offer = make_offer(rates={"input": "1"}, promotions=[later])
    assert price(offer, datetime(2026, 12, 31, 23, 59, tzinfo=UTC)).rate("input") == d("1")
    assert price(offer, datetime(2027, 1, 1, tzinfo=UTC)).rate("input") == d("0")


# --- key semantics and fallbacks -----------------------------------------------------------------------


def test_anthropic_cache_writes_five_minutes_and_one_hour() -> None:
    sonnet = offer_of(frozen(), "claude-sonnet-4-6", "anthropic")
    price = quote(sonnet, datetime(2026, 11, 25, tzinfo=UTC))
    assert price is not None
    # Written: 5-minute writes 1.25 × input, 1-hour writes 2 × input.
    assert (price.rate("cache_write_5m"), price.rate("cache_write_1h")) == (d("3.75"), d("6"))
    assert (price.rate("input"), price.rate("cache_read"), price.rate("output")) == (d("3"), d("0.3"), d("15"))
    # A plain `cache_write` is not written: it falls back to input, and the quote says so.
    assert price.rate("cache_write") == d("3") and price.fallbacks["cache_write"] == "input"
    assert "cache_write_5m" not in price.fallbacks
    # Bedrock writes one `cache_write`: both durations fall back to it before `input`.
    bedrock = quote(offer_of(frozen(), "claude-opus-4-8", "aws-bedrock"), datetime(2026, 11, 25, tzinfo=UTC))
    assert bedrock is not None
    assert (bedrock.rate("cache_write_5m"), bedrock.rate("cache_write_1h")) == (d("6.25"), d("6.25"))
    assert bedrock.fallbacks["cache_write_1h"] == "cache_write"


def test_batch_offer_is_half_the_standard_price() -> None:
    at = datetime(2026, 11, 25, tzinfo=UTC)
    standard = quote(offer_of(frozen(), "claude-haiku-4-5", "anthropic"), at)
    batch = quote(offer_of(frozen(), "claude-haiku-4-5", "anthropic", tier="batch"), at)
    assert standard is not None and batch is not None
    assert batch.service_tier == "batch"
    for key in ("input", "cache_read", "cache_write_5m", "output"):
        full = standard.rate(key)
        assert full is not None and batch.rate(key) == full / 2, key
    # 1 / 0.5, 0.1 / 0.05, 1.25 / 0.625, 5 / 2.5.
    assert batch.rate("cache_write_5m") == d("0.625")


def test_null_is_not_offered_zero_is_free_absent_falls_back() -> None:
    offer = make_offer(
        rates={"input": "2", "cache_read": None, "cache_write": None, "output": "0", "per_request": "0.01"}
    )
    found = price(offer, datetime(2026, 11, 25, tzinfo=UTC))
    assert "cache_read" in found.rates and found.rate("cache_read") is None  # null: not offered
    assert found.rate("cache_write_5m") is None  # falls back to cache_write, which is null
    assert found.rate("output") == d("0")  # "0": free
    assert found.rate("input_image") == d("2")  # absent: falls back to input
    assert found.rate("output_audio") == d("0")  # absent: falls back to output
    assert "web_search_per_k" not in found.rates  # absent, no fallback: no such charge
    assert found.rate("per_image") is None
    # A request needing the cache cannot be priced; one without it can, with its fixed fee:
    # 1,000 × 2 / 1,000,000 + 0.01 = 0.002 + 0.01 = 0.012.
    at = datetime(2026, 11, 25, tzinfo=UTC)
    assert request_cost(offer, at, input_tokens=1_000, cached_tokens=500) is None
    assert request_cost(offer, at, input_tokens=1_000, output_tokens=100) == d("0.012")


def test_fallbacks_follow_overridden_rates() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    # Off-peak writes input 0.66; cache writes, not written, follow it (not the peak 1.32).
    off = quote(pro, datetime(2026, 11, 25, 12, tzinfo=UTC))
    assert off is not None and off.rate("cache_write") == d("0.66") and off.fallbacks["cache_write"] == "input"


def test_request_cost_in_other_units() -> None:
    per_ktok = make_offer(rates={"input": "0.001", "output": "0.002"})
    per_ktok = per_ktok.model_copy(update={"unit": "per_ktok"})
    # 2,000 × 0.001 / 1,000 + 500 × 0.002 / 1,000 = 0.002 + 0.001 = 0.003.
    at = datetime(2026, 11, 25, tzinfo=UTC)
    assert request_cost(per_ktok, at, input_tokens=2_000, output_tokens=500) == d("0.003")
    per_image = make_offer(rates={"per_image": "0.04"}).model_copy(update={"unit": "per_image"})
    assert request_cost(per_image, at, input_tokens=10) is None
    with pytest.raises(ValueError, match="cached tokens are part of the input"):
        request_cost(per_ktok, at, input_tokens=10, cached_tokens=20)


# --- blended ---------------------------------------------------------------------------------------------


def test_blended_price() -> None:
    at = datetime(2026, 11, 25, 2, tzinfo=UTC)  # a weekday peak hour
    # Claude Sonnet 4.6: (3 × 3 + 15) / 4 = 24 / 4 = 6.
    assert blended(price(offer_of(frozen(), "claude-sonnet-4-6", "anthropic"), at)) == d("6")
    # DeepSeek-V4-Pro at peak: (3 × 1.32 + 3.96) / 4 = 7.92 / 4 = 1.98.
    assert blended(price(offer_of(frozen(), "deepseek-v4-pro", "deepseek"), at)) == d("1.98")
    # GLM-5.3-Flash list price: (3 × 0.8 + 2.8) / 4 = 5.2 / 4 = 1.3 CNY.
    assert blended(price(offer_of(examples(), "glm-5-3-flash", "zhipu-bigmodel", "CNY"), at)) == d("1.3")
    assert blended(price(make_offer(rates={"input": "1", "output": None}), at)) is None


# --- labels ------------------------------------------------------------------------------------------------


def test_labels() -> None:
    assert [token_count(n) for n in (500, 2_000, 32_000, 256_000, 1_000_000, 1_500, 2_500_000, 12_345)] == [
        "500", "2K", "32K", "256K", "1M", "1.5K", "2.5M", "12,345",
    ]  # fmt: skip
    assert band_label(0, 32000, "input_tokens_per_request") == "tier < 32K input tokens"
    assert band_label(0, None, "input_tokens_per_request") == "tier: any number of input tokens"
    assert end_label(datetime(2026, 8, 16, 16, tzinfo=UTC)) == "2026-08-16 16:00 UTC"
    assert end_label(datetime(2026, 9, 10, tzinfo=BEIJING)) == "2026-09-09 24:00 +08:00"
    assert end_label(datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))) == "2026-03-01 09:30 -05:00"


# --- properties --------------------------------------------------------------------------------------------

_ZONES = st.sampled_from([UTC, BEIJING, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kolkata")])
_INSTANTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC))


def _offers() -> list[Offer]:
    return [
        offer_of(frozen(), "deepseek-v4-pro", "deepseek"),
        offer_of(frozen(), "deepseek-v4-pro", "deepseek", "CNY"),
        offer_of(frozen(), "deepseek-chat", "deepseek"),
        offer_of(frozen(), "claude-sonnet-4-5", "anthropic"),
        offer_of(examples(), "qwen-plus-2025-07-28", "alibaba-model-studio-intl"),
        offer_of(examples(), "glm-5-3-flash", "zhipu-bigmodel", "CNY"),
        _marginal_qwen(),
    ]


@given(
    st.data(),
    _INSTANTS,
    _ZONES,
    st.none() | st.integers(0, 1_200_000),
    st.sampled_from([None, "thinking"]),
)
def test_quote_is_a_pure_function(
    data: st.DataObject, at: datetime, zone: Any, tokens: int | None, mode: str | None
) -> None:
    offer = data.draw(st.sampled_from(_offers()))
    first = quote(offer, at, input_tokens=tokens, mode=mode)
    for other in _offers():  # other work in between changes nothing
        quote(other, at + timedelta(hours=7), input_tokens=tokens, mode=mode)
    assert quote(offer, at, input_tokens=tokens, mode=mode) == first
    # The same instant written in another zone gives the same quote.
    assert quote(offer, at.astimezone(zone), input_tokens=tokens, mode=mode) == first


@st.composite
def periods_and_instant(draw: st.DrawFn) -> tuple[list[tuple[datetime | None, datetime | None]], datetime, Offer]:
    """Non-overlapping periods (gaps allowed, ends open or not, bounds as dates or datetimes)."""
    base = datetime(2025, 1, 1, tzinfo=UTC)
    cuts = sorted(set(draw(st.lists(st.integers(0, 2_000), min_size=2, max_size=8))))
    spans: list[tuple[datetime | None, datetime | None]] = []
    written: list[dict[str, Any]] = []
    for n, (start, end) in enumerate(pairwise(cuts)):
        if not draw(st.booleans()):
            continue  # a gap
        spans.append((base + timedelta(hours=start * 24), base + timedelta(hours=end * 24)))
        written.append({"rates": {"input": str(n)}})
    if not spans:
        spans.append((base, base + timedelta(days=1)))
        written.append({"rates": {"input": "0"}})
    if draw(st.booleans()):
        spans[0] = (None, spans[0][1])
    if draw(st.booleans()):
        spans[-1] = (spans[-1][0], None)
    for span, period in zip(spans, written, strict=True):
        for key, bound in zip(("from", "to"), span, strict=True):
            if bound is None:
                period[key] = None
            elif draw(st.booleans()):
                period[key] = bound.date().isoformat()  # a date: midnight UTC
            else:
                period[key] = bound.astimezone(BEIJING).isoformat()  # the same instant, another zone
    offer = offer_from(written)
    edges = [bound for span in spans for bound in span if bound is not None]
    near_edges = st.sampled_from(edges or [base]).flatmap(
        lambda edge: st.sampled_from([edge, edge - timedelta(microseconds=1), edge + timedelta(hours=5)])
    )
    at = draw(near_edges | _INSTANTS)
    return spans, at, offer


@given(periods_and_instant())
def test_a_period_is_found_exactly_inside_its_range(case: tuple[list[Any], datetime, Offer]) -> None:
    spans, at, offer = case
    inside = [n for n, (start, end) in enumerate(spans) if (start is None or start <= at) and (end is None or at < end)]
    found = find_period(offer, at)
    if inside:
        assert found is offer.periods[inside[0]]
    else:
        assert found is None
        assert quote(offer, at) is None
