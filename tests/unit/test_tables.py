"""Tables of `almanac` blocks: figures worked by hand on the sample's data frozen at one commit
(tests/fixtures/edits/), flags, escaping, sort keys, HTML; what holds for any data, on the sample's own."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType

import jinja2
import pytest
from markupsafe import escape

from almanac.core.data import status
from almanac.core.data.blocks.fences import find_blocks
from almanac.core.data.blocks.options import COLUMNS, BlockSpec, parse_block
from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.data.tables import (
    HEADERS,
    Cell,
    Table,
    build_table,
    compare_keys,
    number_key,
    render_table,
    sort_rows,
)
from almanac.core.data.tables.html import _escape
from almanac.core.errors import AlmanacError

from helpers import EDITS_PROJECT

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "plugins" / "almanac" / "assets" / "almanac-tables.js"
TODAY = dt.date(2026, 11, 28)
BUILD = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)  # a Saturday: DeepSeek's weekend off-peak hours

TINY_VENDOR = """\
schema_version: 1
vendor: {id: lab, name: "Lab & Sons"}
models:
  - id: tricky
    name: "<script>alert('x')</script> & Co"
    context_window: 32000
    offers:
      - provider: lab-api
        region: global
        currency: USD
        periods:
          - from: 2026-01-01
            to: null
            rates: {input: "2", cache_read: null, cache_write: "0", output: "8"}
            source: "https://lab.example/pricing"
            checked: 2026-11-20
  - id: yuan-only
    name: Yuan Only
    offers:
      - provider: lab-api
        region: cn
        currency: CNY
        periods:
          - from: null
            to: null
            rates: {input: "7.1", output: "14.2"}
            source: "https://lab.example/pricing"
            checked: 2026-11-20
"""
TINY_PROVIDER = """\
schema_version: 1
id: lab-api
name: "Lab <API>"
kind: first_party
homepage: https://lab.example/
"""
TINY_FX = """\
base: USD
rates:
  - {currency: CNY, per_usd: "7.10", date: 2026-08-01, source: "https://www.safe.gov.cn/"}
"""


@cache
def sample() -> Datasets:
    """The sample's data as it is now: for what holds whatever its prices."""
    return load_datasets(ROOT, today=TODAY)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): for the figures worked out below."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def datasets_named(which: str) -> Datasets:
    return sample() if which == "sample" else frozen()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Datasets:
    root = tmp_path_factory.mktemp("tiny")
    for name, text in {
        "vendors/lab.yaml": TINY_VENDOR,
        "providers/lab-api.yaml": TINY_PROVIDER,
        "fx.yaml": TINY_FX,
        "tags.yaml": "- name: pricing\n",
    }.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_datasets(root, today=TODAY)


def spec_of(body: str, datasets: Datasets | None = None) -> BlockSpec:
    [raw] = find_blocks(f"```almanac\n{body}\n```\n")
    return parse_block(raw, path="p.md", line_offset=0, datasets=datasets or frozen(), today=TODAY)


def table_of(body: str, datasets: Datasets | None = None, *, at: dt.datetime = BUILD) -> Table:
    data = datasets or frozen()
    return build_table(spec_of(body, data), data, at=at)


def column(table: Table, key: str) -> list[Cell]:
    index = [each.key for each in table.columns].index(key)
    return [row.cells[index] for row in table.rows]


def row_of(table: Table, model_name: str) -> dict[str, Cell]:
    for row in table.rows:
        if row.cells[table.row_header or 0].text == model_name:
            return {each.key: cell for each, cell in zip(table.columns, row.cells, strict=True)}
    raise AssertionError(f"no row for {model_name}")


def footnote(table: Table, mark: str) -> str:
    return next(note.text for note in table.footnotes if note.mark == mark)


# --- prices worked by hand ------------------------------------------------------------------------


