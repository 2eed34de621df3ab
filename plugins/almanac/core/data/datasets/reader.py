# Reads one YAML data file safely and can tell where every value was written.
#
# The first step of loading `data/` (at `on_config` and in `almanac check`): each file is
# refused early when it is too big, not UTF-8, empty, indented with tabs, or uses a YAML tag
# that would construct Python objects, and when it nests values too deeply or repeats too many
# through aliases (the limits of every YAML the project reads: `core.safeyaml`). We build
# plain values ourselves from the events of PyYAML's C parser, so that
#   - every value and every key can be found by its line and column (errors point at them),
#   - duplicate keys are errors (naming both lines) instead of the last one winning,
#   - money is never a float: a bare `0.28` becomes `Decimal("0.28")` from its exact text,
#   - plain scalars follow YAML 1.2, as editors do: `NO`, `yes`, `on` stay text and
#     `010` is ten; `2026-08-20` is a date; a date and time stays text for the models to
#     parse (so that `T24:00` and missing zones get a clear message).

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from almanac.core.errors import AlmanacError, AlmanacErrors
from almanac.core.safeyaml import (
    MAX_ALIASED_VALUES,
    MAX_BYTES,
    MAX_DEPTH,
    LimitExceeded,
    decode,
    not_printable,
    too_deep,
    too_many_values,
)

__all__ = [
    "MAX_ALIASED_VALUES",
    "MAX_BYTES",
    "Document",
    "Loc",
    "field_path",
    "parse_document",
    "read_bytes",
    "read_document",
]

Loc = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indexes from the top."""

_PLAIN: Final = "almanac:plain"
_STANDARD: Final = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_STANDARD + name for name in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _STANDARD + "map", _STANDARD + "seq"

# YAML 1.2 core schema, plus dates.
_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS: Final = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE: Final = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_RE: Final = re.compile(r"([-+]?)\.(?:inf|Inf|INF)")
_NAN_RE: Final = re.compile(r"\.(?:nan|NaN|NAN)")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Loader(yaml.CSafeLoader):
    """The C parser, and its composer for positions; plain scalars are tagged `_PLAIN` and
    resolved by us."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


def field_path(loc: Loc) -> str:
    """`("models", 0, "offers", 1, "rates", "input")` → `models[0].offers[1].rates.input`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    """The node at `part` (a key or an index) under `node`, if there is one."""
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def _line_column(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


@dataclass(frozen=True)
class Document:
    """One parsed data file: its plain value, and its text to tell where each part was written.

    Positions (line and column, counted from 1) are wanted only to point at a problem, which
    is rare: they are read from the node tree of `text`, composed again on the first look-up,
    rather than recorded for every value of every file on each load.
    """

    path: str
    value: Any
    text: str = field(repr=False)

    @cached_property
    def _root(self) -> yaml.Node:
        root = yaml.compose(self.text, Loader=_Loader)
        assert root is not None  # the text was read without errors when the document was made
        return root

    def position(self, loc: Loc) -> tuple[int, int]:
        """Where the value at `loc` was written, or its nearest written parent."""
        node = self._root
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return _line_column(node)

    def key_position(self, loc: Loc) -> tuple[int, int]:
        """Where the key of the entry at `loc` was written (its value when it has no key)."""
        entry = self._entry(loc)
        return _line_column(entry[1]) if entry is not None else self.position(loc)

    def is_bare_key(self, loc: Loc) -> bool:
        """True for an entry of a `{ }` mapping written without a value (`{a: b, c}`), which
        is often a comma in text."""
        entry = self._entry(loc)
        if entry is None:
            return False
        mapping, _, value = entry
        return bool(mapping.flow_style) and value.tag == _PLAIN and value.value == ""

    def _entry(self, loc: Loc) -> tuple[yaml.MappingNode, yaml.Node, yaml.Node] | None:
        """The mapping, key and value nodes of the entry at `loc`, when `loc` is one."""
        if not loc:
            return None
        node: yaml.Node | None = self._root
        for part in loc[:-1]:
            node = _child(node, part) if node is not None else None
        if not isinstance(node, yaml.MappingNode):
            return None
        for key, value in node.value:
            if key.value == loc[-1]:
                return node, key, value
        return None

    def error(
        self, loc: Loc, message: str, hint: str | None = None, *, at_key: bool = False, field: Loc | None = None
    ) -> AlmanacError:
        """An error about the value at `loc`: `path:line:col: field.path: message — hint`.

        `at_key` points at the entry's key rather than its value; `field` names another
        field path than `loc` in the message (the mapping, for an unknown key in it).
        """
        line, column = self.key_position(loc) if at_key else self.position(loc)
        where = field_path(loc if field is None else field)
        return AlmanacError(self.path, line, f"{where}: {message}" if where else message, hint, column)


def read_document(path: Path, rel: str) -> Document:
    """Read and parse one data file; raise `AlmanacError(s)` for anything unsafe or invalid.

    `rel` is the path shown in messages (relative to the project).
    """
    return parse_document(decode(read_bytes(path, rel), rel), rel)


def read_bytes(path: Path, rel: str) -> bytes:
    """The bytes of one data file, at most `MAX_BYTES`; raise `AlmanacError` when it is not a
    regular file, cannot be read or is larger (`rel` as in `read_document`)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise AlmanacError(rel, 1, "not a regular file", "data files are plain YAML files", 1)
        if size > MAX_BYTES:
            raise _too_big(rel, size)
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise AlmanacError(rel, 1, f"cannot read the file: {error.strerror or error}", None, 1) from None
    if len(data) > MAX_BYTES:  # it grew while we looked
        raise _too_big(rel, len(data))
    return data


