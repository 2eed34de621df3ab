"""One rule for "the current price": the list price in force on the build date, the same at any
hour and on any day of the week; off-peak rates are published beside it, labelled with their
hours, never as the current price. Tables, relay prices and the JSON API all follow it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from almanac.core.data.api import models_document
from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.pricing import current_offers, current_quote, quote, relay_prices

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
SATURDAY = date(2026, 11, 28)
MONDAY = date(2026, 11, 30)


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever its prices."""
    return load_datasets(ROOT, today=MONDAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): for the prices worked out below."""
    return load_datasets(EDITS_PROJECT, today=MONDAY)


def noon(day: date) -> datetime:
    """The build instant of a build on `day`."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def offers_of(document: dict[str, Any], model_id: str) -> list[dict[str, Any]]:
    return next(model["offers"] for model in document["models"] if model["id"] == model_id)


def prices(document: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, ...]]:
    """What the API states as current: each offer's rates, blended price and what applied."""
    return {
        (model["id"], offer["provider"], offer["region"], offer["currency"], offer["service_tier"]): (
            offer["rates"],
            offer["blended"],
            offer["applies"],
        )
        for model in document["models"]
        for offer in model["offers"]
    }


def test_the_api_gives_the_same_current_prices_on_a_saturday_and_a_monday() -> None:
    for data in (sample(), frozen()):
        assert prices(models_document(data, noon(SATURDAY))) == prices(models_document(data, noon(MONDAY)))
    saturday = models_document(frozen(), noon(SATURDAY))
    # DeepSeek's list price, not its weekend (or weekday evening) off-peak price.
    [deepseek] = [
        o for o in offers_of(saturday, "deepseek-v4-pro") if o["provider"] == "deepseek" and o["currency"] == "USD"
    ]
    assert (deepseek["rates"]["input"], deepseek["rates"]["output"]) == ("1.32", "3.96")
    assert all("off-peak" not in label for label in deepseek["applies"])


def test_the_api_labels_the_off_peak_rates_with_their_hours() -> None:
    document = models_document(frozen(), noon(SATURDAY))
    [deepseek] = [
        o for o in offers_of(document, "deepseek-v4-pro") if o["provider"] == "deepseek" and o["currency"] == "USD"
    ]
    assert deepseek["time_windows"] == [
        {
            "name": "off_peak",
            "label": "off-peak (UTC Mon–Fri 00:00–01:00, 04:00–06:00, 10:00–24:00)",
            "tz": "UTC",
            "weekdays": [1, 2, 3, 4, 5],
            "hours": ["00:00-01:00", "04:00-06:00", "10:00-24:00"],
            "rates": {"input": "0.66", "cache_read": "0.022", "output": "1.98"},
        },
        {
            "name": "off_peak_weekend",
            "label": "off-peak weekend (UTC Sat–Sun all day)",
            "tz": "UTC",
            "weekdays": [6, 7],
            "hours": ["00:00-24:00"],
            "rates": {"input": "0.66", "cache_read": "0.022", "output": "1.98"},
        },
    ]
    anthropic = offers_of(document, "claude-sonnet-4-5")
    assert all(offer["time_windows"] == [] for offer in anthropic)


@pytest.mark.parametrize("hour", [0, 2, 5, 12, 23])
def test_the_current_price_does_not_depend_on_the_hour(hour: int) -> None:
    data = sample()
    for model in data.models.values():
        for offer in model.offers:
            at_noon = current_quote(offer, noon(MONDAY))
            at_hour = current_quote(offer, datetime.combine(MONDAY, time(hour), tzinfo=UTC))
            if at_noon is not None and at_hour is not None and at_noon.period_from == at_hour.period_from:
                assert at_noon.rates == at_hour.rates, (model.id, offer.provider, hour)


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_tables_and_relays_use_the_current_price(which: str) -> None:
    # Whatever the sample's prices; the frozen data makes sure relay prices with off-peak hours are among them.
    data = sample() if which == "sample" else frozen()
    at = noon(SATURDAY)
    for row in current_offers(data, at):
        offer = next(
            o
            for o in data.models[row.model_id].offers
            if (o.provider, o.region, o.currency, o.service_tier)
            == (row.provider_id, row.region, row.currency, row.service_tier)
        )
        assert row.quote == current_quote(offer, at)
    relays = [provider_id for provider_id, provider in data.providers.items() if provider.kind == "relay"]
    rows = [(provider_id, row) for provider_id in relays for row in relay_prices(data, provider_id, at)]
    for _, relay in rows:
        assert relay.list_quote is not None
        assert not any("off-peak" in label for label in relay.list_quote.labels)
    if which == "frozen":
        # relay-a sells DeepSeek-V4-Pro, whose list price has off-peak hours (Saturday is one of them).
        assert ("relay-a", "deepseek-v4-pro") in {(provider_id, row.model_id) for provider_id, row in rows}


def test_off_peak_rates_still_price_a_request_at_its_own_hour() -> None:
    offer = next(
        o for o in frozen().models["deepseek-v4-pro"].offers if o.provider == "deepseek" and o.currency == "USD"
    )
    sunday_noon = quote(offer, datetime(2026, 11, 29, 12, tzinfo=UTC))
    assert sunday_noon is not None and str(sunday_noon.rate("input")) == "0.66"


UNLISTED_CACHE = """\
schema_version: 1
vendor: {id: lab, name: Lab}
models:
  - id: plain
    name: Plain
    offers:
      - provider: lab-api
        region: global
        currency: USD
        periods:
          - from: null
            to: null
            rates: {input: "0.6", output: "2.4"}
            source: "https://lab.example/"
            checked: 2026-11-20
  - id: cached
    name: Cached
    offers:
      - provider: lab-api
        region: global
        currency: USD
        periods:
          - from: null
            to: null
            rates: {input: "3", cache_read: "0.3", cache_write_5m: "3.75", cache_write_1h: "6", output: "15"}
            source: "https://lab.example/"
            checked: 2026-11-20
"""


def test_the_api_leaves_out_a_cache_price_the_provider_does_not_list_and_says_what_it_bills_as(
    tmp_path: Path,
) -> None:
    for name, text in {
        "vendors/lab.yaml": UNLISTED_CACHE,
        "providers/lab-api.yaml": "schema_version: 1\nid: lab-api\nname: Lab API\nkind: first_party\n",
        "fx.yaml": "base: USD\nrates: []\n",
        "tags.yaml": "- name: pricing\n",
    }.items():
        (tmp_path / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / name).write_text(text, encoding="utf-8")
    document = models_document(load_datasets(tmp_path, today=MONDAY), noon(MONDAY))
    [plain] = offers_of(document, "plain")
    # Not "cache_read": "0.6", a copy of the input price that would read as listed.
    assert plain["rates"] == {"input": "0.6", "output": "2.4"}
    assert plain["billed_as"] == {"cache_read": "input", "cache_write": "input"}
    [cached] = offers_of(document, "cached")
    assert cached["rates"] == {
        "input": "3",
        "cache_read": "0.3",
        "cache_write_5m": "3.75",
        "cache_write_1h": "6",
        "output": "15",
    }
    assert cached["billed_as"] == {}  # writes are priced by duration: no plain cache write to bill as input
