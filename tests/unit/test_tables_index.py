"""What the tables of a build share (`core/data/tables/index.py`): the models in table order, and the
caches of quotes, cells and main offers. A table is the same whether its pieces were cached or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from almanac.core.data.blocks.draw import chart_models, render_block
from almanac.core.data.blocks.fences import RawBlock
from almanac.core.data.blocks.options import BlockSpec, options_text, parse_block
from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.pages.catalogue import catalogue
from almanac.core.data.pages.content import page_html
from almanac.core.data.tables import build_table
from almanac.core.data.tables.cells import TableContext
from almanac.core.data.tables.index import ByIdentity, table_index

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)
BUILD = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)

VENDOR = """\
schema_version: 1
vendor: {id: lab, name: Lab}
models:
  - id: one
    name: One
    offers:
      - provider: lab-api
        region: global
        currency: USD
        periods:
          - from: 2026-01-01
            to: null
            rates: {input: "PRICE", output: "8"}
            source: "https://lab.example/pricing"
            checked: 2026-11-20
"""
PROVIDER = "schema_version: 1\nid: lab-api\nname: Lab API\nkind: first_party\n"


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever it holds."""
    return load_datasets(ROOT, today=TODAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md), which has the models, vendors
    and providers the blocks below name whatever the sample's data comes to hold."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def lab(root: Path, price: str) -> Datasets:
    for name, text in {"vendors/lab.yaml": VENDOR.replace("PRICE", price), "providers/lab-api.yaml": PROVIDER}.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_datasets(root, today=TODAY)


def spec(options: dict[str, str | list[str]], datasets: Datasets | None = None) -> BlockSpec:
    body = options_text(options)
    raw = RawBlock(start_line=1, end_line=body.count("\n") + 3, body=body + "\n", indent=0)
    return parse_block(raw, path="p.md", line_offset=0, datasets=datasets or frozen(), today=TODAY)


# --- the cache by identity ------------------------------------------------------------------------


