"""Derived figures for pages: workload costs, price changes over time, rows of current-price tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from almanac.core.data.datasets import Datasets, Offer, load_datasets
from almanac.core.data.pricing import (
    AGENT,
    CHAT,
    LONG_CONTEXT,
    RAG,
    WORKLOADS,
    current_offers,
    is_stale,
    price_changes,
    workload_cost,
)

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "fixtures" / "datasets" / "examples"
TODAY = date(2026, 11, 28)
PEAK = datetime(2026, 11, 25, 2, tzinfo=UTC)  # a Wednesday, DeepSeek peak hours
TEN_PLACES = Decimal("1e-10")


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever its prices."""
    return load_datasets(ROOT, today=TODAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): for the prices worked out below."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


@cache
def examples() -> Datasets:
    return load_datasets(EXAMPLES, today=TODAY)


def offer_of(data: Datasets, model: str, provider: str, currency: str = "USD", tier: str = "standard") -> Offer:
    return next(
        offer
        for offer in data.models[model].offers
        if (offer.provider, offer.currency, offer.service_tier) == (provider, currency, tier)
    )


def d(text: str) -> Decimal:
    return Decimal(text)


# --- workloads ------------------------------------------------------------------------------------


def test_the_named_workloads() -> None:
    assert [(w.name, w.input_tokens, w.cached_tokens, w.output_tokens) for w in WORKLOADS] == [
        ("chat", 2_000, 0, 500),
        ("rag", 20_000, 10_000, 500),
        ("agent", 100_000, 80_000, 5_000),
        ("long_context", 200_000, 0, 2_000),
    ]


def test_each_workload_on_claude_sonnet() -> None:
    # Anthropic's prices of Sonnet 4.5 (tests/fixtures/edits/data/vendors/anthropic.yaml): below 200K input
    # tokens 3 / 0.30 cache hit / 15; from 200K on, 6 / 0.60 / 22.50 (per million tokens, USD).
    sonnet = offer_of(frozen(), "claude-sonnet-4-5", "anthropic")
    # Chat: 2,000 × 3 + 500 × 15 = 6,000 + 7,500 = 13,500 → 0.0135.
    assert workload_cost(sonnet, CHAT, PEAK) == d("0.0135")
    # RAG: 10,000 × 3 + 10,000 × 0.3 + 500 × 15 = 30,000 + 3,000 + 7,500 = 40,500 → 0.0405.
    assert workload_cost(sonnet, RAG, PEAK) == d("0.0405")
    # Agent: 20,000 × 3 + 80,000 × 0.3 + 5,000 × 15 = 60,000 + 24,000 + 75,000 = 159,000 → 0.159.
    assert workload_cost(sonnet, AGENT, PEAK) == d("0.159")
    # Long context: 200,000 tokens is in the second band [200K, 1M):
    # 200,000 × 6 + 2,000 × 22.5 = 1,200,000 + 45,000 = 1,245,000 → 1.245.
    assert workload_cost(sonnet, LONG_CONTEXT, PEAK) == d("1.245")


def test_batch_workloads_cost_half_and_stop_at_the_last_band() -> None:
    batch = offer_of(frozen(), "claude-sonnet-4-5", "anthropic", tier="batch")
    # 2,000 × 1.5 + 500 × 7.5 = 3,000 + 3,750 = 6,750 → 0.00675, half of 0.0135.
    assert workload_cost(batch, CHAT, PEAK) == d("0.00675")
    assert workload_cost(batch, LONG_CONTEXT, PEAK) is None  # batch prices stop below 200K tokens


