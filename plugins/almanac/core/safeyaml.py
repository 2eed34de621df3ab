# Limits for every YAML document the project reads, and reading its files as UTF-8 text.
#
# Posts' front matter, `docs/blog/.authors.yml`, the files of `data/` (including
# `data/tags.yaml`) and the options of `almanac` blocks are written by hand, or pasted from
# elsewhere. Each is held to the same limits, so that no file can make a build hang or run out
# of memory:
#   - at most `MAX_BYTES` of YAML text;
#   - at most `MAX_ALIASED_VALUES` values repeated by aliases (`*name`): a "billion laughs"
#     file of a few lines repeats values billions of times;
#   - at most `MAX_DEPTH` lists and mappings inside one another (libyaml itself stops at 1,000
#     in the text, but aliases can nest values without limit).
#
# Documents read with PyYAML's C loader (posts, authors, blocks) are composed into a node tree
# first, then `check_limits` walks it, in time bounded by its written size plus the limit,
# before any value is constructed. The data reader (`core.data.datasets.reader`) builds values from
# the parser's events and counts the same limits as it goes. Both read files with `read_text`.

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import yaml

from almanac.core.errors import AlmanacError

__all__ = [
    "MAX_ALIASED_VALUES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "LimitExceeded",
    "check_limits",
    "check_size",
    "decode",
    "not_printable",
    "read_text",
    "too_deep",
    "too_many_values",
]

MAX_BYTES: Final = 5 * 1024 * 1024
"""YAML is edited by hand; anything bigger is a mistake (or an attack) and is refused."""

MAX_ALIASED_VALUES: Final = 100_000
"""The most values that aliases (`*name`) may repeat in one document ("billion laughs" guard)."""

MAX_DEPTH: Final = 50
"""The most lists and mappings inside one another in a document (the data needs about 12)."""


