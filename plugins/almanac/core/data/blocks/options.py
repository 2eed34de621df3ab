# The `almanac` fenced block: a table or a chart that an author drops into a post.
#
# Runs while pages are read (`on_page_markdown`), once per block, on the datasets loaded at
# `on_config`. `find_blocks` (`fences.py`) finds the fences whose info string is exactly `almanac`;
# `parse_block` reads the YAML inside and checks every option against the datasets, so an
# unknown option, table, column, vendor, provider or model stops the build with the line of
# the block it is written on. The result is a frozen `BlockSpec` with normalised values that
# `draw.py` turns into HTML, with the tables of `core/data/tables/` and the charts of
# `core/data/charts/`.
#
#   ```almanac
#   table: prices
#   vendors: [deepseek, zhipu, moonshot]
#   columns: [model, input, cache_read, output, blended, context]
#   currency: CNY
#   sort: blended
#   ```
#
# Line rule: lines count from 1 within the Markdown given to `find_blocks`; `parse_block`
# adds `line_offset` (the lines of the file before that Markdown, such as the front matter),
# so that errors name the line of the file the author sees.

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

import yaml

from almanac.core.data.blocks.fences import RawBlock
from almanac.core.data.datasets.fields import CURRENCIES, CURRENCY_ALIASES, FIRST_YEAR, LAST_YEAR
from almanac.core.data.datasets.messages import closest
from almanac.core.data.datasets.models import Capability, ProviderFile
from almanac.core.data.pricing.fx import BASE_CURRENCY, FxRateMissing, rate_on
from almanac.core.errors import AlmanacError
from almanac.core.safeyaml import LimitExceeded, check_limits, not_printable

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

    from almanac.core.data.datasets.loader import Datasets

__all__ = [
    "BLOCK_KINDS",
    "CAPABILITIES",
    "CHART_KINDS",
    "COLUMNS",
    "DEFAULT_COLUMNS",
    "KIND_OPTIONS",
    "NATIVE",
    "OPTIONS",
    "PROVIDER_KINDS",
    "TABLE_KINDS",
    "BlockSpec",
    "options_text",
    "parse_block",
    "spec_of",
]

NATIVE: Final = "native"
"""The `currency` value that shows every price in the currency it is sold in."""

TABLE_KINDS: Final = ("prices", "offers", "history", "workloads", "providers", "status", "relay-prices")
"""What `table:` accepts."""
CHART_KINDS: Final = ("price-history", "uptime", "triangle", "price-vs-context")
"""What `chart:` accepts."""
BLOCK_KINDS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({"table": TABLE_KINDS, "chart": CHART_KINDS})
"""The two kinds of block and the kinds of each."""

CAPABILITIES: Final[tuple[str, ...]] = get_args(Capability)
"""What `capabilities:` accepts: the closed list of `models.Capability`."""
PROVIDER_KINDS: Final[tuple[str, ...]] = get_args(ProviderFile.model_fields["kind"].annotation)
"""What `kind:` accepts: the kinds of provider."""

COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "prices": (
            "model", "vendor", "provider", "region", "input", "cache_read", "cache_write", "output", "blended",
            "context", "max_output", "currency", "checked",
        ),
        "offers": (
            "model", "vendor", "provider", "region", "service_tier", "currency", "input", "cache_read",
            "cache_write", "output", "blended", "context", "max_output", "checked",
        ),
        "history": (
            "date", "model", "vendor", "provider", "region", "service_tier", "band", "key", "old", "new", "change",
        ),
        "workloads": (
            "model", "vendor", "provider", "region", "currency", "chat", "rag", "agent", "long_context", "checked",
        ),
        "providers": (
            "provider", "kind", "category", "currency", "quality", "stability", "affordability", "support", "rated",
            "homepage",
        ),
        "status": (
            "provider", "kind", "state", "uptime_24h", "uptime_7d", "uptime_30d", "uptime_90d", "incidents", "reason",
        ),
        "relay-prices": (
            "relay", "model", "vendor", "group", "multiplier", "list_input", "list_output", "input", "output",
            "currency",
        ),
    }
)  # fmt: skip
"""The columns each table can show, in the order they are listed in errors and docs."""