def test_blended_price_of_deepseek_v4_pro_in_cny_at_peak_rates() -> None:
    # The CNY offer of DeepSeek-V4-Pro is first party and in the table's currency. Peak rates
    # are 9 input / 27 output: (3 × 9 + 27) / 4 = 54 / 4 = 13.5. The build falls on a Saturday
    # (off-peak all day), but tables show the rates outside off-peak hours and footnote them.
    table = table_of(
        "table: prices\nmodels: [deepseek-v4-pro]\ncolumns: [model, provider, input, output, blended]\ncurrency: CNY"
    )
    row = row_of(table, "DeepSeek-V4-Pro")
    assert (row["input"].text, row["output"].text, row["blended"].text) == ("¥9.00", "¥27.00", "¥13.50")
    assert row["blended"].sort == "13.50000000"
    assert not row["blended"].converted
    assert [column.unit for column in table.columns[2:]] == ["CNY / 1M tokens"] * 3
    notes = [footnote(table, mark) for mark in row["model"].marks]
    assert notes[:2] == [
        "off-peak (Asia/Shanghai Mon–Fri 00:00–09:00, 12:00–14:00, 18:00–24:00): input ¥4.50, cache read ¥0.15, "
        "output ¥13.50 in these hours; shown are the rates outside them",
        "off-peak weekend (Asia/Shanghai Sat–Sun all day): input ¥4.50, cache read ¥0.15, output ¥13.50 in these "
        "hours; shown are the rates outside them",
    ]


def test_blended_price_of_claude_sonnet_4_5_in_usd() -> None:
    # Anthropic, first tier (< 200K input tokens): 3 input / 15 output: (3 × 3 + 15) / 4 = 24 / 4 = 6.
    table = table_of("table: prices\nmodels: [claude-sonnet-4-5]")
    row = row_of(table, "Claude Sonnet 4.5")
    assert (row["provider"].text, row["input"].text, row["output"].text) == (
        "Claude API (Anthropic)",
        "$3.00",
        "$15.00",
    )
    assert (row["blended"].text, row["blended"].sort) == ("$6.00", "6.00000000")
    assert footnote(table, row["model"].marks[0]) == (
        "tier < 200K input tokens: the price of a short request; longer requests are priced by their own tier"
    )


def test_native_currency_prefers_the_first_party_usd_offer() -> None:
    table = table_of("table: prices\nmodels: [deepseek-v4-pro]\ncolumns: [model, input, output, currency]")
    row = row_of(table, "DeepSeek-V4-Pro")
    assert (row["input"].text, row["output"].text, row["currency"].text) == ("$1.32", "$3.96", "USD")


def test_a_cny_price_converted_into_usd() -> None:
    # GLM-5 is sold first party in CNY only at Zhipu: 4 CNY input, 18 output (first tier).
    # In USD at the rate in force on 2026-11-28, 7.10 CNY/USD of 2026-08-01:
    # 4 / 7.10 = 0.563380…, shown to four significant digits: $0.5634;
    # 18 / 7.10 = 2.535211… → $2.535.
    table = table_of("table: prices\nmodels: [glm-5]\ncolumns: [model, provider, input, output]\ncurrency: USD")
    row = row_of(table, "GLM-5")
    assert row["provider"].text == "Zhipu BigModel Open Platform (智谱开放平台)"
    assert (row["input"].text, row["output"].text) == ("≈$0.5634", "≈$2.535")
    assert row["input"].sort == "0.56338028"
    assert row["input"].converted and row["input"].currency == "USD"
    assert footnote(table, row["input"].marks[0]) == "converted at 7.10 CNY/USD (2026-08-01)"
    html = render_table(table)
    assert '≈$0.5634<sup class="almanac-mark" title="converted at 7.10 CNY/USD (2026-08-01)">' in html
    assert re.search(r'<p><sup class="almanac-mark">\d+</sup> converted at 7.10 CNY/USD \(2026-08-01\)</p>', html)


def test_stale_prices_are_flagged_and_footnoted() -> None:
    # Claude Sonnet 4.5 was checked on 2026-07-29: 122 days before 2026-11-28, 17 before 2026-08-15.
    table = table_of("table: prices\nmodels: [claude-sonnet-4-5]\ncolumns: [model, input, checked]")
    checked = row_of(table, "Claude Sonnet 4.5")["checked"]
    assert (checked.text, checked.stale) == ("2026-07-29", True)
    assert footnote(table, checked.marks[0]) == "checked 2026-07-29, more than 60 days before 2026-11-28"
    assert 'class="almanac-stale"' in render_table(table)

    earlier = table_of("table: prices\nmodels: [claude-sonnet-4-5]\ncolumns: [model, checked]\nas_of: 2026-08-15")
    checked = row_of(earlier, "Claude Sonnet 4.5")["checked"]
    assert (checked.stale, checked.marks) == (False, ())
    assert earlier.title == "API prices on 2026-08-15"


