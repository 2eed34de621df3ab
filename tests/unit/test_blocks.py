"""The `almanac` fenced block: finding the fences, reading the options, and every error an author can make."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
import yaml

from almanac.core.data.blocks.fences import RawBlock, find_blocks
from almanac.core.data.blocks.options import (
    BLOCK_KINDS,
    COLUMNS,
    DEFAULT_COLUMNS,
    KIND_OPTIONS,
    OPTIONS,
    BlockSpec,
    options_text,
    parse_block,
    spec_of,
)
from almanac.core.data.datasets import Datasets, load_datasets
from almanac.core.errors import AlmanacError

from helpers import EDITS_PROJECT

TODAY = dt.date(2026, 11, 28)

# The post the blocks below are dropped into: the fence is on line 3 of the Markdown, so the
# first option is on line 4; `OFFSET` lines of front matter come before the Markdown.
OFFSET = 5
PRICES_OPTIONS = (
    "title, caption, tags, as_of, vendors, models, capabilities, providers, region, kind, currency, "
    "columns, sort, limit"
)
PRICES_COLUMNS = (
    "model, vendor, provider, region, input, cache_read, cache_write, output, blended, context, max_output, "
    "currency, checked"
)


@cache
def frozen() -> Datasets:
    """The sample's data as of commit a9bbfba (tests/fixtures/edits/README.md): the vendors, providers, models,
    regions and exchange rates the messages below list stay put when the sample's data changes."""
    return load_datasets(EDITS_PROJECT, today=TODAY)


def block(body: str) -> RawBlock:
    [raw] = find_blocks(f"Some text.\n\n```almanac\n{body}\n```\n\nMore text.\n")
    return raw


def parse(body: str) -> BlockSpec:
    return parse_block(block(body), path="docs/blog/posts/p.md", line_offset=OFFSET, datasets=frozen(), today=TODAY)


def error_of(body: str) -> str:
    with pytest.raises(AlmanacError) as caught:
        parse(body)
    return str(caught.value)


# --- find_blocks ----------------------------------------------------------------------------------


def test_finds_a_block_with_its_lines_and_body() -> None:
    markdown = "# Title\n\n```almanac\ntable: prices\nsort: blended\n```\n\nText.\n"
    assert find_blocks(markdown) == [RawBlock(3, 6, "table: prices\nsort: blended", 0, "```", True)]


def test_finds_tilde_fences_long_fences_and_indented_fences() -> None:
    markdown = (
        "~~~almanac\ntable: status\n~~~\n"  # lines 1-3
        "\n"  # 4
        "````almanac\ntable: offers\n```\n````\n"  # 5-8: a shorter run does not close the fence
        "\n"  # 9
        "   ```  almanac  \n     table: providers\n   ```\n"  # 10-12: indented by three spaces
    )
    found = find_blocks(markdown)
    assert [(raw.start_line, raw.end_line, raw.body, raw.indent) for raw in found] == [
        (1, 3, "table: status", 0),
        (5, 8, "table: offers\n```", 0),
        (10, 12, "  table: providers", 3),
    ]


def test_other_fences_and_fences_inside_code_are_not_blocks() -> None:
    markdown = (
        "````markdown\n```almanac\ntable: prices\n```\n````\n"  # an example shown in a longer fence
        "~~~\n```almanac\ntable: prices\n```\n~~~\n"  # inside a tilde fence
        "```almanac extra\ntable: prices\n```\n"  # another info string
        "```python\nx = 1\n```\n"
        "    ```almanac\n    table: prices\n    ```\n"  # four spaces: indented code, not a fence
        "```almanac\ntable: history\n```\n"  # the only block, on line 20
    )
    assert [(raw.start_line, raw.body) for raw in find_blocks(markdown)] == [(20, "table: history")]


def test_an_unclosed_block_runs_to_the_end_and_is_an_error() -> None:
    [raw] = find_blocks("Text\n```almanac\ntable: prices\n")
    assert (raw.start_line, raw.end_line, raw.closed) == (2, 4, False)
    with pytest.raises(AlmanacError) as caught:
        parse_block(raw, path="p.md", line_offset=0, datasets=frozen(), today=TODAY)
    assert str(caught.value) == "p.md:2: the almanac block is never closed — end it with a line of ```"


