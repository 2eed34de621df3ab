# Excerpts: cut a post's rendered HTML at `<!-- more -->` and make it fit on any listing page.
#
# Before a post is converted, the first excerpt separator outside code (`<!-- more -->`, or the
# blog's `post_excerpt_separator`) is put on a block of its own as `<!-- more -->`
# (`prepare_marker`, the blog plugin's `on_page_markdown`). The cut runs once per post, right
# after MkDocs has converted the post's Markdown (the blog plugin's `on_page_content`). The
# excerpt is stored with its links made independent of the post's location; each listing page
# then places it with one pass of a regular expression (`place`), so a post is never converted
# again, however many listings show it.

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from almanac.core.blog.posts import MORE_MARKER
from almanac.core.urls import relative_url

__all__ = ["ROOT", "Excerpt", "make_excerpt", "place", "prepare_marker"]

#: Stands for "the site root, relative to the page the excerpt is shown on".
ROOT = "\x00almanac-root\x00/"

_ATTR = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
_HEADERLINK = re.compile(r'<a class="headerlink" href="[^"]*" title="[^"]*">.*?</a>', re.S)
_HEADING_ID = re.compile(r'(<h[1-6])(?: id="[^"]*")')
# The other ids of an excerpt and what names them in it (a label's `for`, a tab set's radio group):
# pymdownx.tabbed numbers its tabs per page (`__tabbed_1_1`), so two posts' tabs on one listing
# would share ids, and a click on one card's tab would switch the other's.
_OWN_ID = re.compile(r'\b(?P<attr>id|for)="(?P<value>[^"]*)"|\bname="(?P<group>__tabbed_[^"]*)"')
_NOT_ID = re.compile(r"[^a-z0-9]+")
_FIRST_PARAGRAPH = re.compile(r"<p>.*?</p>", re.S)
# A post that opens with its title as a heading (Material's blog takes the title from it): a
# listing shows the title above the excerpt already.
_OPENING_TITLE = re.compile(r"\A<h1\b[^>]*>.*?</h1>\s*", re.S)
_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Excerpt:
    """The opening of a post, ready to be placed on any page of the site."""

    html: str
    #: True when the post goes on after the excerpt (a "Continue reading" link is useful).
    truncated: bool


def prepare_marker(markdown: str, separator: str = MORE_MARKER) -> str:
    """Put the first `separator` outside code on a block of its own, as `<!-- more -->`.

    Authors often end a paragraph with the marker (`…relays. <!-- more -->`); Python-Markdown
    would then keep it inside the `<p>`, and cutting there would leave the paragraph open. A
    separator other than `<!-- more -->` (Material's `post_excerpt_separator`) is replaced by it:
    an HTML comment, it never shows on the page, and the excerpt is cut there (`make_excerpt`).
    """
    lines = markdown.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = _FENCE_OPEN.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        position = line.find(separator)
        if position == -1:
            continue
        before, after = line[:position].rstrip(), line[position + len(separator) :].strip()
        lines[index : index + 1] = [before, "", MORE_MARKER, "", after]
        return "\n".join(lines)
    return markdown


def make_excerpt(html: str, page_url: str) -> Excerpt:
    """The excerpt of a post whose rendered HTML is `html` and whose URL is `page_url`.

    The excerpt is the HTML before `<!-- more -->`; without the marker, the first paragraph.
    Relative links are rewritten against the site root (see `place`), links to anchors of the
    post point to the post, and heading anchors are dropped so that a listing holding many
    excerpts has no duplicate ids; the excerpt's other ids (tabs, footnote references, ids an
    author gave) and what names them in it take a prefix made of the post's URL, for the same
    reason. A `<h1>` the post opens with is its title, which a listing shows above the excerpt:
    it is left out.
    """
    html = _OPENING_TITLE.sub("", html.lstrip(), count=1)
    head, marker, tail = html.partition(MORE_MARKER)
    if marker:
        text, truncated = head.strip(), bool(tail.strip())
    else:
        first = _FIRST_PARAGRAPH.search(html)
        text = first.group(0) if first else ""
        truncated = len(text) < len(html.strip())
    text = _HEADERLINK.sub("", text)
    text = _HEADING_ID.sub(r"\1", text)
    prefix = "excerpt-" + _NOT_ID.sub("-", page_url.lower()).strip("-") + "-"
    text = _OWN_ID.sub(lambda match: _prefixed(match, prefix), text)
    base = "https://site.invalid/" + page_url.lstrip("/")
    text = _ATTR.sub(lambda match: _relocate(match, base, page_url), text)
    return Excerpt(text, truncated)


def _prefixed(match: re.Match[str], prefix: str) -> str:
    if match.group("group") is not None:
        return f'name="{prefix}{match.group("group")}"'
    return f'{match.group("attr")}="{prefix}{match.group("value")}"'


def _relocate(match: re.Match[str], base: str, page_url: str) -> str:
    attr, url = match.group("attr"), match.group("url")
    if not url or url.startswith("//"):
        return match.group(0)
    parts = urlsplit(url)
    if parts.scheme:  # http:, mailto:, data: …
        return match.group(0)
    if url.startswith("/"):  # already absolute on the server; leave it as the author wrote it
        return match.group(0)
    absolute = urljoin(base, url)
    path = absolute.removeprefix("https://site.invalid/")
    return f'{attr}="{ROOT}{path}"'


_PLACEHOLDER = re.compile(re.escape(ROOT) + r'([^"]*)')


def place(excerpt_html: str, page_url: str) -> str:
    """The excerpt's HTML for the page at `page_url`: each link made relative to that page."""
    if ROOT not in excerpt_html:
        return excerpt_html
    return _PLACEHOLDER.sub(lambda match: relative_url(match.group(1), page_url), excerpt_html)