def test_a_stale_mark_goes_on_the_model_when_checked_is_not_shown() -> None:
    table = table_of("table: prices\nmodels: [claude-sonnet-4-5]\ncolumns: [model, input]")
    model = row_of(table, "Claude Sonnet 4.5")["model"]
    assert model.stale
    assert [footnote(table, mark) for mark in model.marks][-1] == (
        "checked 2026-07-29, more than 60 days before 2026-11-28"
    )


def test_free_is_not_the_same_as_not_offered(tiny: Datasets) -> None:
    table = table_of("table: prices\nmodels: [tricky]\ncolumns: [model, input, cache_read, cache_write, output]", tiny)
    row = row_of(table, "<script>alert('x')</script> & Co")
    assert (row["cache_write"].text, row["cache_write"].sort, row["cache_write"].free) == ("Free", "0.00000000", True)
    assert (row["cache_read"].text, row["cache_read"].sort, row["cache_read"].not_offered) == ("—", "", True)
    assert row["cache_read"].title == "not offered"
    html = render_table(table)
    assert '<td class="almanac-num almanac-not-offered" data-sort="" title="not offered">—</td>' in html
    assert '<td class="almanac-num almanac-free" data-sort="0.00000000">Free</td>' in html


def test_a_cache_price_the_offer_does_not_list_is_not_a_copy_of_its_input_price(tiny: Datasets) -> None:
    # Yuan Only lists input and output only: cached input bills as input, but the table must not
    # show ¥7.10 under "Cache read" as if the provider listed it.
    table = table_of(
        "table: prices\nmodels: [yuan-only]\ncolumns: [model, input, cache_read, cache_write, output]", tiny
    )
    row = row_of(table, "Yuan Only")
    assert row["input"].text != "—"
    for key in ("cache_read", "cache_write"):
        assert (row[key].text, row[key].sort, row[key].not_offered) == ("—", "", False)
        assert row[key].title == "not listed: billed as input"
    html = render_table(table)
    assert '<td class="almanac-num" data-sort="" title="not listed: billed as input">—</td>' in html
    # A listed cache price is shown as it is (Claude's five-minute write stands in for a plain write).
    listed = row_of(
        table_of("table: prices\nmodels: [claude-sonnet-4-5]\ncolumns: [model, cache_read, cache_write]"),
        "Claude Sonnet 4.5",
    )
    assert (listed["cache_read"].text, listed["cache_write"].text) == ("$0.30", "$3.75")
    assert (listed["cache_read"].title, listed["cache_write"].title) == (None, "5-minute cache write")


def test_free_during_a_promotion() -> None:
    # Zhipu's "cache writes free, limited time" promotion on GLM-5.2 (CNY).
    table = table_of("table: prices\nmodels: [glm-5.2]\ncolumns: [model, cache_write]\ncurrency: CNY")
    cell = row_of(table, "GLM-5.2")["cache_write"]
    assert (cell.text, cell.free, cell.converted) == ("Free", True, False)


def test_strings_from_the_data_are_escaped(tiny: Datasets) -> None:
    table = table_of("table: prices\ncolumns: [model, vendor, provider, input]", tiny)
    html = render_table(table, root="../")
    assert "<script>" not in html
    assert '<a href="../models/tricky/">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</a>' in html
    assert '<a href="../vendors/lab/">Lab &amp; Sons</a>' in html
    assert '<a href="../providers/lab-api/">Lab &lt;API&gt;</a>' in html
    # An environment that does not escape by itself (like MkDocs' theme) is made to.
    plain = jinja2.Environment(loader=jinja2.PackageLoader("almanac", "templates"), autoescape=False)
    assert render_table(table, plain, root="../") == html


@pytest.mark.parametrize("text", ["", "plain", "<script>alert('x')</script> & Co", 'say "hi"', "&amp;", "≈¥1.27"])
def test_cells_are_escaped_as_jinja_escapes(text: str) -> None:
    # The rows are written without Jinja (see `core/data/tables/html.py`), with the same escaping.
    assert _escape(text) == str(escape(text))


def test_only_http_links_leave_the_site(tiny: Datasets) -> None:
    provider = tiny.providers["lab-api"]
    sneaky = provider.model_copy(update={"homepage": "javascript:alert(1)"})
    data = Datasets(
        vendors=tiny.vendors,
        models=tiny.models,
        vendor_of=tiny.vendor_of,
        fx=tiny.fx,
        providers=MappingProxyType({"lab-api": sneaky}),
    )
    good = render_table(table_of("table: providers\ncolumns: [provider, homepage]", tiny))
    assert '<a href="https://lab.example/" rel="noopener">lab.example</a>' in good
    bad = render_table(table_of("table: providers\ncolumns: [provider, homepage]", data))
    assert 'href="javascript' not in bad
    assert ">javascript:alert(1)</td>" in bad


