# The Markdown extension that links a page to the entities it names, while MkDocs converts it.
#
# Made once per build (`on_config` of `almanac/links`, which adds it to the build's Markdown
# extensions); before each page's conversion the plugin calls `start_page` (`on_page_markdown`),
# after it `page_mentions` and `left_as_written` (`on_page_content`). Two steps inside
# Python-Markdown:
#
# 1. An inline processor turns `[[id]]` and `[[id|text]]` into a marked element, registered
#    above Python-Markdown's `link` pattern (160) and below its escapes (180) and code spans
#    (190): `[[x]]` is not read as a link, and `\[[x]]` and `` `[[x]]` `` are left as written.
#    It looks at every `[[` of the page's text (a pattern with a literal first character, which
#    the regular expression engine finds quickly): a reference that names no entity, or several,
#    an empty one and a `[[` that is no link are left as written text and counted. The plugin
#    then checks that page's `[[…]]` with lines of its file (`check_wikilinks`), and the build
#    stops; a page whose every `[[` is a link is not read a second time, unless it holds link
#    definitions or abbreviations, which Python-Markdown takes out before this step.
# 2. A treeprocessor walks the converted tree, the way Python-Markdown's `abbr` extension
#    (`AbbrTreeprocessor`) does: the text and tail of each element, with ONE scan of the page's
#    text by the `Matcher`. It skips code (`code`, `pre`, `kbd`, `samp`), links (`a`), headings,
#    `script`, `style`, `abbr`, elements whose class holds `almanac-` (our blocks), and text
#    inside raw inline HTML (`<span>DeepSeek</span>`). The first mention of each entity not
#    linked explicitly anywhere in the page becomes a link; the marked `[[…]]` become links.
#    It runs after MkDocs' `relpath` (priority 0), which would read our links' relative URLs as
#    paths of source files and warn that they lead nowhere: hence priority -1, after Python-
#    Markdown's unescaping of `\`-escapes (0) too.
#
# Links are relative to the page, through the site's root (`core/urls.py`). Each page records,
# for each entity it links or mentions, its first place with the sentence around it
# (`Mention`, which works the sentence out only if a page or feed quotes it), in page order: the
# first `[[…]]` of an entity when there is one, else its first mention.

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import TYPE_CHECKING, Final

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from almanac.core.links.entities import EntityIndex, EntityRefError
from almanac.core.links.mentions import Matcher, plain_text, sentence_around
from almanac.core.links.model import Entity, EntityKey, Mention
from almanac.core.links.wikilinks import WIKILINK, split_wikilink
from almanac.core.urls import root_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown import Markdown

    _Linker = Callable[[str], str]

__all__ = ["ENTITY_CLASS", "MENTION_CLASS", "EntityLinks"]

ENTITY_CLASS: Final = "almanac-entity"
"""The class of every link to an entity."""
MENTION_CLASS: Final = "almanac-entity almanac-mention"
"""The class of a link made of a name found in running text."""