def test_workloads_follow_time_windows_and_bands() -> None:
    pro = offer_of(frozen(), "deepseek-v4-pro", "deepseek")
    # Peak: 2,000 × 1.32 + 500 × 3.96 = 2,640 + 1,980 = 4,620 → 0.00462; off-peak is half.
    assert workload_cost(pro, CHAT, PEAK) == d("0.00462")
    assert workload_cost(pro, CHAT, datetime(2026, 11, 25, 12, tzinfo=UTC)) == d("0.00231")
    # At the list price (as tables show it), off-peak hours and the weekend are left out.
    saturday = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert workload_cost(pro, CHAT, saturday) == d("0.00231")
    assert workload_cost(pro, CHAT, saturday, time_windows=False) == d("0.00462")
    # GLM-5.1 (CNY) records only the band below 32K tokens: 6 / 1.3 cache hit / 24.
    glm = offer_of(frozen(), "glm-5.1", "zhipu-bigmodel", "CNY")
    # RAG: 10,000 × 6 + 10,000 × 1.3 + 500 × 24 = 60,000 + 13,000 + 12,000 = 85,000 → 0.085 CNY.
    assert workload_cost(glm, RAG, PEAK) == d("0.085")
    assert workload_cost(glm, AGENT, PEAK) is None  # 100K tokens: past the last recorded band


def test_a_workload_needing_a_key_that_is_not_offered() -> None:
    offer = Offer.model_validate(
        {
            "provider": "acme",
            "region": "global",
            "currency": "USD",
            "periods": ({"from": None, "to": None, "rates": {"input": "1", "cache_read": None, "output": "2"}},),
        }
    )
    assert workload_cost(offer, RAG, PEAK) is None  # cached input, but no caching
    # Chat needs no cache: 2,000 × 1 + 500 × 2 = 3,000 → 0.003.
    assert workload_cost(offer, CHAT, PEAK) == d("0.003")


# --- price changes ------------------------------------------------------------------------------------


def test_price_changes_of_deepseek_chat() -> None:
    changes = price_changes(frozen().models["deepseek-chat"])
    assert [(c.at, c.key, c.old, c.new) for c in changes] == [
        # Launch → 2025-02-08: 0.14 → 0.27 in, 0.014 → 0.07 cache hit, 0.28 → 1.10 out.
        (datetime(2025, 2, 8, tzinfo=UTC), "input", d("0.14"), d("0.27")),
        (datetime(2025, 2, 8, tzinfo=UTC), "cache_read", d("0.014"), d("0.07")),
        (datetime(2025, 2, 8, tzinfo=UTC), "output", d("0.28"), d("1.1")),
        # 2025-02-26 16:30 added the off-peak window, not a list-price change: nothing listed.
        # 2025-09-29 (after a gap): 0.27 → 0.28 in, 0.07 → 0.028 cache hit, 1.10 → 0.42 out.
        (datetime(2025, 9, 29, tzinfo=UTC), "input", d("0.27"), d("0.28")),
        (datetime(2025, 9, 29, tzinfo=UTC), "cache_read", d("0.07"), d("0.028")),
        (datetime(2025, 9, 29, tzinfo=UTC), "output", d("1.1"), d("0.42")),
    ]
    relative = [c.relative.quantize(TEN_PLACES) for c in changes if c.relative is not None]
    # 0.13 / 0.14, 0.056 / 0.014, 0.82 / 0.28, 0.01 / 0.27, −0.042 / 0.07, −0.68 / 1.1.
    assert relative == [
        d("0.9285714286"), d("4.0000000000"), d("2.9285714286"),
        d("0.0370370370"), d("-0.6000000000"), d("-0.6181818182"),
    ]  # fmt: skip
    assert {c.offer for c in changes} == {("deepseek", "global", "USD", "standard")}
    assert all(c.tier is None for c in changes)


def test_price_changes_of_deepseek_v4_pro() -> None:
    changes = price_changes(frozen().models["deepseek-v4-pro"])
    assert [(c.at.isoformat(), c.key, c.old, c.new) for c in changes] == [
        # Cache hits cut to a tenth: 0.145 → 0.0145 (input and output unchanged, not listed).
        ("2026-04-26T12:15:00+00:00", "cache_read", d("0.145"), d("0.0145")),
        # The peak/off-peak price list; the 75 % promotion of the period before is not a list price.
        ("2026-08-16T16:00:00+00:00", "input", d("1.74"), d("1.32")),
        ("2026-08-16T16:00:00+00:00", "cache_read", d("0.0145"), d("0.044")),
        ("2026-08-16T16:00:00+00:00", "output", d("3.48"), d("3.96")),
    ]
    assert changes[0].relative == d("-0.9")  # (0.0145 − 0.145) / 0.145