DEFAULT_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "prices": ("model", "vendor", "provider", "input", "cache_read", "output", "blended", "context", "checked"),
        "offers": (
            "model", "provider", "region", "service_tier", "input", "cache_read", "output", "blended", "checked",
        ),
        "history": ("date", "model", "provider", "key", "old", "new", "change"),
        "workloads": ("model", "provider", "chat", "rag", "agent", "long_context"),
        "providers": ("provider", "kind", "category", "currency", "quality", "stability", "affordability", "homepage"),
        "status": ("provider", "state", "uptime_7d", "uptime_30d", "incidents"),
        "relay-prices": ("relay", "model", "group", "multiplier", "list_input", "list_output", "input", "output"),
    }
)  # fmt: skip
"""The columns a table shows when the block has no `columns:`."""

OPTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "table": "The table to show: " + ", ".join(TABLE_KINDS) + ".",
        "chart": "The chart to show: " + ", ".join(CHART_KINDS) + ".",
        "title": "The table's caption; each table has a default one.",
        "caption": "A sentence shown under the title.",
        "vendors": "Only the models of these vendors (ids of `data/vendors/`).",
        "models": "Only these models (model ids).",
        "providers": "Only these providers (ids of `data/providers/`); for relay prices, the relays.",
        "capabilities": "Only models that have every one of these capabilities (`reasoning`, `tools`…).",
        "region": "Only offers in this region, or in one of a list of regions (`global`, `cn`…).",
        "kind": "Only providers of this kind, or of a list of kinds (`first_party`, `relay`…).",
        "tags": "Tags the block is about (kept for later use).",
        "columns": "The columns to show, in order; each table has its own list and a default.",
        "currency": "`native` (the default: each price in the currency it is sold in), or an ISO code such as "
        "USD or CNY with a rate in `data/fx.yaml`.",
        "sort": "The column to sort by; `-column` sorts in descending order.",
        "as_of": "The date of the prices, `YYYY-MM-DD`; the build date by default.",
        "limit": "Show only the first rows, after sorting: a whole number above 0.",
    }
)
"""Every option, with what it does (for the docs)."""

_COMMON: Final = ("title", "caption", "tags", "as_of")
_MODEL_FILTERS: Final = ("vendors", "models", "capabilities")
_OFFER_FILTERS: Final = ("providers", "region", "kind")
_PROVIDER_FILTERS: Final = ("providers", "kind")
_TABLE: Final = ("columns", "sort", "limit")
_PRICED: Final = (*_COMMON, *_MODEL_FILTERS, *_OFFER_FILTERS, "currency")

KIND_OPTIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "prices": (*_PRICED, *_TABLE),
        "offers": (*_PRICED, *_TABLE),
        "history": (*_PRICED, *_TABLE),
        "workloads": (*_PRICED, *_TABLE),
        "providers": (*_COMMON, *_PROVIDER_FILTERS, *_TABLE),
        "status": (*_COMMON, *_PROVIDER_FILTERS, *_TABLE),
        "relay-prices": (*_COMMON, *_MODEL_FILTERS, "providers", "currency", *_TABLE),
        "price-history": _PRICED,
        "price-vs-context": _PRICED,
        "uptime": (*_COMMON, *_PROVIDER_FILTERS),
        "triangle": (*_COMMON, *_PROVIDER_FILTERS),
    }
)
"""The options each table and chart accepts besides `table:` or `chart:`."""


