# `[[id]]` and `[[id|text]]` in a page's Markdown: what they look like, and their check.
#
# `check_wikilinks` reads the Markdown of a page whose conversion left a `[[` as written
# (`on_page_content` of `almanac/links`, and so in `almanac check`; the extension counts them,
# and a page whose every `[[` became a link is not read again): every `[[…]]` must name
# exactly one entity of the `EntityIndex`, and each problem is an error at its line of the
# file — an unknown id (with the nearest ids), an id several kinds share (with the `kind:id`
# forms to choose from), an empty `[[]]`, a `[[` that no `]]` closes on its line. What
# Markdown shows as code is not read: fenced code (``` and ~~~, `almanac` blocks among them),
# inline code spans, and HTML comments; nor `\[[`, which writes the brackets themselves. A
# `[[…]]` followed by `(` is Markdown's link whose text is in brackets (`[[1]](url)`), not an
# entity link. In a table, where `|` ends a cell, write `[[id\|text]]`. Indented code blocks
# are told from the indented bodies of lists, admonitions and footnotes, and raw HTML blocks
# found, the way Python-Markdown does (`_mask_indented_code`).
#
# The extension (`markdown.py`) finds the links with the same pattern (`WIKILINK`), so what the
# check passes is what the conversion links, and what the check finds wrong the conversion
# leaves as written (tests/unit/test_links_markdown.py holds both to it, shape by shape).

from __future__ import annotations

import re
from typing import Final

from almanac.core.errors import AlmanacError
from almanac.core.links.entities import EntityIndex, EntityRefError

__all__ = ["WIKILINK", "check_wikilinks", "split_wikilink"]

WIKILINK: Final = r"\[(?<!\\\[)\[([^\[\]\n]*)\]\](?!\()"
"""`[[ref]]` or `[[ref|text]]` on one line, not after `\\`, not before `(`. The first bracket is
matched before what precedes it is looked at: a pattern that begins with a character is found by
skipping to it, one that begins by looking behind is tried at every place of the text."""