def test_price_changes_between_tiers_and_flat_rates() -> None:
    changes = price_changes(frozen().models["claude-opus-4-6"])
    # On 2026-03-13 the surcharge above 200K tokens went; below 200K nothing changed.
    assert {c.tier for c in changes} == {"tier 200K–1M input tokens"}
    assert [(c.key, c.old, c.new) for c in changes] == [
        ("input", d("10"), d("5")),
        ("cache_read", d("1"), d("0.5")),
        ("cache_write_5m", d("12.5"), d("6.25")),
        ("cache_write_1h", d("20"), d("10")),
        ("output", d("37.5"), d("25")),
    ]
    # Half for every key but output: (25 − 37.5) / 37.5 = −1/3, kept to 34 digits.
    assert [c.relative for c in changes] == [d("-0.5")] * 4 + [d("-0." + "3" * 34)]


def test_price_changes_are_deterministic_and_oldest_first() -> None:
    for model in [*sample().models.values(), *frozen().models.values()]:
        changes = price_changes(model)
        assert changes == price_changes(model)
        assert [c.at for c in changes] == sorted(c.at for c in changes)


# --- current offers -------------------------------------------------------------------------------------


def test_current_offers_of_the_examples() -> None:
    rows = current_offers(examples(), PEAK)
    assert [(r.vendor_id, r.model_id, r.provider_id, r.region, r.currency) for r in rows] == [
        ("anthropic", "claude-sonnet-4-5", "anthropic", "global", "USD"),
        ("deepseek", "deepseek-v4-pro", "deepseek", "global", "USD"),
        ("deepseek", "glm-4.5-air", "alibaba-bailian", "cn-beijing", "CNY"),
        ("deepseek", "glm-5-3-flash", "zhipu-bigmodel", "cn", "CNY"),
        ("deepseek", "qwen-plus-2025-07-28", "alibaba-model-studio-intl", "intl", "USD"),
    ]
    # Blended (3 × input + output) / 4: (9 + 15) / 4 = 6; (3.96 + 3.96) / 4 = 1.98;
    # first band (2.4 + 6) / 4 = 2.1; after the promotion (2.4 + 2.8) / 4 = 1.3; (1.2 + 1.2) / 4 = 0.6.
    assert [r.blended for r in rows] == [d("6"), d("1.98"), d("2.1"), d("1.3"), d("0.6")]
    assert rows[1].quote.rate("input") == d("1.32") and rows[1].provider_name == "DeepSeek API"
    # Every price was checked on 2026-08-20, 97 days before 2026-11-25: stale.
    assert all(r.stale for r in rows)
    assert current_offers(examples(), PEAK) == rows


def test_stale_means_checked_more_than_60_days_before() -> None:
    # 2026-08-20 + 60 days = 2026-10-19.
    assert not is_stale(date(2026, 8, 20), datetime(2026, 10, 19, 23, 59, tzinfo=UTC))
    assert is_stale(date(2026, 8, 20), datetime(2026, 10, 20, tzinfo=UTC))
    assert is_stale(None, PEAK)
    assert not any(r.stale for r in current_offers(examples(), datetime(2026, 10, 19, 12, tzinfo=UTC)))


def test_offers_without_a_price_at_the_instant_are_left_out() -> None:
    # Before 2025-09-29 the fixture's Claude price and DeepSeek-V4-Pro (from 2026-08-16) do not exist yet.
    early = current_offers(examples(), datetime(2025, 9, 28, 12, tzinfo=UTC))
    assert [r.model_id for r in early] == ["glm-4.5-air", "glm-5-3-flash", "qwen-plus-2025-07-28"]
    now = current_offers(frozen(), datetime(2026, 11, 28, 12, tzinfo=UTC))
    assert "deepseek-chat" not in {r.model_id for r in now}  # retired
    haiku = [(r.provider_id, r.service_tier) for r in now if r.model_id == "claude-haiku-4-5"]
    assert haiku == [
        ("anthropic", "standard"),
        ("anthropic", "batch"),  # service tiers in their own order, not alphabetically
        ("aws-bedrock", "standard"),
        ("openrouter", "standard"),
    ]
