# Reads one YAML data file safely and remembers where every value was written.
#
# The first step of loading `data/` (at `on_config` and in `almanac check`): each file is
# refused early when it is too big, not UTF-8, empty, indented with tabs, or uses a YAML tag
# that would construct Python objects. PyYAML's C parser composes the node tree; we build
# plain values from it ourselves, so that
#   - every value and every key keeps its line and column (errors point at them),
#   - duplicate keys are errors (naming both lines) instead of the last one winning,
#   - money is never a float: a bare `0.28` becomes `Decimal("0.28")` from its exact text,
#   - plain scalars follow YAML 1.2, as editors do: `NO`, `yes`, `on` stay text and
#     `010` is ten; `2026-08-20` is a date; a date and time stays text for the models to
#     parse (so that `T24:00` and missing zones get a clear message).

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import yaml

from almanac.core.errors import AlmanacError, AlmanacErrors

__all__ = ["MAX_ALIASED_VALUES", "MAX_BYTES", "Document", "Loc", "field_path", "parse_document", "read_document"]

MAX_BYTES: Final = 5 * 1024 * 1024
"""Data files are edited by hand; anything bigger is a mistake (or an attack) and is refused."""

MAX_ALIASED_VALUES: Final = 100_000
"""The most values that aliases (`*name`) may repeat in one file ("billion laughs" guard)."""

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
    """The C parser and composer; plain scalars are tagged `_PLAIN` and resolved by us."""

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


@dataclass(frozen=True)
class Document:
    """One parsed data file: its plain value and where each part of it was written.

    `values` maps the location of every value to its `(line, column)`, counted from 1;
    `keys` does the same for the key of every mapping entry.
    """

    path: str
    value: Any
    values: Mapping[Loc, tuple[int, int]] = field(repr=False)
    keys: Mapping[Loc, tuple[int, int]] = field(repr=False)
    bare_keys: frozenset[Loc] = field(default=frozenset(), repr=False)
    """Entries of a `{ }` mapping written without a value (`{a: b, c}`): often a comma in text."""

    def position(self, loc: Loc) -> tuple[int, int]:
        """Where the value at `loc` was written, or its nearest written parent."""
        for end in range(len(loc), -1, -1):
            found = self.values.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)

    def key_position(self, loc: Loc) -> tuple[int, int]:
        """Where the key of the entry at `loc` was written (its value when it has no key)."""
        return self.keys.get(loc) or self.position(loc)

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
    return parse_document(_decode(data, rel), rel)


def parse_document(text: str, rel: str) -> Document:
    """Parse the text of one data file (see the module comment for what is refused)."""
    if not text.strip():
        raise AlmanacError(rel, 1, "the file is empty", "write the data or delete the file", 1)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, rel) from None
    except yaml.YAMLError as error:  # pragma: no cover - libyaml always gives a mark
        raise AlmanacError(rel, None, f"YAML syntax error: {error}") from None
    if root is None:
        raise AlmanacError(rel, 1, "the file holds only comments", "write the data or delete the file", 1)
    builder = _Builder(rel)
    try:
        value = builder.build(root, ())
    except RecursionError:
        raise AlmanacError(rel, 1, "the data is nested too deeply", None, 1) from None
    except _TooManyValues:
        raise AlmanacError(
            rel,
            1,
            f"aliases in the file repeat more than {MAX_ALIASED_VALUES:,} values",
            "write the repeated values out, or alias fewer of them",
            1,
        ) from None
    if builder.errors:
        raise AlmanacErrors(builder.errors)
    return Document(rel, value, builder.values, builder.keys, frozenset(builder.bare_keys))


# --- refusals before parsing --------------------------------------------------------------------


def _too_big(rel: str, size: int) -> AlmanacError:
    return AlmanacError(
        rel,
        1,
        f"the file is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit for a data file",
        "data files are edited by hand; split it (one vendor or provider per file, one month per status file)",
        1,
    )