def test_a_missing_exchange_rate_is_an_error_at_the_currency_line(tiny: Datasets) -> None:
    # USD needs no rate of its own, but the CNY price of 2024 has no CNY rate that early.
    spec = spec_of("table: prices\nmodels: [yuan-only]\ncurrency: USD\nas_of: 2024-06-01", tiny)
    with pytest.raises(AlmanacError) as caught:
        build_table(spec, tiny, at=BUILD)
    assert str(caught.value) == (
        "p.md:4: no exchange rate for CNY dated on or before 2024-06-01 — "
        "add a rate for CNY dated on or before 2024-06-01 to data/fx.yaml"
    )


# --- the other tables -----------------------------------------------------------------------------


def test_offers_lists_every_tier() -> None:
    table = table_of("table: offers\nmodels: [claude-sonnet-4-5]\ncolumns: [model, provider, service_tier, input]")
    assert [(row.cells[1].text, row.cells[2].text, row.cells[3].text) for row in table.rows] == [
        ("Claude API (Anthropic)", "standard", "$3.00"),
        ("Claude API (Anthropic)", "batch", "$1.50"),
        ("OpenRouter", "standard", "$3.00"),
    ]


def test_history_newest_first_with_the_change_in_per_cent() -> None:
    table = table_of("table: history\nmodels: [deepseek-v4-pro]\nproviders: [deepseek]")
    assert table.sort == "date" and table.descending
    first = {each.key: cell for each, cell in zip(table.columns, table.rows[0].cells, strict=True)}
    # 2026-08-16 16:00 UTC, peak list price: input 1.74 → 1.32, (1.32 − 1.74) / 1.74 = −24.14 %.
    assert (first["date"].text, first["key"].text, first["old"].text, first["new"].text) == (
        "2026-08-16 16:00 UTC",
        "input",
        "$1.74",
        "$1.32",
    )
    assert (first["change"].text, first["change"].sort) == ("-24.1 %", "-24.13793103")
    dates = [cell.sort for cell in column(table, "date")]
    assert dates == sorted(dates, reverse=True)


def test_workload_costs_of_claude_sonnet_4_5() -> None:
    # Chat: 2,000 × 3 + 500 × 15 = 13,500 per million → $0.0135; RAG 0.0405; agent 0.159;
    # long context (200K input, second tier 6 / 22.50): 1,200,000 + 45,000 → $1.245.
    table = table_of("table: workloads\nmodels: [claude-sonnet-4-5]")
    row = row_of(table, "Claude Sonnet 4.5")
    assert [row[key].text for key in ("chat", "rag", "agent", "long_context")] == [
        "$0.0135",
        "$0.0405",
        "$0.159",
        "$1.245",
    ]
    assert table.columns[2].unit == "USD per request"


def test_a_workload_longer_than_the_context_window(tiny: Datasets) -> None:
    table = table_of("table: workloads\nmodels: [tricky]\ncolumns: [model, chat, rag, long_context]", tiny)
    row = row_of(table, "<script>alert('x')</script> & Co")
    # Chat: 2,000 × 2 + 500 × 8 = 8,000 per million → $0.008. RAG reads the cache, which is not offered.
    assert row["chat"].text == "$0.008"
    assert (row["rag"].text, row["rag"].title) == ("—", "not offered for this request")
    assert (row["long_context"].text, row["long_context"].title) == (
        "—",
        "longer than the context window (32K tokens)",
    )


def test_providers_with_their_latest_rating() -> None:
    table = table_of("table: providers\nproviders: [relay-a]")
    row = row_of(table, "Relay A (example)")
    # The rating of 2026-04-15 replaced the one of 2026-03-15.
    assert [row[key].text for key in ("kind", "category", "currency", "quality", "stability", "affordability")] == [
        "relay",
        "commercial",
        "CNY",
        "4",
        "2",
        "3",
    ]
    assert row["homepage"].href == "https://relay-a.example"


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_status_agrees_with_the_status_module(which: str) -> None:
    data = datasets_named(which)
    table = table_of("table: status\ncolumns: [provider, state, uptime_30d, incidents]", data)
    assert table.rows or which == "sample"
    for row in table.rows:
        provider = next(pid for pid, p in data.providers.items() if p.name == row.cells[0].text)
        state = status.provider_state(data, provider, BUILD)
        assert row.cells[1].text == state.label
        assert row.cells[1].state == state.state
        pct = state.windows["30d"].pct
        assert row.cells[2].text == (status.percent(pct) if pct is not None else "—")
        assert row.cells[3].text == str(len(state.open_incidents))