_SKIP_TAGS: Final = frozenset(
    {"a", "abbr", "code", "kbd", "pre", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# Elements that end a sentence where they begin and end (a line break in the page's text).
_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
_VOID_TAGS: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_PLACEHOLDER: Final = re.compile("\x02(?:wzxhzdk:([0-9]+))?[^\x03]*\x03")
_TAG: Final = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_MASK: Final = "\x00"


@dataclass
class _Page:
    """The page being converted."""

    url: str
    autolink: bool
    #: The elements the inline processor made of `[[…]]`, by `id()`, with the entity and text.
    explicit: dict[int, tuple[etree.Element, Entity]] = field(default_factory=dict)
    mentions: tuple[Mention, ...] = ()
    #: How many `[[` the conversion left as written (see `EntityLinks.left_as_written`).
    left: int = 0


class EntityLinks(Extension):
    """Links `[[…]]` and the first mention of each entity of a page (see the module comment)."""

    def __init__(self, index: EntityIndex, matcher: Matcher | None, *, directory_urls: bool = True) -> None:
        super().__init__()
        self.index = index
        self.matcher = matcher
        self.directory_urls = directory_urls
        self._page: _Page | None = None

    def start_page(self, url: str, autolink: bool) -> None:
        """The next conversion is of the page at `url` (MkDocs' `page.url`); with `autolink`
        false, only its `[[…]]` link."""
        self._page = _Page(url, autolink)

    def page_mentions(self) -> tuple[Mention, ...]:
        """What the last page converted links and mentions, in page order."""
        return self._page.mentions if self._page is not None else ()

    def left_as_written(self) -> int:
        """How many `[[` of the last page converted are not links: a reference that names no
        entity or several, an empty one, a `[[` that no `]]` closes, or brackets that are not
        an entity link (`[[1]](url)`, `[[[x]]`'s first). `0`: the page's `[[…]]` need no check."""
        return self._page.left if self._page is not None else 0

    def conversion_state(self) -> _Page | None:
        """What the last conversion found (its mentions, the `[[` it left), for a page converted in
        another process (`almanac/blog`'s `processes`): that process sends it back, and the build's
        `restore_conversion`s it as if it had converted the page."""
        return replace(self._page, explicit={}) if self._page is not None else None

    def restore_conversion(self, state: object) -> None:
        """The page another process converted is the last converted (see `conversion_state`)."""
        assert state is None or isinstance(state, _Page)
        self._page = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.inlinePatterns.register(_WikilinkProcessor(self, md), "almanac_entity_link", 175)
        md.treeprocessors.register(_EntityTreeprocessor(md, self), "almanac_entities", -1)


# A `[[` (its first bracket) not after `\`: the literal first character lets the engine skip
# to each `[` rather than try every place of the text.
_BRACKETS: Final = r"\[(?<!\\\[)(?=\[)"
_WIKILINK_HERE: Final = re.compile(WIKILINK)


class _WikilinkProcessor(InlineProcessor):
    """`[[id]]`, `[[id|text]]`: an element the treeprocessor makes a link. Every other `[[` is
    counted (`_Page.left`)."""

    def __init__(self, links: EntityLinks, md: Markdown) -> None:
        super().__init__(_BRACKETS, md)
        self.links = links

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        page = self.links._page
        if page is None:
            return None, None, None
        link = _WIKILINK_HERE.match(data, m.start())
        if link is None:  # open, or brackets of something else: Python-Markdown looks on after the first
            page.left += 1
            return None, None, None
        # What escapes made of `\|` (in a table) and the like, back as text.
        ref, text = split_wikilink(self.unescape(link.group(1)))
        try:
            entity = self.links.index.resolve(ref) if ref else None
        except EntityRefError:
            entity = None
        if entity is None:
            page.left += 1
            return None, None, None
        element = etree.Element("span")
        element.text = AtomicString(text or entity.name)
        page.explicit[id(element)] = (element, entity)
        return element, link.start(), link.end()


_Piece = tuple[int, etree.Element, etree.Element | None]
"""A text or tail whose names may link: its place in the page's parts (`_PageText.parts`), the
element, and for a tail the element that holds that element (`None` for a text)."""


class _PageText:
    """The text of a converted page in reading order, with line breaks between blocks, in parts:
    `parts` as it reads; `masked` the same lengths, with what must not link masked (`\\x00`).
    Places in the page's text are worked out once the walk is done (`offsets`)."""

    def __init__(self, page: _Page, stash: list[str | etree.Element]) -> None:
        self.marks = page.explicit
        self.stash = stash
        self.parts: list[str] = []
        self.masked: list[str] = []
        self.pieces: list[_Piece] = []
        #: The marked `[[…]]`: their first and end part, the element, the entity, whether in a link.
        self.explicit: list[tuple[int, int, etree.Element, Entity, bool]] = []
        self.depth = 0  # of raw inline HTML elements open
        #: Raw HTML passed since `depth` was last worked out: read only if text follows it before
        #: the block ends (a code block's HTML, alone in its paragraph, never is).
        self.pending: list[str] = []

    def offsets(self) -> list[int]:
        """Where each part begins in the page's text, and (last) the text's length."""
        at = [0]
        at.extend(accumulate(map(len, self.parts)))
        return at

    def walk(self, element: etree.Element, skipped: bool, in_link: bool) -> None:
        tag = element.tag
        parts, masked = self.parts, self.masked
        block = tag in _BLOCK_TAGS
        if block:  # a line break, which ends a sentence
            self.depth = 0
            self.pending.clear()
            parts.append("\n")
            masked.append(_MASK)
        marked = self.marks.get(id(element)) if self.marks else None
        skip = skipped or marked is not None or tag in _SKIP_TAGS or "almanac-" in (element.get("class") or "")
        first = len(parts)
        text = element.text
        if text:
            if skip:
                parts.append(text)
                masked.append(_MASK * len(text))
            else:
                self._add(text, element, None)
        if len(element):
            child_in_link = in_link or tag == "a"
            for child in element:
                self.walk(child, skip, child_in_link)
                tail = child.tail
                if tail:
                    if skip:
                        parts.append(tail)
                        masked.append(_MASK * len(tail))
                    else:
                        self._add(tail, child, element)
        if marked is not None and marked[0] is element:
            self.explicit.append((first, len(parts), element, marked[1], in_link))
        if block:
            self.depth = 0
            self.pending.clear()
            parts.append("\n")
            masked.append(_MASK)

    def _add(self, text: str, element: etree.Element, parent: etree.Element | None) -> None:
        """One text (`parent` is `None`) or tail of `element` whose names may link."""
        self.pieces.append((len(self.parts), element, parent))
        self.parts.append(text)
        if self.depth == 0 and not self.pending and "\x02" not in text:
            self.masked.append(text)
        else:
            self.masked.append(self._outside_html(text))

    def _outside_html(self, text: str) -> str:
        """`text` with raw inline HTML (and what is inside its elements) and Markdown's
        placeholders masked."""
        masked: list[str] = []
        at = 0
        for match in _PLACEHOLDER.finditer(text):
            masked.append(self._text_at_depth(text[at : match.start()]))
            masked.append(_MASK * len(match.group()))
            if match.group(1) is not None and int(match.group(1)) < len(self.stash):
                raw = self.stash[int(match.group(1))]
                if isinstance(raw, str):
                    self.pending.append(raw)
            at = match.end()
        masked.append(self._text_at_depth(text[at:]))
        return "".join(masked)

    def _text_at_depth(self, text: str) -> str:
        """`text`, masked if it is inside raw inline HTML."""
        if not text:
            return text
        for raw in self.pending:
            self.depth = max(0, self.depth + _depth_change(raw))
        self.pending.clear()
        return _MASK * len(text) if self.depth else text


def _depth_change(raw: str) -> int:
    """How many elements a piece of raw inline HTML opens (less those it closes)."""
    change = 0
    for closing, name, self_closing in _TAG.findall(raw):
        if name.lower() in _VOID_TAGS or self_closing:
            continue
        change += -1 if closing else 1
    return change


class _EntityTreeprocessor(Treeprocessor):
    """Makes the marked `[[…]]` links and links first mentions (see the module comment)."""

    def __init__(self, md: Markdown, links: EntityLinks) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        links, page = self.links, self.links._page
        if page is None or not (page.explicit or (page.autolink and links.matcher is not None)):
            return
        assert self.md is not None
        walked = _PageText(page, self.md.htmlStash.rawHtmlBlocks)
        walked.walk(root, False, False)
        text = "".join(walked.parts)
        at = walked.offsets()
        link = _linker(page.url, links.directory_urls)
        found: dict[EntityKey, tuple[int, Mention]] = {}

        # `[[…]]`: links, and the first of each entity is its mention.
        for first, last, element, entity, in_link in walked.explicit:
            label = element.text or ""
            element.attrib.clear()
            if in_link:  # `[see [[x]]](url)`: a link cannot hold a link
                element.tag = "span"
            else:
                element.tag = "a"
                element.set("href", link(entity.url))
                element.set("class", ENTITY_CLASS)
            if entity.key not in found:
                start = at[first]
                mention = Mention.around(entity.key, label, True, text, start, at[last], sentence_around)
                found[entity.key] = (start, mention)

        # Names in running text: the first of each entity not linked by `[[…]]`.
        if page.autolink and links.matcher is not None and walked.pieces:
            pieces = walked.pieces
            starts = [at[piece[0]] for piece in pieces]
            chosen: dict[int, list[tuple[int, int, Entity]]] = {}
            for start, end, entity in links.matcher.find("".join(walked.masked)):
                key = entity.key
                if key in found:
                    continue
                n = bisect.bisect_right(starts, start) - 1
                if n < 0 or end > at[pieces[n][0] + 1]:  # across an element's edge
                    continue
                mention = Mention.around(key, plain_text(text[start:end]), False, text, start, end, sentence_around)
                found[key] = (start, mention)
                chosen.setdefault(n, []).append((start, end, entity))
            for n, matches in chosen.items():
                element, parent = pieces[n][1], pieces[n][2]
                _link_names(element, parent, text, starts[n], at[pieces[n][0] + 1], matches, link)

        page.mentions = tuple(mention for _, mention in sorted(found.values(), key=lambda item: item[0]))


def _linker(page_url: str, directory_urls: bool) -> _Linker:
    """The URL of an entity's page (a site path) from the page at `page_url`: through the
    site's root, worked out once per page (`page_linker` finds the shortest path for each)."""
    root = root_of(page_url)

    def link(target: str) -> str:
        if not directory_urls and target.endswith("/"):
            target += "index.html"
        return root + target if root != "./" else target or "./"

    return link


def _link_names(
    element: etree.Element,
    parent: etree.Element | None,
    text: str,
    start_of_piece: int,
    end_of_piece: int,
    matches: list[tuple[int, int, Entity]],
    link: _Linker,
) -> None:
    """Splits a text of the page (the text of `element`, or its tail when `parent` holds it),
    `text[start_of_piece:end_of_piece]`, around each match, each match a link."""
    anchors: list[etree.Element] = []
    for n, (start, end, entity) in enumerate(matches):
        anchor = etree.Element("a", {"href": link(entity.url), "class": MENTION_CLASS})
        anchor.text = text[start:end]
        following = matches[n + 1][0] if n + 1 < len(matches) else end_of_piece
        anchor.tail = text[end:following]
        anchors.append(anchor)
    head = text[start_of_piece : matches[0][0]]
    if parent is None:  # the element's own text: the links come before its children
        element.text = head
        for n, anchor in enumerate(anchors):
            element.insert(n, anchor)
    else:  # a tail: the links come right after the element, in its parent
        element.tail = head
        place = list(parent).index(element) + 1
        for n, anchor in enumerate(anchors):
            parent.insert(place + n, anchor)