class Thing:
    """An object compared by value, as offers are: the cache must still tell two apart."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Thing)

    def __hash__(self) -> int:
        return 0


def test_a_value_is_made_once_per_object_and_key() -> None:
    made: list[str] = []
    values: ByIdentity[Thing, str] = ByIdentity()
    one, other = Thing(), Thing()

    def make(label: str) -> str:
        made.append(label)
        return label

    assert values.get(one, 1, lambda: make("one at 1")) == "one at 1"
    assert values.get(one, 1, lambda: make("again")) == "one at 1"
    assert values.get(one, 2, lambda: make("one at 2")) == "one at 2"
    assert values.get(other, 1, lambda: make("other at 1")) == "other at 1"  # equal, but another object
    assert made == ["one at 1", "one at 2", "other at 1"]
    assert len(values) == 3


def test_a_failure_is_not_kept() -> None:
    values: ByIdentity[Thing, str] = ByIdentity()
    one = Thing()

    def fail() -> str:
        raise LookupError("no rate")

    with pytest.raises(LookupError):
        values.get(one, 1, fail)
    assert values.get(one, 1, lambda: "made") == "made"


# --- one index per datasets -----------------------------------------------------------------------


def test_the_index_belongs_to_one_datasets_object(tmp_path: Path) -> None:
    first = lab(tmp_path / "a", "2")
    assert table_index(first) is table_index(first)
    # The preview loads the data again after an edit: the new datasets get a new index, and
    # nothing cached from the old ones (quotes, cells, main offers) is shown.
    edited = lab(tmp_path / "b", "3")
    assert table_index(edited) is not table_index(first)
    before = build_table(spec({"table": "prices", "columns": ["model", "input"]}, first), first, at=BUILD)
    after = build_table(spec({"table": "prices", "columns": ["model", "input"]}, edited), edited, at=BUILD)
    assert [row.cells[1].text for row in before.rows] == ["$2.00"]
    assert [row.cells[1].text for row in after.rows] == ["$3.00"]
    again = build_table(spec({"table": "prices", "columns": ["model", "input"]}, first), first, at=BUILD)
    assert again == before


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_the_index_matches_the_datasets(which: str) -> None:
    data = sample() if which == "sample" else frozen()
    index = table_index(data)
    assert sorted(index.ordered, key=lambda model: model.id) == sorted(data.models.values(), key=lambda m: m.id)
    assert all(index.ordered[index.position[model.id]] is model for model in data.models.values())
    for vendor in data.vendors:
        assert [m.id for m in index.by_vendor[vendor]] == [m for m in data.models if data.vendor_of[m] == vendor]


# --- the models of a block ------------------------------------------------------------------------

FILTERS: list[dict[str, str | list[str]]] = [
    {},
    {"models": ["qwen3.6-plus", "claude-sonnet-4-5", "gpt-5"]},
    {"vendors": ["zhipu", "deepseek", "anthropic"]},
    {"vendors": ["openai"], "models": ["gpt-5", "claude-sonnet-4-5"]},
    {"capabilities": ["reasoning", "tools"]},
    {"vendors": ["alibaba", "openai"], "capabilities": ["vision"]},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: options_text(filters) or "all")
def test_the_models_of_a_table_by_vendor_then_as_written(filters: dict[str, str | list[str]]) -> None:
    data = frozen()
    block = spec({"table": "prices", **filters})
    expected = sorted(
        (
            (data.vendor_of[model_id], n, model)
            for n, (model_id, model) in enumerate(data.models.items())
            if (not block.models or model_id in block.models)
            and (not block.vendors or data.vendor_of[model_id] in block.vendors)
            and set(block.capabilities) <= set(model.capabilities)
        ),
        key=lambda item: (item[0], item[1]),
    )
    assert TableContext(block, data, BUILD).models() == [model for _, _, model in expected]


@pytest.mark.parametrize("filters", FILTERS[:4], ids=lambda filters: options_text(filters) or "all")
def test_the_models_of_a_chart_as_written(filters: dict[str, str | list[str]]) -> None:
    data = frozen()
    block = spec({"chart": "price-history", **filters})
    expected = [
        model
        for model_id, model in data.models.items()
        if (not block.models or model_id in block.models)
        and (not block.vendors or data.vendor_of[model_id] in block.vendors)
    ]
    assert chart_models(block, data) == expected


# --- cached or not, the same tables ---------------------------------------------------------------


def test_tables_are_the_same_drawn_first_or_after_others() -> None:
    # Drawn alone, each table computes its quotes, cells and main offers; drawn after every
    # page of the site, it takes them from the caches. The HTML must not tell.
    blocks: list[dict[str, str | list[str]]] = [
        {"table": "prices", "currency": "CNY"},
        {"table": "workloads", "models": ["claude-sonnet-4-5"]},
        {"table": "offers", "providers": ["openrouter"]},
        {"chart": "price-vs-context", "vendors": ["deepseek"], "currency": "USD"},
        {"table": "relay-prices"},
    ]
    alone = []
    for options in blocks:
        fresh = load_datasets(EDITS_PROJECT, today=TODAY)  # a new index for each
        alone.append(render_block(spec(options, fresh), fresh, at=BUILD, root="../", id_prefix="t"))
    data = frozen()
    for page in catalogue(data):
        if page.kind != "api":
            content = page_html(page, data, at=BUILD, root="../", link=str)
            content.draw(page.url, data, at=BUILD)
    after = [render_block(spec(options), data, at=BUILD, root="../", id_prefix="t") for options in blocks]
    assert after == alone


def test_equal_amounts_share_a_money_cell() -> None:
    context = TableContext(spec({"table": "prices"}), frozen(), BUILD)
    three = context.money(Decimal("3.0"), "USD")
    assert context.money(Decimal("3.000"), "USD") is three
    assert three.text == "$3.00"
    assert context.money(Decimal("3"), "CNY").text == "¥3.00"
    assert context.money(Decimal("3"), "USD", listed=False).text == "—"