_WIKILINK: Final = re.compile(WIKILINK)
_ESCAPED_BAR: Final = "\x02124\x03"  # `\|` after Python-Markdown's escapes (`markdown.util.STX`…)
_OPEN: Final = re.compile(r"\[(?<!\\\[)\[")
_FENCE: Final = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_COMMENT: Final = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A code span: a run of backticks, closed by a run as long, within one paragraph (`_PARAGRAPHS`).
_CODE_SPAN: Final = re.compile(r"(?<![`\\])(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_PARAGRAPHS: Final = re.compile(r"(\n[ \t]*\n)")
# A line whose indented lines below are Markdown, not code: a list item, an admonition or
# collapsible block, a footnote, a definition.
_HOLDS_INDENTED: Final = re.compile(r"[ \t]*(?:[-*+] |\d+\. |!!!|\?\?\?|///|\[\^[^\]]+\]:|: )")
_RULE: Final = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")  # a horizontal rule, not a list item
# The block-level elements of Python-Markdown whose raw HTML it passes through (not `hr`, which
# has no closing tag).
_HTML_BLOCK: Final = re.compile(
    r" {0,3}<(?P<tag>address|article|aside|blockquote|canvas|center|details|div|dl|fieldset|figure|footer|form"
    r"|header|hgroup|iframe|main|math|nav|noscript|ol|p|pre|section|table|ul|video)(?=[\s/>])[^>]*>?",
    re.IGNORECASE,
)


def split_wikilink(inner: str) -> tuple[str, str | None]:
    """The reference and the text of a link written `[[inner]]`: `("id", None)` for `id`,
    `("id", "text")` for `id|text` (an empty text counts as none). In a table, where `|` ends
    a cell, the bar is written `\\|`; Python-Markdown hands it over as `\x02124\x03`."""
    ref, bar, text = inner.replace(_ESCAPED_BAR, "|").replace("\\|", "|").partition("|")
    return ref.strip(), (text.strip() or None) if bar else None


def check_wikilinks(markdown: str, index: EntityIndex, *, path: str, line_offset: int = 0) -> list[AlmanacError]:
    """The problems of the `[[…]]` of `markdown` (the Markdown of the file at `path` after its
    first `line_offset` lines), each at its line of the file, in order."""
    if "[[" not in markdown:
        return []
    text = _mask_code(markdown)
    errors: list[AlmanacError] = []

    def line_of(offset: int) -> int:
        return line_offset + text.count("\n", 0, offset) + 1

    closed: set[int] = set()
    for match in _WIKILINK.finditer(text):
        closed.add(match.start())
        ref, _ = split_wikilink(match.group(1))
        if not ref:
            errors.append(
                AlmanacError(
                    path,
                    line_of(match.start()),
                    f"empty entity link `{match.group()}`",
                    "write the id of a model, vendor, provider or tag inside, e.g. `[[deepseek]]`, or delete it",
                )
            )
            continue
        try:
            index.resolve(ref)
        except EntityRefError as error:
            errors.append(AlmanacError(path, line_of(match.start()), error.message, error.hint))
    for match in _OPEN.finditer(text):
        at = match.start()
        if at in closed:
            continue
        end_of_line = text.find("\n", at)
        rest = text[at + 2 : end_of_line if end_of_line >= 0 else len(text)]
        if "]]" not in rest:
            errors.append(
                AlmanacError(
                    path,
                    line_of(at),
                    "`[[` is not closed on its line",
                    "end the link with `]]` on the same line, or write `\\[[` for two brackets",
                )
            )
    errors.sort(key=AlmanacError.sort_key)
    return errors


def _mask_code(markdown: str) -> str:
    """`markdown` with fenced code, indented code, HTML comments and code spans made spaces,
    lines kept."""
    lines = markdown.split("\n")
    fence: str | None = None
    fences: dict[int, int] = {}  # the line of each opening fence, and its indentation
    for n, line in enumerate(lines):
        if fence is None:
            match = _FENCE.fullmatch(line)
            if match is not None and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence = match["fence"]
                fences[n] = _indent(line)
                lines[n] = ""
            continue
        stripped = line.strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            fence = None
        lines[n] = ""
    _mask_indented_code(lines, fences)
    text = "\n".join(lines)
    if "<!--" in text:
        text = _COMMENT.sub(_blank, text)
    if "`" not in text:
        return text
    parts = _PARAGRAPHS.split(text)  # paragraphs and the blank lines between them
    for n, part in enumerate(parts):
        if "[[" in part and "`" in part:
            parts[n] = _CODE_SPAN.sub(_blank, part)
    return "".join(parts)


def _mask_indented_code(lines: list[str], fences: dict[int, int]) -> None:
    """Blanks the lines of indented code blocks and raw HTML blocks, as Python-Markdown reads
    them. Code is a block indented by four spaces (or a tab) more than the text above it, after
    a blank line; below a list item, an admonition, a footnote or a definition, whose bodies
    are indented Markdown, by four more. A raw HTML block opens with a block-level tag at the
    start of a line (without md_in_html's `markdown` attribute) and runs to its closing tag.
    `fences` holds the lines of the fenced code already blanked: each is a block of its own."""
    code_at = 4  # the indentation at which code would start
    after_blank = True
    in_code = False
    html: tuple[str, int] | None = None  # the open raw HTML block's tag, and its depth
    for n, line in enumerate(lines):
        if html is not None:
            tag, depth = html
            depth += _opens(tag, line)
            html = (tag, depth) if depth > 0 else None
            lines[n] = ""
            continue
        if n in fences:  # a fenced block: text that holds no indented body
            in_code, code_at, after_blank = False, fences[n] // 4 * 4 + 4, False
            continue
        if not line.strip():
            after_blank = True
            continue
        indent = _indent(line)
        if indent >= code_at and (in_code or after_blank):
            in_code = True
            lines[n] = ""
        elif indent < 4 and (opening := _HTML_BLOCK.match(line)) and "markdown" not in opening.group():
            tag = opening["tag"].lower()
            depth = _opens(tag, line)
            html = (tag, depth) if depth > 0 else None
            lines[n] = ""
            in_code, code_at = False, 4
        else:
            in_code = False
            holds = _HOLDS_INDENTED.match(line) is not None and _RULE.fullmatch(line) is None
            code_at = indent // 4 * 4 + (8 if holds else 4)
        after_blank = False


def _indent(line: str) -> int:
    """The columns of white space that begin `line` (a tab counts four)."""
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _opens(tag: str, line: str) -> int:
    """How many `tag` elements `line` opens, less those it closes."""
    opened = len(re.findall(rf"<{tag}(?=[\s/>])", line, re.IGNORECASE))
    return opened - len(re.findall(rf"</{tag}\s*>", line, re.IGNORECASE))


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())
