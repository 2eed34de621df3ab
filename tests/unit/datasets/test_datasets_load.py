"""Valid projects load cleanly and give typed, exact data."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from almanac.core.data.datasets import check_project, is_current, load_datasets

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "datasets"
TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("name", ["minimal", "examples"])
def test_fixture_projects_have_no_errors(name: str) -> None:
    assert check_project(FIXTURES / name, today=TODAY) == []


def test_design_examples_load_with_their_values() -> None:
    data = load_datasets(FIXTURES / "examples", today=TODAY)

    assert sorted(data.vendors) == ["anthropic", "deepseek"]
    assert sorted(data.providers) == [
        "alibaba-bailian",
        "alibaba-model-studio-intl",
        "anthropic",
        "deepseek",
        "example-relay",
        "zhipu-bigmodel",
    ]
    assert data.vendor_of["glm-4.5-air"] == "deepseek"  # several labs in one file, as in the example

    pro = data.models["deepseek-v4-pro"]
    period = pro.offers[0].periods[0]
    assert period.from_ == datetime(2026, 8, 16, 16, 0, tzinfo=UTC)
    assert period.to is None
    assert period.rates is not None
    assert period.rates.as_dict() == {
        "input": Decimal("1.32"),
        "cache_read": Decimal("0.044"),
        "output": Decimal("3.96"),
    }
    assert period.checked == date(2026, 8, 20)
    assert [window.spans() for window in period.time_windows] == [((0, 60), (240, 360), (600, 1440)), ((0, 1440),)]
    assert is_current(period, TODAY)

    flash = data.models["glm-5-3-flash"].offers[0].periods[0]
    promotion = flash.promotions[0]
    # "…T24:00:00+08:00" is the midnight that ends 9 September in Beijing.
    assert promotion.to == datetime(2026, 9, 10, 0, 0, tzinfo=timezone(timedelta(hours=8)))
    assert flash.rates is not None
    assert flash.rates.as_dict()["cache_storage_per_mtok_hour"] is None  # null: not offered
    assert flash.promotions[1].rates.as_dict() == {"cache_storage_per_mtok_hour": Decimal("0")}  # "0": free

    tiers = data.models["qwen-plus-2025-07-28"].offers[0].periods[0].tiers
    assert tiers is not None
    assert [(band.min, band.max) for band in tiers.bands] == [(0, 256000), (256000, 1000000)]
    assert tiers.bands[0].mode_overrides["thinking"].output == Decimal("4")

    relay = data.providers["example-relay"]
    assert relay.billing is not None
    assert [(group.name, group.multiplier) for group in relay.billing.groups] == [
        ("default", Decimal("0.6")),
        ("cheap", Decimal("0.3")),
    ]
    assert data.status["example-relay"]["2026-08"].days[0].uptime_pct == Decimal("98.4")
    assert data.status["example-relay"]["2026-08"].days[0].http_errors == {"429": 1, "502": 1}
    assert data.incidents["example-relay"].incidents[0].affected == ("sonnet-chat",)
    assert data.fx is not None and data.fx.rates[0].per_usd == Decimal("7.10")
    assert [tag.name for tag in data.tags] == ["large model", "API gateway", "pricing"]


def test_documents_keep_positions() -> None:
    data = load_datasets(FIXTURES / "minimal", today=TODAY)
    document = data.documents["data/vendors/acme.yaml"]
    loc = ("models", 0, "offers", 0, "periods", 0, "rates", "input")
    assert document.position(loc) == (15, 28)
    assert document.key_position(loc) == (15, 21)


def test_bare_decimals_are_exact_and_never_floats(project, errors_in) -> None:
    root = project(
        {
            "data/vendors/acme.yaml": """
            schema_version: 1
            vendor: {id: acme, name: Acme AI}
            models:
              - id: acme-large
                name: Acme Large
                offers:
                  - provider: acme-cloud
                    region: global
                    currency: USD
                    periods:
                      - from: 2026-01-01
                        rates: {input: 0.10, cache_read: 0.1000, output: 3}
                        source: s
                        checked: 2026-08-20
            """
        }
    )
    rates = load_datasets(root, today=TODAY).models["acme-large"].offers[0].periods[0].rates
    assert rates is not None
    assert rates.as_dict() == {"input": Decimal("0.10"), "cache_read": Decimal("0.1000"), "output": Decimal("3")}
    assert str(rates.input) == "0.10"  # the text as written, not 0.1000000000000000055511151231257827


def test_plain_scalars_follow_yaml_1_2(project) -> None:
    # `NO` (Norway) stays text, as in editors; YAML 1.1 would read it as false.
    root = project(
        {
            "data/vendors/acme.yaml": """
            schema_version: 1
            vendor: {id: acme, name: Acme AI, country: NO}
            models:
              - {id: acme-large, name: Acme Large}
            """
        }
    )
    assert load_datasets(root, today=TODAY).vendors["acme"].vendor.country == "NO"


def test_no_data_folder_means_no_data(tmp_path: Path) -> None:
    data = load_datasets(tmp_path, today=TODAY)
    assert data.models == {} and data.tags == () and data.fx is None


def test_loading_is_fast() -> None:
    check_project(FIXTURES / "examples", today=TODAY)  # warm up imports
    start = time.perf_counter()
    for _ in range(10):
        check_project(FIXTURES / "examples", today=TODAY)
    per_run = (time.perf_counter() - start) / 10
    assert per_run < 0.2, f"{per_run:.3f} s per load of the examples"


def test_tags_alone_are_those_of_the_whole_load(project: Callable[..., Path]) -> None:
    # The blog needs the tags before the rest of data/ is read: the same tags, the same checks.
    from almanac.core.data.datasets.loader import data_vocabulary, load_tags, tags_vocabulary

    root = project({"data/tags.yaml": "- name: chips\n  aliases: [芯片]\n- name: pricing\n"})
    found = load_tags(root)
    assert found is not None
    tags, document = found
    data = load_datasets(root, today=TODAY)
    assert tags == data.tags and document is not None
    alone, whole = tags_vocabulary(tags, document), data_vocabulary(data)
    assert alone is not None and whole is not None and alone.tags == whole.tags
    assert alone.resolve("芯片") == "chips" and alone.tags["pricing"].line == 3
    # A broken file gives nothing here: the whole load reports its errors with the others'.
    file = root / "data" / "tags.yaml"
    for broken in ("- name: chips\n  aliases: [Chips]\n- name: CHIPS\n", "- nam: chips\n", "- name: [chips\n"):
        file.write_text(broken, encoding="utf-8")
        assert load_tags(root) is None, broken
    file.unlink()
    assert load_tags(root) == ((), None)
