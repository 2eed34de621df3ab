"""A cache write a price file gives without its lifetime is read as the provider's default one: Anthropic's
API keeps a cache five minutes unless asked for an hour, so LiteLLM's `cache_creation_input_token_cost` and
genai-prices' `cache_write_mtok` of an Anthropic model are its `cache_write_5m`, in every tier; another
provider's stays the plain `cache_write`. Beside a one-hour price, the plain one is the five-minute one."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.importers.common import PROVIDERS
from almanac.core.data.importers.genai_prices import PROVIDER_IDS as GENAI_PROVIDERS
from almanac.core.data.importers.genai_prices import read_genai_prices
from almanac.core.data.importers.litellm import PROVIDER_IDS as LITELLM_PROVIDERS
from almanac.core.data.importers.litellm import read_litellm
from almanac.core.data.importers.llm_prices import VENDOR_IDS

#: LiteLLM's shape of Claude Haiku 4.5 without the one-hour price (USD per token).
HAIKU = {
    "litellm_provider": "anthropic",
    "mode": "chat",
    "input_cost_per_token": 1e-06,
    "output_cost_per_token": 5e-06,
    "cache_read_input_token_cost": 1e-07,
    "cache_creation_input_token_cost": 1.25e-06,
    "input_cost_per_token_batches": 5e-07,
    "output_cost_per_token_batches": 2.5e-06,
    "cache_read_input_token_cost_batches": 5e-08,
    "cache_creation_input_token_cost_batches": 6.25e-07,
}


def litellm_rates(tmp_path: Path, entries: dict[str, object]) -> dict[tuple[str, str], dict[str, Decimal]]:
    (tmp_path / "prices.json").write_text(json.dumps(entries), encoding="utf-8")
    read = read_litellm(tmp_path / "prices.json", "prices.json")
    assert read.skipped == ()
    return {(offer.model, offer.service_tier): dict(offer.periods[0].rates) for offer in read.offers}


def test_litellm_an_anthropic_cache_write_is_the_five_minute_one_in_every_tier(tmp_path: Path) -> None:
    rates = litellm_rates(tmp_path, {"claude-haiku-4-5": HAIKU})
    assert rates == {
        ("claude-haiku-4-5", "standard"): {
            "input": Decimal(1),
            "cache_read": Decimal("0.1"),
            "cache_write_5m": Decimal("1.25"),
            "output": Decimal(5),
        },
        ("claude-haiku-4-5", "batch"): {
            "input": Decimal("0.5"),
            "cache_read": Decimal("0.05"),
            "cache_write_5m": Decimal("0.625"),
            "output": Decimal("2.5"),
        },
    }


def test_litellm_another_providers_cache_write_stays_plain_and_beside_an_hour_is_five_minutes(tmp_path: Path) -> None:
    bedrock = {**HAIKU, "litellm_provider": "bedrock"}
    hourly = {**bedrock, "cache_creation_input_token_cost_above_1hr": 2e-06}
    rates = litellm_rates(tmp_path, {"anthropic.claude-haiku-4-5": bedrock, "bedrock/claude-haiku-4-6": hourly})
    assert rates["anthropic.claude-haiku-4-5", "standard"]["cache_write"] == Decimal("1.25")
    assert rates["anthropic.claude-haiku-4-5", "batch"]["cache_write"] == Decimal("0.625")
    assert "cache_write_5m" not in rates["anthropic.claude-haiku-4-5", "standard"]
    hour = rates["claude-haiku-4-6", "standard"]
    assert (hour["cache_write_5m"], hour["cache_write_1h"]) == (Decimal("1.25"), Decimal(2))
    assert "cache_write" not in hour


@pytest.mark.parametrize(
    ("provider", "key"),
    [("anthropic", "cache_write_5m"), ("aws", "cache_write"), ("openrouter", "cache_write")],
)
def test_genai_prices_a_cache_write_without_its_lifetime_is_the_providers_default(
    tmp_path: Path, provider: str, key: str
) -> None:
    (tmp_path / "p.yml").write_text(
        f"id: {provider}\nmodels:\n  - id: claude-haiku-4-5\n"
        "    prices: {input_mtok: 1, cache_read_mtok: 0.1, cache_write_mtok: 1.25, output_mtok: 5}\n"
        "  - id: claude-haiku-4-6\n"
        "    prices: {input_mtok: 1, cache_write_mtok: 1.25, cache_write_1h_mtok: 2, output_mtok: 5}\n",
        encoding="utf-8",
    )
    lone, hourly = read_genai_prices(tmp_path / "p.yml", "p.yml").offers
    assert lone.periods[0].rates == {
        "input": Decimal(1),
        "cache_read": Decimal("0.1"),
        key: Decimal("1.25"),
        "output": Decimal(5),
    }
    assert hourly.periods[0].rates == {
        "input": Decimal(1),
        "cache_write_5m": Decimal("1.25"),
        "cache_write_1h": Decimal(2),
        "output": Decimal(5),
    }


def test_every_formats_key_names_one_of_our_providers() -> None:
    mapped = {*LITELLM_PROVIDERS.values(), *GENAI_PROVIDERS.values(), *(p for _, p in VENDOR_IDS.values())}
    assert mapped == set(PROVIDERS)
    assert {provider.cache_write for provider in PROVIDERS.values()} == {"cache_write", "cache_write_5m"}
    assert [pid for pid, provider in PROVIDERS.items() if provider.cache_write == "cache_write_5m"] == ["anthropic"]
