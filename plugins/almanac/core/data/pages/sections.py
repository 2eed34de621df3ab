# The sections of an entity page drawn from the whole site: "Timeline" and "Mentioned in".
#
# A model's, vendor's or provider's content (`content.py`, in `on_page_content`) holds an empty
# slot for each (`section_slot`); `almanac/data` fills them in `on_post_page`, once every page is
# converted and the links plugin knows which pages mention what (its backlinks, handed here as
# the plain values of `core/links/model.py`). Drawn into the written page, after the search
# plugin read the content: the lists of other pages' sentences stay out of the search index.
# "Mentioned in" quotes the newest posts only (`MENTIONED_LIMIT`) and every page without a
# date; the timeline lists every price change and incident and the newest posts, one line each
# (`TIMELINE_POSTS`); both say how many older posts there are. Their rows are written here, not
# by the templates' loops, and their links by `section_linker`: an entity page is written in a
# fraction of a millisecond. The feeds' URLs are handed in; the feeds themselves are
# `timeline.timeline_feed`.

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from almanac.core.data.tables.html import environment, tidy
from almanac.core.escaping import escape as _escape
from almanac.core.feeds import discovery_links
from almanac.core.urls import page_linker

if TYPE_CHECKING:
    import jinja2

    from almanac.core.data.timeline import TimelineEntry
    from almanac.core.links.model import Mention, PageRef

__all__ = [
    "MENTIONED_LIMIT",
    "SECTIONS",
    "TIMELINE_POSTS",
    "FeedLinks",
    "feed_head_html",
    "fill_sections",
    "mentioned_in_html",
    "section_linker",
    "section_slot",
    "timeline_html",
]

Link = Callable[[str], str]

#: The sections, in the order of their slots.
SECTIONS = ("timeline", "mentioned-in")

#: How many posts "Mentioned in" quotes, newest first. An entity of a busy site is mentioned by
#: hundreds of posts: a page of hundreds of sentences is read by no one, and drawing them was
#: a large part of what the links cost a build.
MENTIONED_LIMIT = 10

#: How many posts the timeline lists, newest first, beside every price change and incident. A
#: vendor of a busy site is mentioned by a thousand posts: a timeline of a thousand rows buries
#: the changes it is read for, and drawing every row was most of what entity pages cost a build
#: (two thirds of it at 3,000 posts). The older posts are counted; the feed holds the newest fifty
#: entries.
TIMELINE_POSTS = 20

#: What each kind of entry is called in a timeline.
_LABELS = {"price": "Price", "opened": "Incident", "resolved": "Resolved", "post": "Post"}


@dataclass(frozen=True)
class FeedLinks:
    """The feeds of a page, relative to the site root: `models/x/feed.xml`, `models/x/feed.json`."""

    atom: str
    json: str


def section_linker(page_url: str, directory_urls: bool = True) -> Link:
    """The URLs `page_linker` (`core/urls.py`) writes from the page at `page_url`, those that
    leave the page's top folder (`blog/…` from `models/x/`) without resolving paths: the root
    as seen from the page, then the path. The sections of an entity page link dozens of posts,
    and resolving each took a third of their time."""
    slow = page_linker(page_url, directory_urls)
    if not directory_urls or not page_url.endswith("/") or page_url.startswith((".", "/")) or "/." in page_url:
        return slow
    top = page_url.partition("/")[0]
    root = slow("")  # `../../` from `models/x/`

    def link(target: str) -> str:
        if not target or target.startswith((".", "/")) or "//" in target or "/." in target:
            return slow(target)  # the root itself, or a path that needs resolving
        return root + target if target.partition("/")[0] != top else slow(target)

    return link


def section_slot(name: str) -> str:
    """The empty place of a section in a page's content, until the page is written."""
    return f'<div data-almanac-section="{name}"></div>'


def fill_sections(output: str, drawn: Mapping[str, str]) -> str:
    """`output` (a page as the theme wrote it) with each drawn section in its slot."""
    for name, html in drawn.items():
        output = output.replace(section_slot(name), html, 1)
    return output


@functools.cache
def _template(name: str) -> jinja2.Template:
    """A template of the package, loaded once (not checked for changes on each of hundreds of pages)."""
    return environment().get_template(name)


def _render(template: str, **context: Any) -> str:
    return tidy(_template(template).render(**context))