def _decode(data: bytes, rel: str) -> str:
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # a byte order mark is harmless
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise AlmanacError(
            rel,
            line,
            f"the file is not UTF-8: byte 0x{data[offset]:02X} at offset {offset} cannot be decoded",
            "save the file with the UTF-8 encoding",
            column,
        ) from None


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


# --- building plain values from the node tree ---------------------------------------------------


class _TooManyValues(Exception):
    pass


class _Builder:
    """Turns composed nodes into dicts, tuples and scalars, recording positions and errors."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.bare_keys: set[Loc] = set()
        self.errors: list[AlmanacError] = []
        self.active: set[int] = set()  # collections being built: an alias to one is a loop
        self.built: set[int] = set()  # collections built once: meeting one again is an alias
        self.aliased = 0  # > 0 while building a subtree a second time
        self.repeated = 0

    def fail(self, node: yaml.Node, loc: Loc, message: str, hint: str | None = None) -> None:
        where = field_path(loc)
        mark = node.start_mark
        text = f"{where}: {message}" if where else message
        self.errors.append(AlmanacError(self.rel, mark.line + 1, text, hint, mark.column + 1))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if self.aliased:
            self.repeated += 1
            if self.repeated > MAX_ALIASED_VALUES:
                raise _TooManyValues
        mark = node.start_mark
        self.values[loc] = (mark.line + 1, mark.column + 1)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _PLAIN:
                return _plain(node.value)
            if tag == _STR:
                return node.value
            return self.explicit(node, loc)
        if id(node) in self.active:
            self.fail(node, loc, "an alias refers to a value that contains it", "remove the recursive alias")
            return None
        if tag not in (_MAP, _SEQ):
            self.refuse_tag(node, loc)
            return None
        again = id(node) in self.built
        self.built.add(id(node))
        self.active.add(id(node))
        self.aliased += again
        try:
            if isinstance(node, yaml.SequenceNode):
                return tuple([self.build(child, (*loc, index)) for index, child in enumerate(node.value)])
            assert isinstance(node, yaml.MappingNode)
            return self.mapping(node, loc)
        finally:
            self.active.discard(id(node))
            self.aliased -= again

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, loc, "a key must be plain text, not a list or a mapping")
                continue
            if key_node.tag not in (_PLAIN, _STR):
                self.refuse_tag(key_node, loc)
                continue
            key = key_node.value
            if key == "<<" and key_node.tag == _PLAIN:
                self.fail(key_node, loc, "merge keys ('<<') are not supported", "write the keys out")
                continue
            mark = key_node.start_mark
            if key in lines:
                self.fail(
                    key_node,
                    (*loc, key),
                    f"duplicate key {key!r}; it is also on line {lines[key]}",
                    "a key may appear once in a mapping: keep one of them",
                )
                continue
            lines[key] = mark.line + 1
            self.keys[(*loc, key)] = (mark.line + 1, mark.column + 1)
            if node.flow_style and value_node.tag == _PLAIN and value_node.value == "":
                self.bare_keys.add((*loc, key))
            result[key] = self.build(value_node, (*loc, key))
        return result

    def explicit(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        """A scalar with an explicit standard tag (`!!str`, `!!int`…); others are refused."""
        tag, text = node.tag, node.value
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
            self.fail(node, loc, f"{text!r} does not fit its tag {_short(tag)}", "remove the tag")
            return None
        self.refuse_tag(node, loc)
        return None

    def refuse_tag(self, node: yaml.Node, loc: Loc) -> None:
        tag = _short(node.tag)
        if node.tag.startswith(_STANDARD + "python/"):
            self.fail(
                node,
                loc,
                f"the YAML tag {tag} is not allowed: it would construct a Python object",
                "data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
            )
        else:
            self.fail(
                node,
                loc,
                f"the YAML tag {tag} is not allowed",
                "data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
            )


def _short(tag: str) -> str:
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag


def _plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar, YAML 1.2 core schema plus dates; never a float."""
    if text in _NULLS:
        return None
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT_RE.fullmatch(text):
            return int(text)
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
