"""Effective prices at relays: list price × group multiplier × credit rate, in the top-up currency."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from pydantic import ValidationError

from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.datasets.models import Billing
from almanac.core.data.pricing import FxRateMissing, Quote, display, list_offer, quote, relay_price, relay_prices

from helpers import EDITS_PROJECT, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "datasets"
TODAY = date(2026, 11, 28)
PEAK = datetime(2026, 11, 25, 2, tzinfo=UTC)  # a Wednesday, DeepSeek peak hours


@cache
def load(name: str) -> Datasets:
    """A dataset of tests/fixtures/datasets/, or `frozen`: the sample's data as of commit a9bbfba
    (tests/fixtures/edits/README.md), whose relays and prices stay put when the sample's are refreshed."""
    return load_datasets(EDITS_PROJECT if name == "frozen" else FIXTURES / name, today=TODAY)


def list_quote(data: Datasets, model: str, provider: str, currency: str = "USD") -> Quote:
    offer = next(
        offer
        for offer in data.models[model].offers
        if (offer.provider, offer.currency, offer.service_tier) == (provider, currency, "standard")
    )
    found = quote(offer, PEAK)
    assert found is not None
    return found


def billing(**fields: Any) -> Billing:
    return Billing.model_validate({"currency": "CNY", **fields})


def d(text: str) -> Decimal:
    return Decimal(text)


def test_the_credit_rate_is_structured() -> None:
    relay = load("examples").providers["example-relay"].billing
    assert relay is not None and relay.credit_rate is not None
    assert (relay.credit_rate.pay, relay.credit_rate.get, relay.credit_rate.get_currency) == (d("1"), d("1"), "USD")
    assert relay.credit_note == "1 CNY = 1 USD of list-price credit"
    for name in ("relay-a", "relay-b"):
        frozen = load("frozen").providers[name].billing
        assert frozen is not None and frozen.credit_rate is not None and frozen.credit_rate.get_currency == "USD"
    with pytest.raises(ValidationError, match="expected a number above zero"):
        billing(credit_rate={"pay": "0", "get": "1", "get_currency": "USD"})
    with pytest.raises(ValidationError):
        billing(credit_rate="1 CNY = 1 USD of list-price credit")  # the old free text


def test_claude_sonnet_at_a_relay() -> None:
    data = load("examples")
    sonnet = list_quote(data, "claude-sonnet-4-5", "anthropic")
    relay = data.providers["example-relay"].billing
    assert relay is not None
    effective = relay_price(sonnet, d("0.6"), relay, data.fx, PEAK.date())
    assert effective.currency == "CNY"
    # $3 input × 0.6 × 1 CNY / 1 USD of credit = 1.80 CNY; output $15 × 0.6 = 9.00; cache hit $0.30 × 0.6 = 0.18.
    input_rate = effective.rate("input")
    assert input_rate == d("1.80")
    assert input_rate is not None and display(input_rate, effective.currency) == "¥1.80"
    assert effective.rate("output") == d("9.00")
    assert effective.rate("cache_read") == d("0.18")
    assert effective.fx_rates == ()  # the list price is already in the credit currency
    assert effective.labels == (
        "list price at anthropic (global, USD, standard)",
        "× 0.6 (multiple of list price)",
        "× 1 CNY per 1 USD of list-price credit",
    )


def test_credit_rates_that_are_not_one_to_one() -> None:
    data = load("examples")
    sonnet = list_quote(data, "claude-sonnet-4-5", "anthropic")
    # 7 CNY buy 1 USD of credit: $3 × 0.6 × 7 / 1 = 12.6 CNY.
    seven = billing(credit_rate={"pay": "7", "get": "1", "get_currency": "USD"})
    assert relay_price(sonnet, d("0.6"), seven, data.fx, PEAK.date()).rate("input") == d("12.6")
    # 10 CNY buy 12 USD: $3 × 0.6 × 10 / 12 = 18 / 12 = 1.5 CNY.
    bonus = billing(credit_rate={"pay": "10", "get": "12", "get_currency": "USD"})
    assert relay_price(sonnet, d("0.6"), bonus, data.fx, PEAK.date()).rate("input") == d("1.5")
    # Credit counted in CNY: the USD list price is converted first, $3 × 7.10 = 21.30 CNY,
    # then × 0.6 = 12.78 CNY.
    in_yuan = billing(credit_rate={"pay": "1", "get": "1", "get_currency": "CNY"})
    converted = relay_price(sonnet, d("0.6"), in_yuan, data.fx, PEAK.date())
    assert converted.rate("input") == d("12.78")
    assert [rate.per_usd for rate in converted.fx_rates] == [d("7.10")]
    assert converted.labels[1] == "converted at 7.10 CNY/USD (2026-08-01)"