@dataclass(frozen=True)
class BlockSpec:
    """What a block asks for, checked and normalised.

    Filters are tuples of ids (empty: no filter). `columns` is never empty: the block's own
    list or the table's default (empty for charts). `currency` is `native` or an ISO code.
    """

    block: Literal["table", "chart"]
    """A table or a chart."""
    kind: str
    """Which table (`prices`…) or chart (`uptime`…)."""
    path: str
    """The file the block is written in, as errors show it."""
    line: int
    """The line of the block's opening fence in that file."""
    as_of: dt.date
    """The date of the prices and states shown: the block's `as_of`, else the build date."""
    vendors: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    """Offer regions (the `region` option)."""
    provider_kinds: tuple[str, ...] = ()
    """Provider kinds (the `kind` option)."""
    tags: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    currency: str = NATIVE
    sort: str | None = None
    """The column to sort by; `None`: the table's own order."""
    descending: bool = False
    limit: int | None = None
    title: str | None = None
    caption: str | None = None
    as_of_given: bool = False
    """True when the block wrote `as_of` (a table then shows that day, not the build instant)."""
    lines: tuple[tuple[str, int], ...] = ()
    """The line in the file of each option written, in the order written."""

    def line_of(self, option: str) -> int:
        """The line of `option` in the file; the fence's line when the block does not write it."""
        return dict(self.lines).get(option, self.line)

    @property
    def converts(self) -> bool:
        """True when prices are shown in one currency, converted where needed."""
        return self.currency != NATIVE


# --- reading the YAML -----------------------------------------------------------------------------

_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that leaves dates as text, so that `as_of` is checked here with our words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class _Where:
    """Turns a position in the block's YAML into a position in the file."""

    path: str
    fence_line: int
    indent: int

    def error(self, node: yaml.Node | None, message: str, hint: str | None = None) -> AlmanacError:
        if node is None:
            return AlmanacError(self.path, self.fence_line, message, hint)
        return self.at(node.start_mark.line, node.start_mark.column, message, hint)

    def at(self, line: int, column: int | None, message: str, hint: str | None = None) -> AlmanacError:
        """An error at the 0-based `line` and `column` of the YAML."""
        where = column + self.indent + 1 if column is not None else None
        return AlmanacError(self.path, self.fence_line + line + 1, message, hint, where)


def _words(values: Iterable[str]) -> str:
    return ", ".join(values)


def _suggest(word: object, candidates: Iterable[str], listing: str) -> str:
    """`did you mean `x`? <listing>`, or the listing alone when nothing is close."""
    if isinstance(word, str):
        match = closest(word, candidates)
        if match is not None:
            return f"did you mean `{match}`? {listing}"
    return listing


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


class _Reader:
    """The options of one block: each value with the node it was written at."""

    def __init__(self, raw: RawBlock, where: _Where) -> None:
        self.where = where
        self.options: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.values: dict[str, Any] = {}
        self.items: dict[str, list[tuple[yaml.Node, Any]]] = {}
        loader = _Loader(raw.body)
        try:
            node = loader.get_single_node()
            if node is None:
                return
            # The same limits as every YAML the project reads: no alias bomb, no endless nesting.
            check_limits(node, raw.body, document="the block")
            if not isinstance(node, yaml.MappingNode):
                raise where.error(
                    node,
                    "an almanac block holds `option: value` lines",
                    "start with `table: prices` or `chart: uptime`",
                )
            for key, value in node.value:
                name = loader.construct_object(key, deep=True)
                if not isinstance(name, str):
                    message = f"an option name is a word, found {_describe(name)}"
                    raise where.error(key, message, "write `table: prices`")
                if name in self.options:
                    first = self.options[name][0].start_mark.line + where.fence_line + 1
                    raise where.error(key, f"option `{name}` is written twice", f"the first one is on line {first}")
                self.options[name] = (key, value)
            self.values = {name: loader.construct_object(value, deep=True) for name, (_, value) in self.options.items()}
            self.items = {
                name: [(item, loader.construct_object(item, deep=True)) for item in value.value]
                for name, (_, value) in self.options.items()
                if isinstance(value, yaml.SequenceNode)
            }
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "unreadable YAML"
            last = max(0, len(raw.body.split("\n")) - 1)
            line = min(mark.line, last) if mark is not None else 0
            # Past the last line (an unclosed bracket), the error is on the block's last line.
            column = mark.column if mark is not None and mark.line <= last else None
            raise where.at(
                line, column, f"the almanac block is not valid YAML: {problem}", "write one `option: value` per line"
            ) from None
        except LimitExceeded as error:
            mark = error.mark
            line, column = (mark.line, mark.column) if mark is not None else (0, None)
            raise where.at(line, column, error.message, error.hint) from None
        except yaml.reader.ReaderError:
            found = not_printable(raw.body, where.path)
            column = found.column - 1 if found.column is not None else None
            raise where.at((found.line or 1) - 1, column, found.message, found.hint) from None
        except yaml.YAMLError as error:
            raise where.error(None, f"the almanac block is not valid YAML: {error}") from None
        finally:
            loader.dispose()

    def key(self, name: str) -> yaml.Node:
        return self.options[name][0]

    def node(self, name: str) -> yaml.Node:
        return self.options[name][1]

    def line(self, name: str) -> int:
        return self.where.fence_line + self.key(name).start_mark.line + 1