def mentioned_in_html(
    name: str,
    mentions: Iterable[tuple[PageRef, Mention]],
    *,
    link: Link,
    limit: int = MENTIONED_LIMIT,
    in_timeline: int = TIMELINE_POSTS,
    posts: int | None = None,
) -> str:
    """ "Mentioned in": each page that links or mentions the entity, once (its first mention
    handed), in the order handed (the backlinks': newest first, then pages without a date),
    with the sentence around the mention, the mention marked. Only the first `limit` posts (pages
    with a date) are quoted, and how many more there are said, and whether the timeline lists
    them all (it lists the newest `in_timeline`); a page without a date is not in the timeline,
    so each is quoted. `posts`: how many posts mention the entity in all (`None`: those handed,
    which may be only the newest)."""
    seen: set[str] = set()
    quoted: list[tuple[PageRef, Mention]] = []
    undated: list[tuple[PageRef, Mention]] = []
    dated = 0
    for page, mention in mentions:
        if page.src_uri in seen:
            continue
        seen.add(page.src_uri)
        if page.date is None:
            undated.append((page, mention))
        else:
            dated += 1
            if dated <= limit:
                quoted.append((page, mention))
    rows = "".join(_mentioned_row(page, mention, link(page.url)) for page, mention in quoted + undated)
    total = dated if posts is None else posts
    more = total - len(quoted)
    listed = in_timeline if total > in_timeline else 0
    return _render("almanac/pages/mentioned-in.html", name=name, rows=Markup(rows), more=more, listed=listed)


def _mentioned_row(page: PageRef, mention: Mention, url: str) -> str:
    """One page of "Mentioned in", its sentence, the mention marked; every value escaped."""
    day = _escape(page.date.date().isoformat()) if page.date is not None else ""
    when = f'<time datetime="{day}">{day}</time> · ' if day else ""
    return (
        f'  <li>{when}<a href="{_escape(url)}">{_escape(page.title)}</a>\n'
        f'    <p class="almanac-mentions__context">{_escape(mention.before)}<mark>{_escape(mention.text)}</mark>'
        f"{_escape(mention.after)}</p></li>\n"
    )


def timeline_html(
    name: str,
    entries: Sequence[TimelineEntry],
    *,
    page_url: str,
    link: Link,
    feeds: FeedLinks | None,
    as_of: str,
    incidents: bool = False,
    posts: int | None = None,
    oldest: str = "",
    limit: int = TIMELINE_POSTS,
) -> str:
    """ "Timeline": the entries, newest first, each linked to the page it is about unless that
    is this page (`page_url`, relative to the site root), and the links to the page's feeds.
    Every entry of the data, and the newest `limit` posts; then how many older posts mention
    the entity: `posts` of them in all (`None`: those in `entries`, which may hold only the
    newest), the oldest of `oldest` (a day). Its rows are written here rather than by the
    template: the template's loop took about 1.6 times as long to write them."""
    urls: dict[str, str] = {}  # the rows of a vendor's changes link the same few model pages
    rows: list[str] = []
    shown = 0
    for entry in entries:
        if entry.kind == "post":
            shown += 1
            if shown > limit:
                continue
        url = urls.get(entry.url)
        if url is None:
            url = urls[entry.url] = link(entry.url) if entry.url != page_url else ""
        rows.append(_timeline_row(entry, url))
    older = (shown if posts is None else posts) - min(shown, limit)
    feed_urls = {"atom": link(feeds.atom), "json": link(feeds.json)} if feeds is not None else None
    return _render(
        "almanac/pages/timeline.html",
        name=name,
        rows=Markup("".join(rows)),
        feeds=feed_urls,
        as_of=as_of,
        incidents=incidents,
        older=max(0, older),
        oldest=oldest,
        limit=limit,
    )


def _timeline_row(entry: TimelineEntry, url: str) -> str:
    """One entry as a row of the timeline (`url`: the page it links, or empty); every value escaped."""
    title = _escape(entry.title)
    shown = f'<a href="{_escape(url)}">{title}</a>' if url else title
    detail = (
        ""
        if entry.kind == "post" or not entry.detail
        else f' <span class="almanac-note">({_escape(entry.detail)})</span>'
    )
    return (
        f'  <li class="almanac-timeline__entry almanac-timeline__entry--{_escape(entry.kind)}">'
        f'<time datetime="{_escape(entry.at.isoformat())}">{_escape(entry.day)}</time> · '
        f"<strong>{_escape(_LABELS[entry.kind])}</strong> · {shown}{detail}</li>\n"
    )


def feed_head_html(title: str, atom: str, json: str) -> str:
    """The discovery links of a page's two feeds, for its `<head>`: feed readers find them from
    the page's address (`discovery_links`)."""
    return discovery_links([(title, atom, "application/atom+xml"), (title, json, "application/feed+json")])