def test_windows_line_ends() -> None:
    [raw] = find_blocks("a\r\n```almanac\r\ntable: prices\r\n```\r\n")
    assert (raw.start_line, raw.end_line, raw.body) == (2, 4, "table: prices")


# --- a good block ---------------------------------------------------------------------------------


def test_the_example_of_the_design_notes() -> None:
    spec = parse(
        "table: prices\n"
        "vendors: [deepseek, zhipu, moonshot]\n"
        "columns: [model, input, cache_read, output, blended, context]\n"
        "currency: CNY\n"
        "sort: blended"
    )
    assert spec == BlockSpec(
        block="table",
        kind="prices",
        path="docs/blog/posts/p.md",
        line=8,
        as_of=TODAY,
        vendors=("deepseek", "zhipu", "moonshot"),
        columns=("model", "input", "cache_read", "output", "blended", "context"),
        currency="CNY",
        sort="blended",
        lines=(("table", 9), ("vendors", 10), ("columns", 11), ("currency", 12), ("sort", 13)),
    )
    assert spec.line_of("currency") == 12
    assert spec.line_of("limit") == 8  # not written: the fence's line
    assert spec.converts


def test_values_are_normalised() -> None:
    spec = parse(
        "table: offers\n"
        "providers: openrouter\n"  # one id stands for a list of one
        "region: [global, global]\n"  # duplicates are dropped
        "kind:\n"
        "  - aggregator\n"
        "capabilities: [reasoning, tools]\n"
        "tags: [pricing, 大模型]\n"
        "currency: cny\n"
        "sort: -blended\n"
        "as_of: 2026-08-20\n"
        "limit: 10\n"
        "title: Cheap and fast\n"
        "caption: Prices of August"
    )
    assert spec.providers == ("openrouter",)
    assert spec.regions == ("global",)
    assert spec.provider_kinds == ("aggregator",)
    assert spec.capabilities == ("reasoning", "tools")
    assert spec.tags == ("pricing", "大模型")
    assert spec.currency == "CNY"
    assert (spec.sort, spec.descending) == ("blended", True)
    assert (spec.as_of, spec.as_of_given) == (dt.date(2026, 8, 20), True)
    assert spec.limit == 10
    assert (spec.title, spec.caption) == ("Cheap and fast", "Prices of August")
    assert spec.columns == DEFAULT_COLUMNS["offers"]


def test_defaults() -> None:
    spec = parse("table: status")
    assert (spec.block, spec.kind, spec.currency, spec.sort, spec.limit) == ("table", "status", "native", None, None)
    assert (spec.as_of, spec.as_of_given) == (TODAY, False)
    assert spec.columns == DEFAULT_COLUMNS["status"]
    assert not spec.converts
    assert parse("currency: Native\ntable: prices").currency == "native"


def test_a_chart() -> None:
    spec = parse("chart: price-history\nmodels: [deepseek-v4-pro]\ncurrency: USD")
    assert (spec.block, spec.kind, spec.models, spec.columns, spec.currency) == (
        "chart",
        "price-history",
        ("deepseek-v4-pro",),
        (),
        "USD",
    )


def test_kinds_columns_and_options_are_consistent() -> None:
    assert set(BLOCK_KINDS["table"]) == set(COLUMNS) == set(DEFAULT_COLUMNS)
    assert set(KIND_OPTIONS) == set(BLOCK_KINDS["table"]) | set(BLOCK_KINDS["chart"])
    for kind, columns in DEFAULT_COLUMNS.items():
        assert set(columns) <= set(COLUMNS[kind]), kind
    for options in KIND_OPTIONS.values():
        assert set(options) <= set(OPTIONS)


# --- errors, each with its line (and column) in the file ------------------------------------------


def test_unknown_table() -> None:
    assert error_of("table: price") == (
        "docs/blog/posts/p.md:9:8: unknown table `price` — did you mean `prices`? "
        "Tables: prices, offers, history, workloads, providers, status, relay-prices"
    )