# --- checking the options -------------------------------------------------------------------------


class _Check:
    """The checks of one block, with what they need: the datasets, the build date, the reader."""

    def __init__(self, reader: _Reader, datasets: Datasets, kind: str, what: str) -> None:
        self.reader = reader
        self.where = reader.where
        self.datasets = datasets
        self.kind = kind
        self.what = what  # "the prices table", "the uptime chart"

    def text(self, name: str) -> str:
        value = self.reader.values.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            raise self.where.error(self.reader.node(name), f"`{name}` is text, found {_describe(value)}")
        return str(value).strip()

    def words(self, name: str) -> list[tuple[yaml.Node, str]]:
        """A list of words, or one word standing for a list of one; each with its node."""
        node = self.reader.node(name)
        pairs = self.reader.items[name] if name in self.reader.items else [(node, self.reader.values[name])]
        found: list[tuple[yaml.Node, str]] = []
        for item, value in pairs:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
                raise self.where.error(
                    item,
                    f"`{name}` is a list of names, found {_describe(value)}",
                    f"write `{name}: [a, b]` or one `- name` per line",
                )
            found.append((item, str(value).strip()))
        if not found:
            raise self.where.error(node, f"`{name}` is empty", f"name at least one, or remove `{name}:`")
        return found

    def ids(self, name: str, known: Collection[str], label: str, plural: str) -> tuple[str, ...]:
        """Each id of the list, checked against `known`; duplicates are dropped."""
        chosen: list[str] = []
        for node, value in self.words(name):
            if value not in known:
                allowed = sorted(known)  # only for the message: a block names few of many ids
                raise self.where.error(
                    node, f"unknown {label} `{value}`", _suggest(value, allowed, f"{plural}: {_words(allowed)}")
                )
            if value not in chosen:
                chosen.append(value)
        return tuple(chosen)

    def columns(self) -> tuple[str, ...]:
        chosen: list[str] = []
        for node, value in self.words("columns"):
            self.column(node, value)
            if value in chosen:
                raise self.where.error(node, f"column `{value}` is listed twice", "list each column once")
            chosen.append(value)
        return tuple(chosen)

    def column(self, node: yaml.Node, value: str, *, verb: str = "") -> None:
        allowed = COLUMNS[self.kind]
        if value not in allowed:
            listing = f"Columns of {self.what}: {_words(allowed)}"
            raise self.where.error(node, f"{verb}unknown column `{value}`", _suggest(value, allowed, listing))

    def sort(self) -> tuple[str, bool]:
        node = self.reader.node("sort")
        value = self.text("sort")
        descending = value.startswith("-")
        column = value.removeprefix("-").strip()
        self.column(node, column, verb="cannot sort by an ")
        return column, descending

    def limit(self) -> int:
        node = self.reader.node("limit")
        value = self.reader.values["limit"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.where.error(
                node, f"`limit` is a whole number above 0, found {_describe(value)}", "write `limit: 10`"
            )
        return value

    def as_of(self) -> dt.date:
        node = self.reader.node("as_of")
        value = self.reader.values["as_of"]
        text = value.strip() if isinstance(value, str) else None
        day: dt.date | None = None
        if text is not None and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise self.where.error(
                    node, f"`as_of` is not a day of the calendar: `{text}`", "write a real date, YYYY-MM-DD"
                ) from None
        if day is None:
            raise self.where.error(
                node, f"`as_of` is a date written YYYY-MM-DD, found {_describe(value)}", "write `as_of: 2026-08-01`"
            )
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # the years the data may hold
            raise self.where.error(
                node,
                f"`as_of` is {text}, not between {FIRST_YEAR} and {LAST_YEAR}",
                f"prices and states are known from {FIRST_YEAR} to {LAST_YEAR}; check the year",
            )
        return day

    def currency(self, on: dt.date) -> str:
        node = self.reader.node("currency")
        value = self.text("currency")
        if value.casefold() == NATIVE:
            return NATIVE
        code = value.upper()
        with_rate = sorted({BASE_CURRENCY} | {code for code in self._rated(on)})
        listing = f"Currencies with a rate on {on.isoformat()}: {_words(with_rate)}; or `native`"
        if code not in CURRENCIES:
            alias = CURRENCY_ALIASES.get(code)
            hint = f"write `{alias}`. {listing}" if alias else _suggest(code, with_rate, listing)
            raise self.where.error(node, f"unknown currency `{value}`", hint)
        if code != BASE_CURRENCY:
            try:
                rate_on(self.datasets.fx, code, on)
            except FxRateMissing as missing:
                raise self.where.error(
                    node, f"no exchange rate for {code} dated on or before {on.isoformat()} in data/fx.yaml",
                    f"{missing.hint}. {listing}",
                ) from None  # fmt: skip
        return code

    def _rated(self, on: dt.date) -> set[str]:
        fx = self.datasets.fx
        return {rate.currency for rate in (fx.rates if fx is not None else ()) if rate.date <= on}

    def kinds(self) -> tuple[str, ...]:
        return self.ids("kind", PROVIDER_KINDS, "provider kind", "Provider kinds")

    def regions(self) -> tuple[str, ...]:
        known = {offer.region for model in self.datasets.models.values() for offer in model.offers}
        return self.ids("region", known, "region", "Regions in the data")

    def providers(self) -> tuple[str, ...]:
        found = self.ids("providers", self.datasets.providers, "provider", "Providers")
        if self.kind == "relay-prices":
            relays = sorted(id_ for id_, provider in self.datasets.providers.items() if provider.kind == "relay")
            for node, value in self.words("providers"):
                if value not in relays:
                    raise self.where.error(
                        node, f"`{value}` is not a relay", f"Relays: {_words(relays) or 'none in data/providers/'}"
                    )
        return found


def _kind(reader: _Reader, where: _Where) -> tuple[Literal["table", "chart"], str]:
    """Which block this is: exactly one of `table:` and `chart:`, with a known kind."""
    written = [name for name in ("table", "chart") if name in reader.options]
    if not written:
        raise where.error(
            None,
            "an almanac block needs `table:` or `chart:`",
            f"Tables: {_words(TABLE_KINDS)}. Charts: {_words(CHART_KINDS)}",
        )
    if len(written) == 2:
        second = max(written, key=lambda name: reader.key(name).start_mark.line)
        first = "chart" if second == "table" else "table"
        raise where.error(
            reader.key(second),
            "a block is a table or a chart, not both",
            f"keep `{first}:` or `{second}:`, and put the other in a block of its own",
        )
    block: Literal["table", "chart"] = "table" if written[0] == "table" else "chart"
    kinds = BLOCK_KINDS[block]
    node = reader.node(block)
    value = reader.values[block]
    if not isinstance(value, str) or value.strip() not in kinds:
        plural = "Tables" if block == "table" else "Charts"
        listing = f"{plural}: {_words(kinds)}"
        raise where.error(node, f"unknown {block} {_describe(value)}", _suggest(value, kinds, listing))
    return block, value.strip()


def parse_block(raw: RawBlock, *, path: str, line_offset: int, datasets: Datasets, today: dt.date) -> BlockSpec:
    """The options of `raw`, checked against `datasets`; raises `AlmanacError` at the line of the first problem.

    `path` is the file as errors show it; `line_offset` the number of lines of the file before
    the Markdown `raw` was found in; `today` the build date (the default of `as_of`). Errors
    name the line (and column) of the offending value, and list what is allowed.
    """
    where = _Where(path, line_offset + raw.start_line, raw.indent)
    if not raw.closed:
        raise where.error(None, "the almanac block is never closed", f"end it with a line of {raw.fence}")
    reader = _Reader(raw, where)
    block, kind = _kind(reader, where)
    what = f"the {kind} {block}"
    allowed = KIND_OPTIONS[kind]
    check = _Check(reader, datasets, kind, what)

    for name in reader.options:
        if name == block or name in allowed:
            continue
        listing = f"Options of {what}: {_words(allowed)}"
        if name in OPTIONS and name not in ("table", "chart"):
            raise where.error(reader.key(name), f"option `{name}` does not apply to {what}", listing)
        raise where.error(reader.key(name), f"unknown option `{name}`", _suggest(name, OPTIONS, listing))

    values: dict[str, Any] = {}
    for name in reader.options:
        if name == "vendors":
            values["vendors"] = check.ids(name, datasets.vendors, "vendor", "Vendors")
        elif name == "models":
            values["models"] = check.ids(name, datasets.models, "model", "Models")
        elif name == "providers":
            values["providers"] = check.providers()
        elif name == "capabilities":
            values["capabilities"] = check.ids(name, CAPABILITIES, "capability", "Capabilities")
        elif name == "region":
            values["regions"] = check.regions()
        elif name == "kind":
            values["provider_kinds"] = check.kinds()
        elif name == "tags":
            values["tags"] = tuple(dict.fromkeys(value for _, value in check.words(name)))
        elif name == "columns":
            values["columns"] = check.columns()
        elif name == "sort":
            values["sort"], values["descending"] = check.sort()
        elif name == "limit":
            values["limit"] = check.limit()
        elif name in ("title", "caption"):
            values[name] = check.text(name)
        elif name == "as_of":
            values["as_of"] = check.as_of()
    as_of = values.pop("as_of", today)
    if "currency" in reader.options:
        values["currency"] = check.currency(as_of)
    if block == "table" and "columns" not in values:
        values["columns"] = DEFAULT_COLUMNS[kind]

    return BlockSpec(
        block=block,
        kind=kind,
        path=path,
        line=where.fence_line,
        as_of=as_of,
        as_of_given="as_of" in reader.options,
        lines=tuple((name, reader.line(name)) for name in reader.options),
        **values,
    )


# --- blocks the site writes itself ----------------------------------------------------------------


def options_text(options: Mapping[str, str | Sequence[str]]) -> str:
    """`options` as the YAML of an `almanac` block, one per line: `name: "value"` or
    `name: ["a", "b"]`. Each value is written by the JSON serialiser (JSON is YAML), so an id
    that reads as a number (`1e5`, `0.10`) stays the text it is."""
    return "\n".join(
        f"{name}: {json.dumps(value if isinstance(value, str) else list(value), ensure_ascii=False)}"
        for name, value in options.items()
    )


def spec_of(options: Mapping[str, str | Sequence[str]], *, path: str, datasets: Datasets, today: dt.date) -> BlockSpec:
    """The spec of a block the site writes itself (the tables and charts of a generated page):
    `options_text(options)` read and checked by `parse_block`, as a block on line 1 of `path`."""
    body = options_text(options)
    raw = RawBlock(start_line=1, end_line=body.count("\n") + 3, body=body + "\n", indent=0)
    return parse_block(raw, path=path, line_offset=0, datasets=datasets, today=today)