def test_relay_prices() -> None:
    # Relay A bills 1 CNY for 1 USD of list-price credit; Claude Sonnet 4.6 lists at $3 / $15.
    # Default group ×1.0: ¥3.00 / ¥15.00; discount group ×0.5: ¥1.50 / ¥7.50.
    table = table_of("table: relay-prices\nproviders: [relay-a]\nmodels: [claude-sonnet-4-6]")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Relay A (example)", "Claude Sonnet 4.6", "default", "×1.0", "$3.00", "$15.00", "¥3.00", "¥15.00"],
        ["Relay A (example)", "Claude Sonnet 4.6", "discount", "×0.5", "$3.00", "$15.00", "¥1.50", "¥7.50"],
    ]
    assert table.columns[6].header == "Effective input"
    assert table.columns[6].unit == "CNY / 1M tokens"
    notes = [footnote(table, mark) for mark in table.rows[0].cells[1].marks]
    derivation = "effective price = list price × group multiplier × 1 CNY per 1 USD of list-price credit"
    assert f"Relay A (example): {derivation}" in notes


def test_a_chart_is_not_a_table() -> None:
    with pytest.raises(ValueError, match="chart is not a table"):
        build_table(spec_of("chart: uptime"), frozen(), at=BUILD)


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_every_column_of_every_table_has_a_header_and_a_cell(which: str) -> None:
    # The frozen data has rows in every kind of table; the sample's own data may not.
    for kind, columns in COLUMNS.items():
        assert set(columns) <= set(HEADERS), kind
        table = table_of(f"table: {kind}\ncolumns: [{', '.join(columns)}]", datasets_named(which))
        assert table.rows or which == "sample", kind
        assert [each.key for each in table.columns] == list(columns)


# --- sorting, limits, sort keys -------------------------------------------------------------------


def test_sort_and_limit() -> None:
    table = table_of("table: prices\nvendors: [anthropic]\nsort: -blended\nlimit: 2\ncolumns: [model, blended]")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Claude Fable 5", "$20.00"],
        ["Claude Opus 5", "$10.00"],
    ]
    assert table.total > 2
    html = render_table(table)
    assert 'aria-sort="descending"' in html
    assert f"The first 2 of {table.total} rows." in html


def test_number_keys() -> None:
    assert number_key(Decimal("13.5")) == "13.50000000"
    assert number_key(10) == "10.00000000"
    assert number_key(Decimal("-24.137931034")) == "-24.13793103"
    assert number_key(Decimal("0.0003943661971830985915492957746")) == "0.00039437"


def python_order(keys: list[str], *, numeric: bool, descending: bool) -> list[str]:
    return [keys[i] for i in sort_rows([[key] for key in keys], 0, numeric=numeric, descending=descending)]


def test_the_sort_rule() -> None:
    keys = ["9.50000000", "", "10.00000000", "2.00000000", ""]
    assert python_order(keys, numeric=True, descending=False) == ["2.00000000", "9.50000000", "10.00000000", "", ""]
    assert python_order(keys, numeric=True, descending=True) == ["10.00000000", "9.50000000", "2.00000000", "", ""]
    # As text, "10" comes before "9.5"; the table says which columns are numeric.
    assert python_order(keys, numeric=False, descending=False)[:2] == ["10.00000000", "2.00000000"]
    assert compare_keys("", "1", numeric=True, descending=True) == 1
    assert compare_keys("1", "", numeric=True, descending=True) == -1


def test_sorting_is_stable() -> None:
    rows = [["b", "1"], ["a", "1"], ["c", "0"], ["d", "1"]]
    assert sort_rows(rows, 1, numeric=True, descending=False) == [2, 0, 1, 3]
    assert sort_rows(rows, 1, numeric=True, descending=True) == [0, 1, 3, 2]