def test_unknown_chart() -> None:
    assert error_of("chart: uptim") == (
        "docs/blog/posts/p.md:9:8: unknown chart `uptim` — did you mean `uptime`? "
        "Charts: price-history, uptime, triangle, price-vs-context"
    )
    assert error_of("chart: bars") == (
        "docs/blog/posts/p.md:9:8: unknown chart `bars` — Charts: price-history, uptime, triangle, price-vs-context"
    )


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    levels = ["vendors:", "  - &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"  - &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    assert error_of("table: prices\n" + "\n".join(levels)) == (
        "docs/blog/posts/p.md:16:5: aliases in the block repeat more than 100,000 values — "
        "write the repeated values out, or alias fewer of them"
    )


def test_nesting_and_control_characters_are_refused_at_their_place() -> None:
    assert error_of("table: prices\nvendors: " + "[" * 60 + "]" * 60).startswith(
        "docs/blog/posts/p.md:10:59: the values are nested more than 50 levels deep"
    )
    assert error_of("table: prices\nvendors: [deep\x07seek]").startswith(
        "docs/blog/posts/p.md:10:15: the YAML holds the control character U+0007"
    )


def test_unknown_option() -> None:
    assert error_of("table: prices\nvendor: [deepseek]") == (
        f"docs/blog/posts/p.md:10:1: unknown option `vendor` — did you mean `vendors`? "
        f"Options of the prices table: {PRICES_OPTIONS}"
    )


def test_an_option_of_another_kind() -> None:
    assert error_of("table: providers\nregion: cn") == (
        "docs/blog/posts/p.md:10:1: option `region` does not apply to the providers table — "
        "Options of the providers table: title, caption, tags, as_of, providers, kind, columns, sort, limit"
    )


def test_unknown_column() -> None:
    assert error_of("table: prices\ncolumns: [model, blend]") == (
        f"docs/blog/posts/p.md:10:18: unknown column `blend` — did you mean `blended`? "
        f"Columns of the prices table: {PRICES_COLUMNS}"
    )


def test_unknown_column_in_a_list_written_one_per_line() -> None:
    assert error_of("table: prices\ncolumns:\n  - model\n  - input\n  - ouptut").startswith(
        "docs/blog/posts/p.md:13:5: unknown column `ouptut` — did you mean `output`?"
    )


def test_unknown_sort_column() -> None:
    assert error_of("table: prices\nsort: -blend") == (
        f"docs/blog/posts/p.md:10:7: cannot sort by an unknown column `blend` — did you mean `blended`? "
        f"Columns of the prices table: {PRICES_COLUMNS}"
    )


def test_a_column_listed_twice() -> None:
    assert error_of("table: prices\ncolumns: [model, input, model]") == (
        "docs/blog/posts/p.md:10:25: column `model` is listed twice — list each column once"
    )


def test_unknown_vendor() -> None:
    assert error_of("table: prices\nvendors: [deepseek, zhipu, moonshoot]") == (
        "docs/blog/posts/p.md:10:28: unknown vendor `moonshoot` — did you mean `moonshot`? Vendors: alibaba, "
        "anthropic, bytedance, deepseek, google, meta, minimax, mistral, moonshot, openai, xai, zhipu"
    )


def test_unknown_provider() -> None:
    assert error_of("table: offers\nproviders: [openruter]") == (
        "docs/blog/posts/p.md:10:13: unknown provider `openruter` — did you mean `openrouter`? Providers: "
        "alibaba-model-studio, anthropic, aws-bedrock, deepseek, google-ai-studio, groq, minimax, mistral, "
        "moonshot, openai, openrouter, relay-a, relay-b, together, xai, zai, zhipu-bigmodel"
    )


def test_unknown_model() -> None:
    message = error_of("table: prices\nmodels:\n  - deepseek-v4-pro\n  - claude-sonet-4-5")
    assert message.startswith(
        "docs/blog/posts/p.md:12:5: unknown model `claude-sonet-4-5` — did you mean `claude-sonnet-4-5`? "
        "Models: claude-fable-5, claude-haiku-4-5, "
    )
    assert message.endswith(", qwen3.6-plus, qwen3.7-max, qwen3.7-plus")
    assert message.count(", ") == len(frozen().models) - 1


def test_unknown_capability_region_and_kind() -> None:
    assert error_of("table: prices\ncapabilities: [vison]").startswith(
        "docs/blog/posts/p.md:10:16: unknown capability `vison` — did you mean `vision`? Capabilities: "
    )
    assert error_of("table: prices\nregion: glbal") == (
        "docs/blog/posts/p.md:10:9: unknown region `glbal` — did you mean `global`? "
        "Regions in the data: cn, global, intl"
    )
    assert error_of("table: status\nkind: relays") == (
        "docs/blog/posts/p.md:10:7: unknown provider kind `relays` — did you mean `relay`? "
        "Provider kinds: aggregator, cloud, first_party, gateway, relay"
    )


def test_relay_prices_take_relays_only() -> None:
    assert error_of("table: relay-prices\nproviders: [relay-a, openrouter]") == (
        "docs/blog/posts/p.md:10:22: `openrouter` is not a relay — Relays: relay-a, relay-b"
    )


def test_bad_as_of() -> None:
    assert error_of("table: prices\nas_of: 2026-13-01") == (
        "docs/blog/posts/p.md:10:8: `as_of` is not a day of the calendar: `2026-13-01` — write a real date, YYYY-MM-DD"
    )
    assert error_of("table: prices\nas_of: last week") == (
        "docs/blog/posts/p.md:10:8: `as_of` is a date written YYYY-MM-DD, found `last week` — write `as_of: 2026-08-01`"
    )
    assert error_of("table: prices\nas_of: 2026-8-1").startswith(
        "docs/blog/posts/p.md:10:8: `as_of` is a date written YYYY-MM-DD, found `2026-8-1`"
    )
    for far in ("0001-01-01", "9999-12-31"):
        assert error_of(f"chart: price-history\nmodels: [deepseek-v4-pro]\nas_of: {far}") == (
            f"docs/blog/posts/p.md:11:8: `as_of` is {far}, not between 2000 and 2100"
            " — prices and states are known from 2000 to 2100; check the year"
        )


def test_currency_without_a_rate() -> None:
    assert error_of("table: prices\ncurrency: EUR") == (
        "docs/blog/posts/p.md:10:11: no exchange rate for EUR dated on or before 2026-11-28 in data/fx.yaml — "
        "add a rate for EUR dated on or before 2026-11-28 to data/fx.yaml. "
        "Currencies with a rate on 2026-11-28: CNY, USD; or `native`"
    )


def test_currency_without_a_rate_on_the_blocks_own_date() -> None:
    # The first CNY rate of tests/fixtures/edits/data/fx.yaml is dated 2025-01-02.
    assert error_of("table: prices\ncurrency: CNY\nas_of: 2024-12-31") == (
        "docs/blog/posts/p.md:10:11: no exchange rate for CNY dated on or before 2024-12-31 in data/fx.yaml — "
        "add a rate for CNY dated on or before 2024-12-31 to data/fx.yaml. "
        "Currencies with a rate on 2024-12-31: USD; or `native`"
    )
    assert parse("table: prices\ncurrency: CNY\nas_of: 2025-01-02").currency == "CNY"


def test_unknown_currency() -> None:
    assert error_of("table: prices\ncurrency: RMB") == (
        "docs/blog/posts/p.md:10:11: unknown currency `RMB` — write `CNY`. "
        "Currencies with a rate on 2026-11-28: CNY, USD; or `native`"
    )
    assert error_of("table: prices\ncurrency: USDT") == (
        "docs/blog/posts/p.md:10:11: unknown currency `USDT` — did you mean `USD`? "
        "Currencies with a rate on 2026-11-28: CNY, USD; or `native`"
    )


def test_yaml_syntax_error() -> None:
    assert error_of("table: prices\nvendors: [deepseek, zhipu\nsort: blended") == (
        "docs/blog/posts/p.md:11:5: the almanac block is not valid YAML: did not find expected ',' or ']' "
        "— write one `option: value` per line"
    )
    # A bracket left open to the end of the block: the error is on the block's last line.
    assert error_of("table: prices\ncolumns: [model") == (
        "docs/blog/posts/p.md:10: the almanac block is not valid YAML: did not find expected ',' or ']' "
        "— write one `option: value` per line"
    )


def test_both_table_and_chart() -> None:
    assert error_of("table: prices\ncurrency: USD\nchart: uptime") == (
        "docs/blog/posts/p.md:11:1: a block is a table or a chart, not both — "
        "keep `table:` or `chart:`, and put the other in a block of its own"
    )


def test_neither_table_nor_chart() -> None:
    expected = (
        "docs/blog/posts/p.md:8: an almanac block needs `table:` or `chart:` — "
        "Tables: prices, offers, history, workloads, providers, status, relay-prices. "
        "Charts: price-history, uptime, triangle, price-vs-context"
    )
    assert error_of("vendors: [deepseek]") == expected
    assert error_of("") == expected


def test_other_mistakes() -> None:
    assert error_of("- table: prices") == (
        "docs/blog/posts/p.md:9:1: an almanac block holds `option: value` lines — "
        "start with `table: prices` or `chart: uptime`"
    )
    assert error_of("table: prices\nsort: input\nsort: output") == (
        "docs/blog/posts/p.md:11:1: option `sort` is written twice — the first one is on line 10"
    )
    assert error_of("table: prices\nlimit: 0") == (
        "docs/blog/posts/p.md:10:8: `limit` is a whole number above 0, found `0` — write `limit: 10`"
    )
    assert error_of("table: prices\nvendors: []") == (
        "docs/blog/posts/p.md:10:10: `vendors` is empty — name at least one, or remove `vendors:`"
    )
    assert error_of("table: prices\nvendors: {deepseek: 1}") == (
        "docs/blog/posts/p.md:10:10: `vendors` is a list of names, found a mapping — "
        "write `vendors: [a, b]` or one `- name` per line"
    )
    assert error_of("table: prices\ntitle:") == "docs/blog/posts/p.md:10:7: `title` is text, found nothing"


def test_errors_follow_the_fence_indent_and_the_line_offset() -> None:
    [raw] = find_blocks("Intro\n  ```almanac\n  table: prices\n  columns: [modle]\n  ```\n")
    with pytest.raises(AlmanacError) as caught:
        parse_block(raw, path="p.md", line_offset=10, datasets=frozen(), today=TODAY)
    error = caught.value
    assert (error.line, error.column) == (14, 13)
    assert error.message == "unknown column `modle`"


# --- blocks the site writes itself ----------------------------------------------------------------


def test_options_are_written_one_per_line() -> None:
    options: dict[str, str | list[str]] = {"table": "offers", "models": ["a", "b"], "sort": "model"}
    assert options_text(options) == 'table: "offers"\nmodels: ["a", "b"]\nsort: "model"'


def test_an_id_that_reads_as_a_number_stays_text() -> None:
    # A model id such as `1e-20` or `0.10` is a valid id; written bare, YAML would read a number.
    options: dict[str, str | list[str]] = {"table": "offers", "models": ["0.10", "1e-20", 'a"b']}
    assert yaml.safe_load(options_text(options)) == {"table": "offers", "models": ["0.10", "1e-20", 'a"b']}


def test_a_block_of_the_site_is_checked_as_an_authors_block() -> None:
    options = {"table": "offers", "models": ["claude-sonnet-4-5"], "columns": ["provider", "input"]}
    spec = spec_of(options, path="models/claude-sonnet-4-5/index.md", datasets=frozen(), today=TODAY)
    assert (spec.kind, spec.models, spec.columns, spec.line) == (
        "offers",
        ("claude-sonnet-4-5",),
        ("provider", "input"),
        1,
    )
    with pytest.raises(AlmanacError) as caught:
        spec_of({"table": "offers", "models": ["no-such-model"]}, path="x/index.md", datasets=frozen(), today=TODAY)
    assert str(caught.value).startswith("x/index.md:3:10: unknown model `no-such-model` — Models: ")
