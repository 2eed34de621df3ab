# The sections of an entity page drawn from the whole site: "Timeline" and "Mentioned in".
#
# A model's, vendor's or provider's content (`content.py`, in `on_page_content`) holds an empty
# slot for each (`section_slot`); `almanac/data` fills them in `on_post_page`, once every page is
# converted and the links plugin knows which pages mention what (its backlinks, handed here as
# the plain values of `core/links/model.py`). Drawn into the written page, after the search
# plugin read the content: the lists of other pages' sentences stay out of the search index.
# "Mentioned in" quotes the newest posts only (`MENTIONED_LIMIT`) and every page without a
# date; every post is in the timeline, one line each. The feeds' URLs are handed in; the feeds
# themselves are `timeline.timeline_feed`.

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from almanac.core.data.tables.html import environment, tidy

if TYPE_CHECKING:
    import jinja2

    from almanac.core.data.timeline import TimelineEntry
    from almanac.core.links.model import Mention, PageRef

__all__ = [
    "MENTIONED_LIMIT",
    "SECTIONS",
    "FeedLinks",
    "feed_head_html",
    "fill_sections",
    "mentioned_in_html",
    "section_slot",
    "timeline_html",
]

Link = Callable[[str], str]

#: The sections, in the order of their slots.
SECTIONS = ("timeline", "mentioned-in")

#: How many posts "Mentioned in" quotes, newest first. An entity of a busy site is mentioned by
#: hundreds of posts: a page of hundreds of sentences is read by no one, and drawing them was
#: a large part of what the links cost a build. The timeline lists every post.
MENTIONED_LIMIT = 10

#: What each kind of entry is called in a timeline.
_LABELS = {"price": "Price", "opened": "Incident", "resolved": "Resolved", "post": "Post"}


@dataclass(frozen=True)
class FeedLinks:
    """The feeds of a page, relative to the site root: `models/x/feed.xml`, `models/x/feed.json`."""

    atom: str
    json: str


def section_slot(name: str) -> str:
    """The empty place of a section in a page's content, until the page is written."""
    return f'<div data-almanac-section="{name}"></div>'


def fill_sections(output: str, drawn: Mapping[str, str]) -> str:
    """`output` (a page as the theme wrote it) with each drawn section in its slot."""
    for name, html in drawn.items():
        output = output.replace(section_slot(name), html, 1)
    return output


@functools.cache
def _environment() -> jinja2.Environment:
    return environment()


def _render(template: str, **context: Any) -> str:
    return tidy(_environment().get_template(template).render(**context))


def mentioned_in_html(
    name: str, mentions: Iterable[tuple[PageRef, Mention]], *, link: Link, limit: int = MENTIONED_LIMIT
) -> str:
    """ "Mentioned in": each page that links or mentions the entity, once (its first mention
    handed), in the order handed (the backlinks': newest first, then pages without a date),
    with the sentence around the mention, the mention marked. Only the first `limit` posts (pages
    with a date) are quoted, and how many more there are said: they are in the timeline, which
    holds every post; a page without a date is not in the timeline, so each is quoted."""
    first: dict[str, tuple[PageRef, Mention]] = {}
    for page, mention in mentions:
        first.setdefault(page.src_uri, (page, mention))
    dated = [item for item in first.values() if item[0].date is not None]
    undated = [item for item in first.values() if item[0].date is None]
    quoted = dated[: max(0, limit)]
    pages = [
        {
            "url": link(page.url),
            "title": page.title,
            "date": page.date.date().isoformat() if page.date is not None else "",
            "before": mention.before,
            "text": mention.text,
            "after": mention.after,
        }
        for page, mention in quoted + undated
    ]
    more = len(dated) - len(quoted)
    return _render("almanac/pages/mentioned-in.html", name=name, pages=pages, more=more)


def timeline_html(
    name: str,
    entries: Sequence[TimelineEntry],
    *,
    page_url: str,
    link: Link,
    feeds: FeedLinks | None,
    as_of: str,
    incidents: bool = False,
) -> str:
    """ "Timeline": the entries, newest first, each linked to the page it is about unless that
    is this page (`page_url`, relative to the site root), and the links to the page's feeds.
    Its rows are written here rather than by the template: a busy entity has hundreds, one for
    each post, and the template's loop took about 1.6 times as long to write them."""
    rows = Markup("").join(_timeline_row(entry, link(entry.url) if entry.url != page_url else "") for entry in entries)
    feed_urls = {"atom": link(feeds.atom), "json": link(feeds.json)} if feeds is not None else None
    return _render(
        "almanac/pages/timeline.html", name=name, rows=rows, feeds=feed_urls, as_of=as_of, incidents=incidents
    )


def _timeline_row(entry: TimelineEntry, url: str) -> Markup:
    """One entry as a row of the timeline (`url`: the page it links, or empty); every value escaped."""
    title = escape(entry.title)
    shown = f'<a href="{escape(url)}">{title}</a>' if url else title
    detail = (
        ""
        if entry.kind == "post" or not entry.detail
        else f' <span class="almanac-note">({escape(entry.detail)})</span>'
    )
    return Markup(
        f'  <li class="almanac-timeline__entry almanac-timeline__entry--{escape(entry.kind)}">'
        f'<time datetime="{escape(entry.at.isoformat())}">{escape(entry.day)}</time> · '
        f"<strong>{escape(_LABELS[entry.kind])}</strong> · {shown}{detail}</li>\n"
    )


def feed_head_html(title: str, atom: str, json: str) -> str:
    """The `<link rel="alternate">` of a page's two feeds, for its `<head>`: feed readers find
    them from the page's address."""
    return _render("almanac/pages/feed-head.html", title=title, atom=atom, json=json)