def table_keys() -> list[str]:
    """The `data-sort` keys of frozen columns with blanks: workload costs, RAG not offered on some models."""
    table = table_of("table: workloads\ncolumns: [model, rag, long_context]")
    keys = [cell.sort for cell in column(table, "long_context")] + [cell.sort for cell in column(table, "rag")]
    assert "" in keys
    return keys


def test_the_script_orders_keys_like_python() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    keys = [*table_keys(), "9.5", "10", "", "0.00000000"]
    program = (
        f"const {{compareKeys}} = require({json.dumps(str(SCRIPT))});\n"
        f"const keys = {json.dumps(keys)};\n"
        "const out = {};\n"
        "for (const numeric of [true, false]) for (const descending of [false, true]) {\n"
        "  out[`${numeric} ${descending}`] = keys.map((k, n) => [k, n])\n"
        "    .sort((p, q) => compareKeys(p[0], q[0], numeric, descending) || p[1] - q[1]).map((p) => p[0]);\n"
        "}\n"
        "console.log(JSON.stringify(out));\n"
    )
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(done.stdout)
    for numeric in (True, False):
        for descending in (False, True):
            expected = python_order(keys, numeric=numeric, descending=descending)
            assert result[f"{str(numeric).lower()} {str(descending).lower()}"] == expected
    ascending = result["true false"]
    assert ascending.index("10") > ascending.index("9.5")
    assert ascending[-1] == "" and result["true true"][-1] == ""


def test_the_script_compares_with_one_rule() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert "function compareKeys(a, b, numeric, descending)" in text
    assert "document$" in text and "DOMContentLoaded" in text
    assert "http" not in text  # nothing fetched from elsewhere


# --- HTML -----------------------------------------------------------------------------------------


def test_the_html_of_a_table() -> None:
    table = table_of("table: prices\nmodels: [claude-sonnet-4-5, glm-5]\ncolumns: [model, provider, input, context]")
    html = render_table(table, root="../../")
    assert html.startswith('<div class="almanac-table" data-almanac-table data-kind="prices">\n')
    assert '<div class="almanac-table__tools" hidden>' in html
    assert '<input type="search"' in html
    assert "<caption>API prices on 2026-11-28</caption>" in html
    assert '<th scope="col" data-column="model" data-type="text">Model</th>' in html
    assert (
        '<th scope="col" data-column="input" data-type="number" class="almanac-num">Input<br><small>per 1M tokens'
        "</small></th>"
    ) in html
    assert '<th scope="row" class="almanac-stale" data-sort="claude sonnet 4.5">' in html
    assert '<a href="../../models/claude-sonnet-4-5/">Claude Sonnet 4.5</a>' in html
    assert '<a href="../../providers/anthropic/">Claude API (Anthropic)</a>' in html
    assert '<td class="almanac-num" data-sort="3.00000000">$3.00</td>' in html
    # Native currencies: a CNY amount sorts by its value in USD (4 / 7.10), among USD amounts.
    assert '<td class="almanac-num" data-sort="0.56338028">¥4.00</td>' in html
    assert "\n\n" not in html and not any(line != line.strip() for line in html.splitlines())


def test_tables_are_deterministic() -> None:
    body = "table: prices\ncurrency: USD\nsort: blended"
    first = render_table(table_of(body, sample()), root="../")
    fresh = load_datasets(ROOT, today=TODAY)
    again = render_table(build_table(spec_of(body, fresh), fresh, at=BUILD), root="../")
    assert first == again


def test_a_replacement_template() -> None:
    table = table_of("table: prices\nmodels: [gpt-5]\ncolumns: [model]")
    assert render_table(table, "{% for row in table.rows %}{{ row.cells[0].text }}|{% endfor %}") == "GPT-5|"


@functools.cache
def _all_html(which: str) -> str:
    return "".join(render_table(table_of(f"table: {kind}", datasets_named(which))) for kind in COLUMNS)


@pytest.mark.parametrize("which", ["sample", "frozen"])
def test_every_cell_has_a_sort_key_and_every_header_a_type(which: str) -> None:
    html = _all_html(which)
    assert html.count("<td ") == html.count("<td class=") + html.count("<td data-sort=")
    assert len(re.findall(r"<t[dh] [^>]*data-sort=", html)) == html.count("<td ") + html.count('<th scope="row"')
    assert html.count('<th scope="col"') == len(re.findall(r'<th scope="col"[^>]* data-type="(?:number|text)"', html))