def test_a_cny_list_price_bought_with_usd_credit() -> None:
    data = load("examples")
    flash = list_quote(data, "glm-5-3-flash", "zhipu-bigmodel", "CNY")
    assert flash.rate("input") == d("0.8")
    relay = data.providers["example-relay"].billing
    assert relay is not None
    # 0.8 CNY / 7.10 = 0.11267605633802816… USD of credit, × 0.6 × 1 CNY / 1 USD = 0.0676056338… CNY.
    effective = relay_price(flash, d("0.6"), relay, data.fx, PEAK.date())
    input_rate = effective.rate("input")
    assert input_rate is not None and input_rate.quantize(d("1e-10")) == d("0.0676056338")
    assert display(input_rate, "CNY") == "¥0.06761"
    assert effective.rate("cache_storage_per_mtok_hour") == d("0")  # free stays free
    with pytest.raises(FxRateMissing, match="add a rate for CNY dated on or before 2026-07-31"):
        relay_price(flash, d("0.6"), relay, data.fx, date(2026, 7, 31))


def test_without_a_credit_rate_credit_is_at_face_value() -> None:
    data = load("minimal")
    rows = relay_prices(data, "relay-x", PEAK)
    assert [(row.model_id, row.group, row.multiplier) for row in rows] == [("acme-large", "default", d("0.6"))]
    row = rows[0]
    assert row.list_quote is not None and row.list_quote.provider == "acme-cloud"
    assert row.relay is not None
    # No credit rate: credit is CNY at face value, so the $1.00 list price is converted at 7.10
    # and multiplied: 1.00 × 7.10 × 0.6 = 4.26 CNY; output 4.00 × 7.10 × 0.6 = 17.04 CNY.
    assert (row.relay.rate("input"), row.relay.rate("output")) == (d("4.26"), d("17.04"))
    assert row.relay.labels[-1] == "credit at face value in CNY (no credit rate given)"


def test_relay_prices_list_every_model_offered() -> None:
    data = load("examples")
    rows = relay_prices(data, "example-relay", PEAK)
    assert [(row.model_id, row.group, row.multiplier) for row in rows] == [
        ("claude-sonnet-4-5", "default", d("0.6")),
        ("deepseek-v4-pro", "default", d("0.6")),
    ]
    sonnet, deepseek = rows
    assert sonnet.relay is not None and sonnet.relay.rate("input") == d("1.80")
    # DeepSeek's first-party USD list price at peak, 1.32 × 0.6 = 0.792 CNY; output 3.96 × 0.6 = 2.376.
    assert deepseek.list_quote is not None and deepseek.list_quote.provider == "deepseek"
    assert deepseek.relay is not None
    assert (deepseek.relay.rate("input"), deepseek.relay.rate("output")) == (d("0.792"), d("2.376"))
    with pytest.raises(LookupError, match="unknown provider 'nowhere'"):
        relay_prices(data, "nowhere", PEAK)


def test_relay_a_prices_both_groups_of_a_model() -> None:
    data = load("frozen")
    rows = [row for row in relay_prices(data, "relay-a", PEAK) if row.model_id == "claude-sonnet-4-6"]
    # Anthropic's list price $3 input: default group 1.0 → 3 CNY, discount group 0.5 → 1.5 CNY.
    assert [(row.group, row.relay.rate("input")) for row in rows if row.relay] == [
        ("default", d("3.0")),
        ("discount", d("1.5")),
    ]


def test_without_a_first_party_offer_the_cheapest_usd_offer_is_the_list_price() -> None:
    data = load("frozen")
    # Qwen3-Coder is sold by OpenRouter (0.22 / 1.8) and Bedrock (0.45 / 1.8), neither first party.
    # Blended: (3 × 0.22 + 1.8) / 4 = 0.615 against (3 × 0.45 + 1.8) / 4 = 0.7875: OpenRouter.
    offer = list_offer(data, data.models["qwen3-coder-480b-a35b"], PEAK)
    assert offer is not None and offer.provider == "openrouter"
    # DeepSeek sells in USD and CNY first party: the credit currency (USD) is preferred.
    deepseek = list_offer(data, data.models["deepseek-v4-pro"], PEAK)
    assert deepseek is not None and (deepseek.provider, deepseek.currency) == ("deepseek", "USD")
    yuan = list_offer(data, data.models["deepseek-v4-pro"], PEAK, currency="CNY")
    assert yuan is not None and yuan.currency == "CNY"
