# Where `almanac` blocks are in a page's Markdown, and their places through its conversion.
#
# The fences are found without reading their YAML or the data: the build finds the blocks of
# every page with this alone, before it draws them (`options.py` checks a block's options,
# `draw.py` draws it). Lines count from 1 within the Markdown.
# Generated pages hold their tables and charts as empty slots until they are drawn.
#
# A block's place in a page's Markdown is kept through its conversion by a marker that holds a
# secret made when this module is loaded (see `placeholder`): an author's text cannot hold it,
# so no text of a post becomes a table. The marker never reaches the site (each is replaced by
# its block's HTML in the same process), so the output stays the same from build to build.

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Final

__all__ = [
    "BLOCK_INFO",
    "BlockPage",
    "RawBlock",
    "fill_slots",
    "find_blocks",
    "mark_blocks",
    "placeholder",
    "slot",
    "unmark_blocks",
]

BLOCK_INFO: Final = "almanac"
"""The info string of the fence: exactly this word, nothing after it."""


@dataclass(frozen=True)
class RawBlock:
    """An `almanac` fence as found in the Markdown, before its YAML is read."""

    start_line: int
    """The line of the opening fence, from 1."""
    end_line: int
    """The line of the closing fence (the last line of the Markdown when the fence is not closed)."""
    body: str
    """The lines between the fences, without the fence's indentation."""
    indent: int
    """Spaces before the opening fence (0 to 3)."""
    fence: str = "```"
    """The opening fence: three or more backticks or tildes."""
    closed: bool = True
    """False when the Markdown ends before a closing fence."""


@dataclass(frozen=True)
class BlockPage:
    """A post or page of the author's with `almanac` blocks, as MkDocs will convert it."""

    src_uri: str
    url: str
    """MkDocs' `page.url`."""
    path: str
    """The file as errors name it (`docs/blog/posts/x.md`)."""
    line_offset: int
    """The lines of the file before `markdown` (its front matter)."""
    markdown: str
    """The Markdown MkDocs hands to plugins."""


# --- finding the fences ---------------------------------------------------------------------------

_FENCE: Final = re.compile(r"(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)")


def _closes(line: str, fence: str) -> bool:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip(" \t")


def _unindent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


def find_blocks(markdown: str) -> list[RawBlock]:
    """Every fence whose info string is exactly `almanac`, in order.

    Fences follow CommonMark: three or more backticks or tildes, indented by at most three
    spaces, closed by a run of the same character at least as long. Any other fenced code is
    skipped whole, so an `almanac` fence shown as an example inside it is not a block.
    """
    lines = [line.removesuffix("\r") for line in markdown.split("\n")]
    blocks: list[RawBlock] = []
    n = 0
    while n < len(lines):
        match = _FENCE.fullmatch(lines[n])
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            n += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        end = n + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        closed = end < len(lines)
        if match["info"].strip() == BLOCK_INFO:
            body = "\n".join(_unindent(line, indent) for line in lines[n + 1 : end])
            last = end + 1 if closed else len(lines)
            blocks.append(RawBlock(n + 1, last, body, indent, fence, closed))
        n = end + 1
    return blocks


# --- keeping their places -------------------------------------------------------------------------

#: Unknown outside this process: no author can write a marker (letters and digits only, so
#: Markdown leaves it as it is).
_SECRET: Final = secrets.token_hex(12)


def placeholder(index: int) -> str:
    """The place of the page's block number `index` in its Markdown until its HTML replaces it
    after conversion: `ALMANACBLOCK<secret>N<index>X`."""
    return f"ALMANACBLOCK{_SECRET}N{index}X"


def mark_blocks(markdown: str, found: list[RawBlock]) -> str:
    """`markdown` with the blocks `found` in it replaced, in order, by `placeholder`s in
    paragraphs of their own, which Markdown passes through; `unmark_blocks` puts the HTML there."""
    lines = markdown.split("\n")
    for index, raw in reversed(list(enumerate(found))):
        lines[raw.start_line - 1 : raw.end_line] = ["", " " * raw.indent + placeholder(index), ""]
    return "\n".join(lines)


def unmark_blocks(html: str, rendered: list[str]) -> str:
    """The converted `html` of Markdown marked by `mark_blocks`, with each block's HTML in its place."""
    for index, block in enumerate(rendered):
        token = placeholder(index)
        html = html.replace(f"<p>{token}</p>", block).replace(token, block)
    return html


def slot(index: int) -> str:
    """The empty place of a generated page's table or chart, until it is drawn."""
    return f'<div data-almanac-block="{index}"></div>'


def fill_slots(output: str, drawn: list[str]) -> str:
    """`output` (a page as the theme wrote it) with the HTML of each block in its slot."""
    for index, html in enumerate(drawn):
        output = output.replace(slot(index), html, 1)
    return output
