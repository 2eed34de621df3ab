# Which pages link or mention each entity: the backlinks, read once every page is converted.
#
# `almanac/links` adds each page's `PageLinks` right after its conversion (`on_page_content`);
# from `on_env` on, `almanac/data` draws an entity's "Mentioned in" and the posts of its timeline
# from `mentioned_in` (the newest posts only) and `posts_mentioning` (how many there are),
# `almanac/blog` a post's "In this post" from `of_page` and a tag page's most discussed entities
# from `counts`. Plain values only: a page added twice (a rebuild) keeps its last links.
#
# Order of "Mentioned in": posts newest first, then pages without a date by title (ties by
# source path, so the order never depends on the order pages were converted).

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable

from almanac.core.links.entities import EntityIndex
from almanac.core.links.model import Entity, EntityKey, Mention, PageLinks, PageRef

__all__ = ["Backlinks"]


class Backlinks:
    """The links and mentions of every page, by page and by entity."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._pages: dict[str, PageLinks] = {}
        #: The pages that link or mention each entity, each with the place of the first mention
        #: of it among the page's: `mentioned_in` reads only those, and no page's mentions.
        self._mentioning: dict[EntityKey, dict[str, int]] = {}
        #: Where each page comes in "Mentioned in" (see `_order_of`).
        self._order: dict[str, tuple[bool, float, str, str]] = {}
        self._children: dict[str, list[EntityKey]] = {}
        for entity in index.entities:
            if entity.kind == "model" and entity.parent is not None:
                self._children.setdefault(entity.parent, []).append(entity.key)

    def add(self, links: PageLinks) -> None:
        """Keeps what one page links and mentions (instead of what it did before, if it was added)."""
        src_uri = links.page.src_uri
        old = self._pages.get(src_uri)
        if old is not None:
            for mention in old.mentions:
                self._mentioning.get(mention.entity, {}).pop(src_uri, None)
        self._pages[src_uri] = links
        self._order[src_uri] = _order_of(links.page)
        for place, mention in enumerate(links.mentions):
            self._mentioning.setdefault(mention.entity, {}).setdefault(src_uri, place)

    def __len__(self) -> int:
        return len(self._pages)

    def pages(self) -> list[PageLinks]:
        """Every page added, by source path."""
        return [self._pages[src_uri] for src_uri in sorted(self._pages)]

    def of_page(self, src_uri: str) -> PageLinks | None:
        """What the page at `src_uri` links and mentions, if it was added."""
        return self._pages.get(src_uri)

    def mentioned_in(
        self, key: EntityKey, *, with_children: bool = False, posts: int | None = None
    ) -> list[tuple[PageRef, Mention]]:
        """Each page that links or mentions the entity `key`, with its first mention there; for
        a vendor `with_children`, also the pages of its models (the first mention of the vendor
        or any of them in each page). Posts newest first, then other pages by title. With
        `posts`, only the newest `posts` posts, then every other page: a busy entity is mentioned
        by thousands of posts, which `posts_mentioning` counts."""
        first = self._first(key, with_children)
        order = self._order
        if posts is None:
            chosen = sorted(first, key=order.__getitem__)
        else:
            dated = [src_uri for src_uri in first if not order[src_uri][0]]
            undated = sorted((src_uri for src_uri in first if order[src_uri][0]), key=order.__getitem__)
            chosen = heapq.nsmallest(max(0, posts), dated, key=order.__getitem__) + undated
        pages = self._pages
        return [(pages[src_uri].page, pages[src_uri].mentions[first[src_uri]]) for src_uri in chosen]

    def posts_mentioning(self, key: EntityKey, *, with_children: bool = False) -> tuple[int, dt.datetime | None]:
        """How many posts (pages with a date) link or mention the entity `key` (as `mentioned_in`
        finds them), and the date of the oldest (`None` without any)."""
        order = self._order
        dated = [src_uri for src_uri in self._first(key, with_children) if not order[src_uri][0]]
        if not dated:
            return 0, None
        return len(dated), self._pages[max(dated, key=order.__getitem__)].page.date

    def _first(self, key: EntityKey, with_children: bool) -> dict[str, int]:
        """The pages that link or mention `key` (and its models, see `mentioned_in`), each with
        the place of the first mention that counts among the page's mentions."""
        own = self._mentioning.get(key, {})
        if not with_children or key[0] != "vendor":
            return own
        first = dict(own)
        for child in self._children.get(key[1], ()):
            for src_uri, place in self._mentioning.get(child, {}).items():
                if place < first.get(src_uri, place + 1):
                    first[src_uri] = place
        return first

    def counts(self, src_uris: Iterable[str]) -> list[tuple[Entity, int]]:
        """The entities the pages `src_uris` link or mention, each with how many of them do:
        most-mentioned first, then by name."""
        counted: Counter[EntityKey] = Counter()
        for src_uri in set(src_uris):
            links = self._pages.get(src_uri)
            if links is not None:
                counted.update({mention.entity for mention in links.mentions})
        found = [(entity, count) for key, count in counted.items() if (entity := self.index.get(key)) is not None]
        return sorted(found, key=lambda item: (-item[1], item[0].name, item[0].kind, item[0].id))


def _order_of(page: PageRef) -> tuple[bool, float, str, str]:
    """The place of a page in "Mentioned in": posts newest first (of one instant, by title and
    source path), then pages without a date by title (ties by source path)."""
    if page.date is None:
        return (True, 0.0, page.title, page.src_uri)
    return (False, -page.date.timestamp(), page.title, page.src_uri)
