# Feeds of the blog: each post as an entry of the site's and its tags' Atom and JSON feeds.
#
# Runs after all pages are built (the blog plugin's `on_post_build`): once for the whole site
# and once per tag, each time with the posts' rendered HTML, which MkDocs has produced by then.
# What a post gives its entry is here; the feed formats, shared with the data's change feeds,
# are in `core/feeds.py`.

from __future__ import annotations

from collections.abc import Callable, Mapping

from almanac.core.blog.posts import Author, Post
from almanac.core.feeds import (
    EPOCH,
    Feed,
    FeedEntry,
    absolute_url,
    absolutize,
    atom_feed,
    json_feed,
    select_entries,
)

__all__ = [
    "EPOCH",
    "Feed",
    "FeedEntry",
    "absolute_url",
    "absolutize",
    "atom_feed",
    "entry_for",
    "json_feed",
    "select_entries",
]


def entry_for(
    post: Post,
    *,
    html: str,
    page_url: str,
    site_url: str,
    authors: Mapping[str, Author] | None = None,
    absolute: Callable[[str, str, str], str] = absolutize,
) -> FeedEntry:
    """The feed entry of `post`, whose rendered HTML is `html` and whose URL is `page_url`.

    Links in the HTML are made absolute (`absolute`: `absolutize`, or the preview's, which
    remembers its answers); author ids become the names found in `authors`, or stay as written
    when unknown.
    """
    known = authors or {}
    return FeedEntry(
        url=absolute_url(page_url, site_url),
        title=post.title,
        published=post.date,
        updated=post.updated,
        summary=post.summary,
        content_html=absolute(html, page_url, site_url),
        authors=tuple(known[a].name if a in known else a for a in post.authors),
        categories=post.tags,
    )