def parse_document(text: str, rel: str) -> Document:
    """Parse the text of one data file (see the module comment for what is refused)."""
    if not text.strip():
        raise AlmanacError(rel, 1, "the file is empty", "write the data or delete the file", 1)
    parser = _Loader(text)
    builder = _Builder(parser, rel)
    try:
        value = builder.document()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, rel) from None
    except yaml.reader.ReaderError:
        raise not_printable(text, rel) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always gives a mark
        raise AlmanacError(rel, None, f"YAML syntax error: {error}") from None
    except RecursionError:  # pragma: no cover - `MAX_DEPTH` is reached first
        _compose(text, rel)  # a YAML error further on is reported first, as for any file
        raise too_deep(None).error(rel) from None
    except LimitExceeded as limit:  # the limits of every YAML document (`core.safeyaml`)
        _compose(text, rel)
        raise limit.error(rel) from None
    finally:
        parser.dispose()
    if value is _NO_DOCUMENT:
        raise AlmanacError(rel, 1, "the file holds only comments", "write the data or delete the file", 1)
    if builder.errors:
        raise AlmanacErrors(builder.errors)
    return Document(rel, value, text)


def _compose(text: str, rel: str) -> yaml.Node | None:
    """The node tree of a file, or its YAML error."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, rel) from None
    except yaml.reader.ReaderError:
        raise not_printable(text, rel) from None


# --- refusals before parsing --------------------------------------------------------------------


def _too_big(rel: str, size: int) -> AlmanacError:
    return AlmanacError(
        rel,
        1,
        f"the file is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit for a data file",
        "data files are edited by hand; split it (one vendor or provider per file, one month per status file)",
        1,
    )


def _syntax_error(error: yaml.MarkedYAMLError, text: str, rel: str) -> AlmanacError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    tab = _tab_near(text, error)
    if tab is not None:
        return AlmanacError(
            rel,
            tab[0],
            "a tab character in the indentation",
            "YAML indents with spaces only; replace the tab with spaces",
            tab[1],
        )
    problem = error.problem or "invalid YAML"
    if (error.context or "").startswith("expected a single document"):
        return AlmanacError(
            rel,
            line,
            "a second YAML document starts here ('---'); a data file holds one document",
            "move the second document to a file of its own",
            column,
        )
    message = f"YAML syntax error: {problem}"
    context = error.context_mark
    if error.context and context and mark and (context.line, context.column) != (mark.line, mark.column):
        message += f" ({error.context} at line {context.line + 1}, column {context.column + 1})"
    hint = None
    if "flow" in (error.context or "") or "flow" in problem:
        hint = "a '[' or '{' is not closed, or a ',' is missing between items"
    elif "mapping values are not allowed" in problem:
        hint = "a value that contains ': ' must be quoted"
    elif "could not find expected ':'" in problem:
        hint = "each line of a mapping is 'key: value'; check the indentation and quotes"
    elif "found undefined alias" in problem:
        hint = "an alias (*name) must follow its anchor (&name)"
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "quote a value that starts with @ or `"
    return AlmanacError(rel, line, message, hint, column)


def _tab_near(text: str, error: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    """The position of a tab in the indentation of the lines the error points at, if any."""
    if "\t" not in text:
        return None
    lines = text.splitlines()
    for mark in (error.problem_mark, error.context_mark):
        if mark is None or mark.line >= len(lines):
            continue
        line = lines[mark.line]
        if mark.column < len(line) and line[mark.column] == "\t":
            return mark.line + 1, mark.column + 1
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return mark.line + 1, indent.index("\t") + 1
    return None


# --- building plain values from the parser's events ---------------------------------------------


_NO_DOCUMENT: Final = object()


class _Builder:
    """Builds dicts, tuples and scalars straight from the parser's events, recording errors.

    Each event is read once, in order, and goes into a value at once: no tree of nodes is
    composed first (making a node and its two marks for every value, and collecting them as
    garbage, took more than half the time of loading `data/`). Anchors and aliases are checked
    as `yaml.compose` checks them, so that a file is refused with the same YAML error; the
    events of each anchored value are kept, and an alias is built again from them, as if the
    value were written out where the alias is.
    """

    def __init__(self, parser: _Loader, rel: str) -> None:
        self.parser = parser
        self.rel = rel
        self.errors: list[AlmanacError] = []
        self.level = 0  # collections open in the parser's events
        self.anchors: dict[str, list[Event]] = {}  # the events of each anchored value
        self.recording: list[tuple[list[Event], int]] = []  # anchored collections being read, and their level
        self.replaying: list[Iterator[Event]] = []  # the remaining events of the aliases being built
        self.active: set[str] = set()  # anchored collections being built: an alias to one is a loop
        self.built: set[str] = set()  # anchored collections built once: meeting one again is an alias
        self.aliased = 0  # > 0 while building a value a second time
        self.repeated = 0

    def document(self) -> Any:
        """The value of the file's one document, or `_NO_DOCUMENT` when there is none."""
        self.take()  # the start of the stream
        if isinstance(self.take(), StreamEndEvent):
            return _NO_DOCUMENT
        first = self.take()  # the first event after the start of the document
        value = self.build(first, ())
        self.take()  # the end of the document
        after = self.take()
        if not isinstance(after, StreamEndEvent):
            raise _composer_error(
                "expected a single document in the stream", first, "but found another document", after
            )
        return value

    def take(self) -> Event:
        """The next event: of the alias being built, or else the next one the parser reads
        (its anchor or alias checked, and the event kept for the anchored values around it)."""
        while self.replaying:
            replayed = next(self.replaying[-1], None)
            if replayed is not None:
                return replayed
            self.replaying.pop()
        event = self.parser.get_event()
        assert event is not None  # the parser raises rather than stop before the end of the stream
        for events, _ in self.recording:
            events.append(event)
        if isinstance(event, ScalarEvent):
            if event.anchor is not None:
                self.anchor(event)
        elif isinstance(event, CollectionStartEvent):
            if event.anchor is not None:
                self.recording.append((self.anchor(event), self.level))
            self.level += 1
        elif isinstance(event, CollectionEndEvent):
            self.level -= 1
            if self.recording and self.recording[-1][1] == self.level:
                self.recording.pop()
        elif isinstance(event, AliasEvent) and event.anchor not in self.anchors:
            raise _composer_error(None, None, "found undefined alias", event)
        return event

    def anchor(self, event: NodeEvent) -> list[Event]:
        """Start keeping the events of a value with an anchor (`&name`)."""
        assert event.anchor is not None
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise _composer_error("found duplicate anchor; first occurrence", first[0], "second occurrence", event)
        events: list[Event] = [event]
        self.anchors[event.anchor] = events
        return events

    def skip(self, event: Event) -> None:
        """Read the rest of a value that is not built (its anchors are still kept)."""
        if isinstance(event, CollectionStartEvent):
            depth = 1
            while depth:
                event = self.take()
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1

    def fail(self, event: Event, loc: Loc, message: str, hint: str | None = None) -> None:
        where = field_path(loc)
        mark = event.start_mark
        assert mark is not None
        text = f"{where}: {message}" if where else message
        self.errors.append(AlmanacError(self.rel, mark.line + 1, text, hint, mark.column + 1))

    def build(self, event: Event, loc: Loc) -> Any:
        """The value that starts with `event`, once the rest of its events are read."""
        if self.aliased:
            self.repeated += 1
            if self.repeated > MAX_ALIASED_VALUES:
                raise too_many_values(None)
        if isinstance(event, AliasEvent):
            assert event.anchor is not None
            events = self.anchors[event.anchor]
            if event.anchor in self.active:
                self.fail(events[0], loc, "an alias refers to a value that contains it", "remove the recursive alias")
                return None
            event = events[0]
            self.replaying.append(islice(events, 1, None))
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":  # (as `_tag`, written out: most values are scalars)
                tag = _PLAIN if event.implicit[0] else _STR
            if tag == _PLAIN:
                return _plain(event.value)
            if tag == _STR:
                return event.value
            return self.explicit(event, tag, loc)
        assert isinstance(event, CollectionStartEvent)
        name = event.anchor
        if name in self.active:  # inside an alias that it contains
            self.fail(event, loc, "an alias refers to a value that contains it", "remove the recursive alias")
            self.skip(event)
            return None
        if len(loc) >= MAX_DEPTH:
            raise too_deep(None)
        tag = _tag(event)
        if tag not in (_MAP, _SEQ):
            self.refuse_tag(event, tag, loc)
            self.skip(event)
            return None
        again = name in self.built
        if name is not None:
            self.built.add(name)
            self.active.add(name)
        self.aliased += again
        try:
            if isinstance(event, SequenceStartEvent):
                return self.sequence(loc)
            return self.mapping(loc)
        finally:
            self.active.discard(name)
            self.aliased -= again

    def sequence(self, loc: Loc) -> tuple[Any, ...]:
        items: list[Any] = []
        event = self.take()
        while not isinstance(event, SequenceEndEvent):
            items.append(self.build(event, (*loc, len(items))))
            event = self.take()
        return tuple(items)

    def mapping(self, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        while not isinstance(key_event := self.take(), MappingEndEvent):
            key_node = key_event
            if isinstance(key_event, AliasEvent):
                assert key_event.anchor is not None
                key_node = self.anchors[key_event.anchor][0]
            elif isinstance(key_event, CollectionStartEvent):
                self.skip(key_event)  # a list or a mapping as a key: read it whole
            if not isinstance(key_node, ScalarEvent):
                self.fail(key_node, loc, "a key must be plain text, not a list or a mapping")
                self.skip(self.take())
                continue
            tag = key_node.tag
            if tag is None or tag == "!":  # (as `_tag`, written out: there are as many keys as values)
                tag = _PLAIN if key_node.implicit[0] else _STR
            if tag not in (_PLAIN, _STR):
                self.refuse_tag(key_node, tag, loc)
                self.skip(self.take())
                continue
            key = key_node.value
            if key == "<<" and tag == _PLAIN:
                self.fail(key_node, loc, "merge keys ('<<') are not supported", "write the keys out")
                self.skip(self.take())
                continue
            if key in lines:
                self.fail(
                    key_node,
                    (*loc, key),
                    f"duplicate key {key!r}; it is also on line {lines[key]}",
                    "a key may appear once in a mapping: keep one of them",
                )
                self.skip(self.take())
                continue
            mark = key_node.start_mark
            assert mark is not None
            lines[key] = mark.line + 1
            result[key] = self.build(self.take(), (*loc, key))
        return result

    def explicit(self, event: ScalarEvent, tag: str, loc: Loc) -> Any:
        """A scalar with an explicit standard tag (`!!str`, `!!int`…); others are refused."""
        text = event.value
        value = _plain(text)
        if tag == _INT and isinstance(value, int) and not isinstance(value, bool):
            return value
        if tag == _FLOAT and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return Decimal(value)
        if tag == _BOOL and isinstance(value, bool):
            return value
        if tag == _NULL and value is None:
            return None
        if tag in (_INT, _FLOAT, _BOOL, _NULL):
            self.fail(event, loc, f"{text!r} does not fit its tag {_short(tag)}", "remove the tag")
            return None
        self.refuse_tag(event, tag, loc)
        return None

    def refuse_tag(self, event: Event, tag: str, loc: Loc) -> None:
        if tag.startswith(_STANDARD + "python/"):
            self.fail(
                event,
                loc,
                f"the YAML tag {_short(tag)} is not allowed: it would construct a Python object",
                "data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
            )
        else:
            self.fail(
                event,
                loc,
                f"the YAML tag {_short(tag)} is not allowed",
                "data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
            )


def _composer_error(context: str | None, near: Event | None, problem: str, at: Event) -> ComposerError:
    """The error `yaml.compose` raises, with the same words and marks."""

    def mark(event: Event) -> yaml.Mark:
        where = event.start_mark
        assert where is not None
        return yaml.Mark(where.name, where.index, where.line, where.column, None, 0)

    return ComposerError(context, mark(near) if near is not None else None, problem, mark(at))


def _tag(event: ScalarEvent | CollectionStartEvent) -> str:
    """The tag `yaml.compose` gives the node of `event`: its own, or else the default of its
    kind, with plain scalars marked `_PLAIN` (see `_Loader`)."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    if isinstance(event, ScalarEvent):
        return _PLAIN if event.implicit[0] else _STR
    return _SEQ if isinstance(event, SequenceStartEvent) else _MAP


def _short(tag: str) -> str:
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag


@lru_cache(maxsize=4096)  # the same words and dates recur all through the files; values are immutable
def _plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar, YAML 1.2 core schema plus dates; never a float."""
    if text in _NULLS:
        return None
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT_RE.fullmatch(text):
            return int(text) if len(text) <= 4000 else Decimal(text)  # int() refuses 4,300 digits
        if _FLOAT_RE.fullmatch(text):
            return Decimal(text)
        if _DATE_RE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text
        if match := _INF_RE.fullmatch(text):
            return Decimal(f"{match[1]}Infinity")
        if _NAN_RE.fullmatch(text):
            return Decimal("NaN")
        return text
    return _BOOLS.get(text, text)
