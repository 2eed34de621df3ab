# The sections of an entity page drawn from the whole site: "Timeline" and "Mentioned in".
#
# A model's, vendor's or provider's content (`content.py`, in `on_page_content`) holds an empty
# slot for each (`section_slot`); `almanac/data` fills them in `on_post_page`, once every page is
# converted and the links plugin knows which pages mention what (its backlinks, handed here as
# the plain values of `core/links/model.py`). Drawn into the written page, after the search
# plugin read the content: the lists of other pages' sentences stay out of the search index.
# The feeds' URLs are handed in; the feeds themselves are `timeline.timeline_feed`.

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from almanac.core.data.tables.html import environment, tidy

if TYPE_CHECKING:
    import jinja2

    from almanac.core.data.timeline import TimelineEntry
    from almanac.core.links.model import Mention, PageRef

__all__ = [
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


def mentioned_in_html(name: str, mentions: Iterable[tuple[PageRef, Mention]], *, link: Link) -> str:
    """ "Mentioned in": each page that links or mentions the entity, once (its first mention
    handed), in the order handed (the backlinks': newest first, then pages without a date),
    with the sentence around the mention, the mention marked."""
    pages: dict[str, dict[str, str]] = {}
    for page, mention in mentions:
        if page.src_uri in pages:
            continue
        pages[page.src_uri] = {
            "url": link(page.url),
            "title": page.title,
            "date": page.date.date().isoformat() if page.date is not None else "",
            "before": mention.before,
            "text": mention.text,
            "after": mention.after,
        }
    return _render("almanac/pages/mentioned-in.html", name=name, pages=list(pages.values()))


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
    is this page (`page_url`, relative to the site root), and the links to the page's feeds."""
    rows = [
        {
            "kind": entry.kind,
            "label": _LABELS[entry.kind],
            "datetime": entry.at.isoformat(),
            "day": entry.day,
            "title": entry.title,
            "url": link(entry.url) if entry.url != page_url else "",
            "detail": "" if entry.kind == "post" else entry.detail,
        }
        for entry in entries
    ]
    feed_urls = {"atom": link(feeds.atom), "json": link(feeds.json)} if feeds is not None else None
    return _render(
        "almanac/pages/timeline.html", name=name, entries=rows, feeds=feed_urls, as_of=as_of, incidents=incidents
    )


def feed_head_html(title: str, atom: str, json: str) -> str:
    """The `<link rel="alternate">` of a page's two feeds, for its `<head>`: feed readers find
    them from the page's address."""
    return _render("almanac/pages/feed-head.html", title=title, atom=atom, json=json)