class LimitExceeded(Exception):
    """A document over one of the limits: what is wrong, how to fix it, and where (the YAML's
    own 0-based mark; `None` for the whole document)."""

    def __init__(self, mark: yaml.Mark | None, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint

    def error(self, path: str, *, line_offset: int = 0) -> AlmanacError:
        """The `AlmanacError` in the file `path`, whose YAML starts `line_offset` lines into
        the file (e.g. 1 for front matter after its `---`)."""
        if self.mark is None:
            return AlmanacError(path, 1 + line_offset, self.message, self.hint, 1)
        return AlmanacError(path, self.mark.line + 1 + line_offset, self.message, self.hint, self.mark.column + 1)


def too_many_values(mark: yaml.Mark | None, document: str = "the file") -> LimitExceeded:
    return LimitExceeded(
        mark,
        f"aliases in {document} repeat more than {MAX_ALIASED_VALUES:,} values",
        "write the repeated values out, or alias fewer of them",
    )


def too_deep(mark: yaml.Mark | None) -> LimitExceeded:
    return LimitExceeded(
        mark,
        f"the values are nested more than {MAX_DEPTH} levels deep",
        "write flatter lists and mappings; an alias must not refer to a value that holds it",
    )


def check_size(text: str) -> None:
    """Raise `LimitExceeded` when `text` is over `MAX_BYTES` (counted as UTF-8)."""
    # A character is at most 4 bytes: most texts are decided without encoding them.
    if len(text) * 4 <= MAX_BYTES:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise LimitExceeded(
            None,
            f"the YAML is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit",
            "YAML here is written by hand; split it or shorten it",
        )


def check_limits(node: yaml.Node | None, text: str | None = None, *, document: str = "the file") -> None:
    """Raise `LimitExceeded` when the document composed as `node` nests values more than
    `MAX_DEPTH` deep or repeats more than `MAX_ALIASED_VALUES` values through aliases.

    The tree is walked as constructing it would (an alias's value once more at each alias),
    but the walk stops at the limits, so it takes at most the written size plus the limit.
    An alias to a value that contains it (a loop) is refused too.

    Given the `text` the node was composed from, a short document that cannot be over the
    limits is not walked: without an anchor (`&`) nothing is repeated, and each list or
    mapping is opened by one of `[{-:?`, so there are no more levels than those characters.
    `document` names the YAML in messages (`the block` for an `almanac` block's options).
    """
    if node is None:
        return
    if text is not None and "&" not in text and sum(map(text.count, "[{-:?")) < MAX_DEPTH:
        return
    _Walk(document).visit(node, None, 0)


class _Walk:
    def __init__(self, document: str) -> None:
        self.document = document
        self.seen: set[int] = set()  # nodes met once: meeting one again is through an alias
        self.open: set[int] = set()  # the collections around the node being visited
        self.repeated = 0

    def visit(self, node: yaml.Node, where: yaml.Mark | None, depth: int) -> None:
        """Visit `node` and what it holds. `where` is set while inside a repeated value: the
        place of the entry that repeats it, reported if the repeats go over the limit."""
        again = id(node) in self.seen
        if where is not None or again:
            self.repeated += 1
            if self.repeated > MAX_ALIASED_VALUES:
                raise too_many_values(where or node.start_mark, self.document)
        else:
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return
        if depth >= MAX_DEPTH:
            raise too_deep(where or node.start_mark)
        children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else node.value
        self.open.add(id(node))
        for index, child in enumerate(children):
            if id(child) in self.open:
                raise LimitExceeded(
                    where or node.start_mark,
                    "an alias refers to a value that contains it",
                    "remove the recursive alias",
                )
            inner = where
            if inner is None and id(child) in self.seen:
                # The first repeat met here: point at the written entry that holds the alias
                # (its key in a mapping; the list itself in a list, as an alias has no node).
                inner = children[index - 1].start_mark if isinstance(node, yaml.MappingNode) and index % 2 else None
                inner = inner or node.start_mark
            self.visit(child, inner, depth + 1)
        self.open.discard(id(node))


# What YAML refuses to read (its `ReaderError`): control characters other than tab and line ends.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def not_printable(text: str, path: str, *, line_offset: int = 0) -> AlmanacError:
    """The error for a `yaml.reader.ReaderError` in `text`: at the first character that YAML
    does not allow (the error's own position counts bytes)."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused the text for one of them
        return AlmanacError(path, 1 + line_offset, "the YAML holds a character it does not allow", None, 1)
    start = found.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return AlmanacError(
        path,
        line + line_offset,
        f"the YAML holds the control character U+{ord(found.group()):04X}, which it does not allow",
        "delete it (it is invisible in most editors; it often comes with text pasted from elsewhere)",
        column,
    )


def decode(data: bytes, path: str) -> str:
    """`data` as text, or an `AlmanacError` at the line and column of the first byte that is
    not UTF-8. A byte order mark is dropped."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # a byte order mark is harmless
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise AlmanacError(
            path,
            line,
            f"the file is not UTF-8: byte 0x{data[offset]:02X} at offset {offset} cannot be decoded",
            "save the file with the UTF-8 encoding",
            column,
        ) from None


def read_text(path: Path, display_path: str, *, limit: int | None = MAX_BYTES, newlines: bool = False) -> str:
    """The text of the file at `path` (named `display_path` in errors), checked as UTF-8.

    Raises `AlmanacError` when it cannot be read, is over `limit` bytes (`None`: no limit), or
    is not UTF-8. With `newlines`, `\\r\\n` and `\\r` become `\\n`, as `Path.read_text` does.
    """
    try:
        if not path.is_file():
            raise AlmanacError(display_path, 1, "not a regular file", "write plain text files here", 1)
        if limit is not None and path.stat().st_size > limit:
            raise _file_too_big(display_path, path.stat().st_size, limit)
        with path.open("rb") as stream:
            data = stream.read() if limit is None else stream.read(limit + 1)
    except OSError as error:
        raise AlmanacError(display_path, 1, f"cannot read the file: {error.strerror or error}", None, 1) from None
    if limit is not None and len(data) > limit:  # it grew while we looked
        raise _file_too_big(display_path, len(data), limit)
    return decode_text(data, display_path, newlines=newlines)


def decode_text(data: bytes, display_path: str, *, newlines: bool = False) -> str:
    """`data` read from the file `display_path` as `read_text` gives it: checked as UTF-8, and with
    `newlines`, `\\r\\n` and `\\r` made `\\n`."""
    text = decode(data, display_path)
    if newlines and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _file_too_big(path: str, size: int, limit: int) -> AlmanacError:
    return AlmanacError(
        path,
        1,
        f"the file is {size / 1024 / 1024:.1f} MB, over the {limit // 1024 // 1024} MB limit",
        "it is written by hand; split it or shorten it",
        1,
    )
